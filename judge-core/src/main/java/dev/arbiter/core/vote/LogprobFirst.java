package dev.arbiter.core.vote;

import dev.arbiter.core.Mode;
import dev.arbiter.core.Sample;
import dev.arbiter.core.VerdictDistribution;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleUnaryOperator;

/**
 * The logprob-first stop of {@link StoppingRules.Builder#logprobFirst}: the first sample alone
 * settles a judgement when the judge's own probability, at its verdict token, of the decision that
 * sample made is at least a threshold.
 *
 * <p>The decision is what the adaptive rule decides on: pairwise the direction (A, tie, B) — the
 * probability summed over the labels of that direction; pointwise the bucket between the rule's
 * boundaries (the probability of the scores in the sample's bucket), or without boundaries the
 * score itself. Listwise verdicts span several tokens and never stop here.
 */
final class LogprobFirst {
  private LogprobFirst() {}

  /**
   * Whether {@code soFar} is one scored sample whose verdict token gives its decision at least
   * {@code threshold}.
   *
   * @param bucket the pointwise bucket of a score, or null when the rule has no boundaries
   */
  static boolean decisive(
      Mode mode, List<Sample> soFar, double threshold, DoubleUnaryOperator bucket) {
    if (soFar.size() != 1 || !soFar.get(0).judgement().scored()) {
      return false;
    }
    Sample s = soFar.get(0);
    Optional<VerdictDistribution> d = s.verdictDistribution();
    if (d.isEmpty()) {
      return false;
    }
    return switch (mode) {
      case PAIRWISE ->
          s.judgement().preference().isPresent()
              && d.get().probabilityOfVote(s.judgement().preference().get().vote()) >= threshold;
      case POINTWISE ->
          s.judgement().score().isPresent() && pointwise(s, d.get(), threshold, bucket);
      case LISTWISE -> false;
    };
  }

  private static boolean pointwise(
      Sample s, VerdictDistribution d, double threshold, DoubleUnaryOperator bucket) {
    double score = s.judgement().score().get();
    double p = 0;
    for (var en : d.scores().entrySet()) {
      boolean same =
          bucket == null
              ? en.getKey() == score
              : bucket.applyAsDouble(en.getKey()) == bucket.applyAsDouble(score);
      if (same) {
        p += en.getValue();
      }
    }
    return p >= threshold;
  }
}
