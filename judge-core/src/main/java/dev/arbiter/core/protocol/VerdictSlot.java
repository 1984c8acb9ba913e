package dev.arbiter.core.protocol;

import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.Preference;
import java.util.Map;

/**
 * Where, in the judge's final answer, a protocol read the verdict it parsed, when that verdict is
 * written as one token: a score such as the {@code 7} of "Rating: [[7]]", or a label such as the
 * {@code A} of "[[A]]". With the token's top logprobs this gives the judge's probabilities for
 * every verdict it could have written there (see {@code vote.VerdictDistributions}).
 *
 * <p>The span is the one the protocol's own parser decided by, in the final answer alone (the
 * judge's thinking is split off before), so a verdict a candidate writes and the judge quotes
 * elsewhere cannot stand in for it.
 *
 * @param start the first character of the verdict in the final answer
 * @param end one past its last character
 * @param labels for a label verdict, what each label means (e.g. {@code A → A_BETTER}); empty for a
 *     numeric score, whose alternatives are read as integers on the context's scale
 */
public record VerdictSlot(int start, int end, Map<String, Preference> labels) {
  public VerdictSlot {
    if (start < 0 || end <= start) {
      throw InvalidInputException.of(
          "verdictSlot", "needs 0 <= start < end but was [" + start + ", " + end + ")");
    }
    labels = labels == null ? Map.of() : Map.copyOf(labels);
  }

  /** A numeric score at [start, end). */
  public static VerdictSlot score(int start, int end) {
    return new VerdictSlot(start, end, Map.of());
  }

  /** A label at [start, end) with the meaning of each label the protocol accepts there. */
  public static VerdictSlot label(int start, int end, Map<String, Preference> labels) {
    if (labels == null || labels.isEmpty()) {
      throw InvalidInputException.of("verdictSlot", "a label slot needs its labels");
    }
    return new VerdictSlot(start, end, labels);
  }

  /** Whether the verdict here is a label (pairwise) rather than a score. */
  public boolean isLabel() {
    return !labels.isEmpty();
  }
}
