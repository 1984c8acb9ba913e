package dev.arbiter.eval.batch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.internal.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The resume check of a batch output: verdicts kept from an earlier run must carry this run's judge
 * configuration fingerprint ({@code config}, see {@link BatchRunner#fingerprint(Map)}), else the
 * run stops, naming both configurations, unless mixing is allowed. {@link BatchRunner} checks its
 * output file with it; the Spark job checks its output folder with it, so both stop alike.
 */
public final class ConfigurationCheck {
  /** The verdict line's field holding the judge configuration's fingerprint. */
  public static final String FIELD = "config";

  private ConfigurationCheck() {}

  /**
   * Checks the fingerprints of the verdicts an output keeps (error records aside).
   *
   * @param out the output, as named in messages
   * @param kept how many kept verdicts carry each fingerprint; {@code ""} counts those with none
   *     (written by an older version: kept unchecked, with a warning)
   * @param example one kept verdict line carrying a given fingerprint, for the message
   * @param fingerprint this run's fingerprint
   * @param configuration this run's configuration, shown in the message
   * @param allowMixed whether to keep verdicts of another configuration (with a warning) instead of
   *     stopping
   * @param warn where warnings go
   * @throws InvalidInputException naming {@code --out} when kept verdicts were judged with another
   *     configuration and mixing is not allowed
   */
  public static void check(
      String out,
      Map<String, Long> kept,
      Function<String, JsonNode> example,
      String fingerprint,
      Map<String, Object> configuration,
      boolean allowMixed,
      Consumer<String> warn) {
    Map<String, Long> others = new LinkedHashMap<>();
    long unknown = 0;
    for (Map.Entry<String, Long> e : kept.entrySet()) {
      if (e.getKey().isEmpty()) {
        unknown += e.getValue();
      } else if (!e.getKey().equals(fingerprint)) {
        others.merge(e.getKey(), e.getValue(), Long::sum);
      }
    }
    if (unknown > 0) {
      warn.accept(
          "warning: "
              + unknown
              + " records in "
              + out
              + " carry no judge configuration fingerprint (written by an older version); they are kept unchecked");
    }
    if (others.isEmpty()) {
      return;
    }
    long mixed = others.values().stream().mapToLong(Long::longValue).sum();
    JsonNode first = example.apply(others.keySet().iterator().next());
    String detail =
        others
            + " (e.g. record '"
            + first.path("id").asText()
            + "' with provenance "
            + Json.write(first.path("provenance"))
            + ")";
    if (allowMixed) {
      warn.accept(
          "warning: "
              + mixed
              + " verdicts in "
              + out
              + " were judged with another configuration "
              + detail
              + "; kept because mixing was allowed");
      return;
    }
    throw InvalidInputException.of(
        "--out",
        out
            + " holds "
            + mixed
            + " verdicts judged with another configuration "
            + detail
            + " than this run's "
            + fingerprint
            + " "
            + Json.write(configuration)
            + ". Resuming would mix two configurations in one output: rerun with the first run's options, choose a new --out, or pass --force-mixed to mix them on purpose");
  }
}
