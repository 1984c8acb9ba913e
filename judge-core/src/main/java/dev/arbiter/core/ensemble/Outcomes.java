package dev.arbiter.core.ensemble;

import dev.arbiter.core.Status;
import dev.arbiter.core.StepVerdict;
import dev.arbiter.core.Verdict;
import java.util.Optional;

/**
 * A verdict's decision as a short key, so decisions of different judges can be compared and
 * counted: pairwise, the side preferred ({@code A}, {@code B} or {@code tie}: strength aside, as a
 * vote); listwise, the top-ranked candidate's id; pointwise, the score rounded to a whole number;
 * steps, the step labels joined ({@code +1,0,-1}).
 */
public final class Outcomes {
  private Outcomes() {}

  /** The decision of a scored verdict; empty when it is unscored, an error or has no decision. */
  public static Optional<String> of(Verdict v) {
    if (v.status() != Status.SCORED) {
      return Optional.empty();
    }
    return switch (v.mode()) {
      case PAIRWISE ->
          v.preference()
              .map(
                  p ->
                      switch (p.vote()) {
                        case 1 -> "A";
                        case -1 -> "B";
                        default -> "tie";
                      });
      case LISTWISE -> v.ranking().isEmpty() ? Optional.empty() : Optional.of(v.ranking().get(0));
      case POINTWISE -> v.score().map(s -> Long.toString(Math.round(s)));
      case STEPS -> v.steps().map(st -> StepVerdict.labelKey(st.labels()));
    };
  }

  /**
   * How sure a verdict is of its decision, in [0, 1]: the share of its votes (samples, or panel
   * weight) behind the winning outcome; 0 when it has no decision. A cascade compares this with its
   * threshold.
   */
  public static double confidence(Verdict v) {
    return of(v).isPresent() ? v.confidence().agreement() : 0.0;
  }
}
