package dev.arbiter.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.core.Mode;
import dev.arbiter.core.Rubric;
import dev.arbiter.eval.batch.BatchRunner;
import dev.arbiter.eval.batch.RequestReader;
import dev.arbiter.rubrics.personal.ProfileDirectory;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What decides a batch's verdicts, as {@link BatchRunner} fingerprints it on every output line
 * ({@code config}) so that a resume with another judge stops instead of mixing two judges in one
 * output. {@code arbiter judge} and {@code ./arbiter-spark judge} build it here, so the same judge
 * writes the same fingerprint through either.
 */
public final class BatchConfiguration {
  private BatchConfiguration() {}

  /**
   * The spec as far as it decides verdicts: without where the servers are, their keys and time
   * limits, the cache and concurrency (they change no verdict; a restarted server on another port
   * must not block a resume), with replicas of one model counted once and the profiles directory by
   * its content rather than its path.
   */
  public static ObjectNode spec(JudgeSpec spec) {
    ObjectNode tree = JudgeSpecs.toTree(spec);
    if (tree.get("models") instanceof ArrayNode models) {
      for (JsonNode m : models) {
        if (m instanceof ObjectNode o) {
          o.remove(List.of("endpoint", "api_key_env", "timeout_seconds"));
        }
      }
      // Replicas of one model differ only by endpoint: how many there are changes no verdict.
      LinkedHashSet<JsonNode> distinct = new LinkedHashSet<>();
      models.forEach(distinct::add);
      models.removeAll();
      distinct.forEach(models::add);
    }
    tree.remove(List.of("cache", "concurrency"));
    if (spec.profiles() != null) {
      tree.remove("profiles");
      tree.put("profiles_hash", ProfileDirectory.load(Path.of(spec.profiles())).hash());
    }
    return tree;
  }

  /**
   * The configuration of a batch that judges records of {@code format} in {@code mode} with the
   * judge {@code spec} describes, records without a rubric getting {@code defaultRubric}. The
   * judge's own provenance is added by {@link BatchRunner} ({@link #fingerprint} adds it here).
   */
  public static Map<String, Object> of(
      JudgeSpec spec, Mode mode, RequestReader.Format format, Optional<Rubric> defaultRubric) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("spec", spec(spec));
    c.put("mode", mode.name());
    c.put("format", format.name());
    defaultRubric.ifPresent(r -> c.put("rubric_hash", r.hash()));
    return c;
  }

  /**
   * The whole configuration of such a batch judged by {@code built} (its provenance included), as a
   * {@link BatchRunner} over the same judge writes it; {@link BatchRunner#fingerprint(Map)} of it
   * is the {@code config} field.
   */
  public static Map<String, Object> withJudge(
      JudgeSpec spec, BuiltJudge built, Mode mode, RequestReader.Format format) {
    return BatchRunner.configuration(
        built.judge().provenance(), of(spec, mode, format, built.defaultRubric()));
  }
}
