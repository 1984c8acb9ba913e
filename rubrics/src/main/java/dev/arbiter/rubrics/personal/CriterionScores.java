package dev.arbiter.rubrics.personal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.core.InvalidInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Per-criterion scores of judged responses, by verdict id: what {@code arbiter judge} with a rubric
 * writes (each line has {@code id}, {@code status} and {@code criteria: [{name, score}]}). Verdicts
 * that are not {@code SCORED}, or carry no criteria, are remembered as unscored; when an id occurs
 * twice (a resumed run retried a failed record), the last scored line wins.
 */
public final class CriterionScores {
  private final Map<String, Map<String, Double>> scored;
  private final Set<String> unscored;
  private final List<String> names;

  private CriterionScores(
      Map<String, Map<String, Double>> scored, Set<String> unscored, List<String> names) {
    this.scored = scored;
    this.unscored = unscored;
    this.names = names;
  }

  /** Scores built in code: verdict id → criterion name → score. */
  public static CriterionScores of(Map<String, Map<String, Double>> byId) {
    Map<String, Map<String, Double>> copy = new LinkedHashMap<>();
    Set<String> names = new LinkedHashSet<>();
    byId.forEach(
        (id, m) -> {
          copy.put(id, Map.copyOf(m));
          names.addAll(m.keySet());
        });
    return new CriterionScores(copy, Set.of(), List.copyOf(names));
  }

  /**
   * Reads a verdict JSONL file (plain or .gz).
   *
   * @throws InvalidInputException naming the file, line and field of a line that is not a verdict
   */
  public static CriterionScores read(Path file) {
    String source = file.toString();
    Map<String, Map<String, Double>> scored = new LinkedHashMap<>();
    Set<String> unscored = new HashSet<>();
    Set<String> names = new LinkedHashSet<>();
    JsonLines.read(
        file,
        (n, no) -> {
          if (!n.hasNonNull("id")) {
            throw new InvalidInputException(source, no, "id", "missing: a verdict needs its id");
          }
          String id = n.get("id").asText();
          JsonNode cs = n.get("criteria");
          boolean ok = "SCORED".equals(n.path("status").asText("SCORED"));
          if (!ok || cs == null || !cs.isArray() || cs.isEmpty()) {
            if (!scored.containsKey(id)) {
              unscored.add(id);
            }
            return;
          }
          Map<String, Double> m = new LinkedHashMap<>();
          int i = 0;
          for (JsonNode c : cs) {
            String field = "criteria[" + i++ + "]";
            if (!c.path("name").isTextual() || !c.path("score").isNumber()) {
              throw new InvalidInputException(
                  source, no, field, "expected {\"name\": string, \"score\": number}");
            }
            m.put(c.get("name").asText(), c.get("score").asDouble());
          }
          names.addAll(m.keySet());
          scored.put(id, m);
          unscored.remove(id);
        });
    return new CriterionScores(scored, unscored, new ArrayList<>(names));
  }

  /** The scores of a scored verdict. */
  public Optional<Map<String, Double>> scores(String id) {
    return Optional.ofNullable(scored.get(id));
  }

  /** Whether the id names a verdict that exists but has no scores (UNSCORED or ERROR). */
  public boolean isUnscored(String id) {
    return unscored.contains(id);
  }

  /** Every criterion name seen, in first-seen order. */
  public List<String> criterionNames() {
    return List.copyOf(names);
  }

  /** How many verdicts have scores. */
  public int size() {
    return scored.size();
  }
}
