package dev.arbiter.prompts;

import dev.arbiter.core.Preference;
import dev.arbiter.core.protocol.VerdictSlot;
import java.util.Map;
import java.util.Optional;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Helpers for parsers that point to their verdict token ({@link VerdictParser#slot}). */
final class VerdictSlots {
  private VerdictSlots() {}

  /** MT-Bench's pairwise labels: [[A]], [[B]], [[C]] (a tie). */
  static final Map<String, Preference> A_B_C =
      Map.of("A", Preference.A_BETTER, "B", Preference.B_BETTER, "C", Preference.TIE);

  /** Prometheus 2's relative labels (read case-insensitively, no tie). */
  static final Map<String, Preference> A_B =
      Map.of(
          "A", Preference.A_BETTER,
          "a", Preference.A_BETTER,
          "B", Preference.B_BETTER,
          "b", Preference.B_BETTER);

  /** The last match of {@code pattern} in {@code text}, or empty. */
  static Optional<MatchResult> last(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    MatchResult last = null;
    while (m.find()) {
      last = m.toMatchResult();
    }
    return Optional.ofNullable(last);
  }

  /** A score slot at group {@code group} of {@code m}. */
  static VerdictSlot score(MatchResult m, int group) {
    return VerdictSlot.score(m.start(group), m.end(group));
  }

  /** A label slot at group {@code group} of {@code m}. */
  static VerdictSlot label(MatchResult m, int group, Map<String, Preference> labels) {
    return VerdictSlot.label(m.start(group), m.end(group), labels);
  }
}
