package dev.arbiter.spark;

import dev.arbiter.core.internal.Json;
import dev.arbiter.eval.batch.BatchRunner;
import dev.arbiter.spec.BatchConfiguration;
import dev.arbiter.spec.BuiltJudge;
import dev.arbiter.spec.JudgeSpecs;
import dev.arbiter.spec.Judges;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * One judge per executor JVM and spec, built on first use and shared by every task of that JVM (a
 * judge holds model clients, caches and the in-flight limit, so one per task would multiply them).
 * Closed when the JVM exits.
 */
final class ExecutorJudges {
  private static final ConcurrentMap<String, BuiltJudge> JUDGES = new ConcurrentHashMap<>();
  private static final ConcurrentMap<String, Configuration> CONFIGURATIONS =
      new ConcurrentHashMap<>();

  /**
   * The judge configuration verdict lines carry: its fingerprint ({@code config}) and the whole
   * configuration as JSON.
   */
  record Configuration(String fingerprint, String json) implements java.io.Serializable {}

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> JUDGES.values().forEach(BuiltJudge::close), "arbiter-judges-close"));
  }

  private ExecutorJudges() {}

  /** Closes and forgets every judge, as if the executors were new (tests). */
  static void reset() {
    JUDGES.values().forEach(BuiltJudge::close);
    JUDGES.clear();
    CONFIGURATIONS.clear();
  }

  static BuiltJudge get(String specText) {
    return JUDGES.computeIfAbsent(
        specText, t -> Judges.fromSpec(JudgeSpecs.parse(t, "spark job spec")));
  }

  /**
   * The configuration {@code arbiter judge} fingerprints for the same judge, records and mode
   * ({@link BatchConfiguration#withJudge}), from this JVM's judge: computed once per spec and
   * options, before that judge's first verdict is written.
   */
  static Configuration configuration(String specText, ArbiterSpark.Options options) {
    return CONFIGURATIONS.computeIfAbsent(
        specText + "\n" + options.mode() + " " + options.format(),
        k -> {
          Map<String, Object> c =
              BatchConfiguration.withJudge(
                  JudgeSpecs.parse(specText, "spark job spec"),
                  get(specText),
                  options.mode(),
                  options.format());
          return new Configuration(BatchRunner.fingerprint(c), Json.write(c));
        });
  }
}
