package dev.arbiter.eval.abstain;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.core.Confidence;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.Preference;
import dev.arbiter.core.vote.AbstentionSignals;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads a verdict line (the wire format of {@code dev.arbiter.core.json.VerdictJson}) back into its
 * {@link AbstentionSignals}, so a verdicts file gives the numbers the verdicts themselves do.
 */
public final class VerdictSignals {
  private VerdictSignals() {}

  /**
   * The signals of one verdict line; {@link AbstentionSignals#UNDECIDED} unless it is SCORED.
   *
   * @throws InvalidInputException naming {@code source}, {@code line} and the field when a scored
   *     verdict has no readable {@code confidence}
   */
  public static AbstentionSignals of(JsonNode v, String source, long line) {
    if (!"SCORED".equals(v.path("status").asText())) {
      return AbstentionSignals.UNDECIDED;
    }
    JsonNode c = v.get("confidence");
    if (c == null || !c.isObject()) {
      throw new InvalidInputException(source, line, "confidence", "missing in a SCORED verdict");
    }
    Map<String, Integer> dist = new TreeMap<>();
    JsonNode d = c.path("distribution");
    if (d.isObject()) {
      d.properties().forEach(e -> dist.put(e.getKey(), e.getValue().asInt()));
    }
    double agreement = number(c, "agreement", source, line);
    double entropy = c.has("entropy") ? number(c, "entropy", source, line) : 0.0;
    Confidence conf =
        new Confidence(
            dist,
            agreement,
            entropy,
            c.has("std_dev") ? Optional.of(c.get("std_dev").asDouble()) : Optional.empty(),
            c.path("scored_samples").asInt(),
            c.path("unscored_samples").asInt());
    List<Optional<Preference>> orders = new ArrayList<>();
    for (JsonNode o : v.path("orders")) {
      JsonNode dec = o.get("decision");
      orders.add(
          dec == null || !dec.isTextual() ? Optional.empty() : Preference.parseLabel(dec.asText()));
    }
    Optional<Boolean> consistent =
        v.has("position_consistent")
            ? Optional.of(v.get("position_consistent").asBoolean())
            : Optional.empty();
    return AbstentionSignals.of(conf, orders, consistent, v.has("panel"));
  }

  private static double number(JsonNode c, String field, String source, long line) {
    JsonNode n = c.get(field);
    if (n == null || !n.isNumber()) {
      throw new InvalidInputException(
          source, line, "confidence." + field, "expected a number in a SCORED verdict");
    }
    return n.asDouble();
  }
}
