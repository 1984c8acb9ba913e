package dev.arbiter.core.ensemble;

import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.Verdict;
import dev.arbiter.core.vote.ThresholdSweep;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Picks a {@link Cascade}'s threshold on a dev set judged by both stages, so that the cascade's
 * decisions agree with the strong judge's on at least a target share of records.
 *
 * <p>Method: the strong judge's decisions are the labels (records it could not decide are left
 * out). For a threshold t the cascade keeps the cheap decision where the cheap confidence is at
 * least t and takes the strong decision elsewhere, so its agreement with the strong judge is {@code
 * (cheap-kept records where cheap = strong + escalated records) / labelled records}. Every distinct
 * cheap confidence is a candidate; the lowest candidate whose agreement reaches the target wins, as
 * it keeps the most cheap decisions. When none does, the answer is "always escalate" ({@code
 * Double.POSITIVE_INFINITY}). The agreement is measured on the dev set itself, so it is optimistic
 * on new data; the result also gives the one-sided 95 % Wilson lower bound of the cheap-kept
 * records' agreement, to judge how far to trust it.
 */
public final class CascadeCalibration {
  private CascadeCalibration() {}

  /**
   * One candidate threshold.
   *
   * @param threshold cheap verdicts with at least this confidence stand
   * @param cheapShare share of labelled records the cheap judge decides
   * @param agreement the cascade's agreement with the strong judge on labelled records
   */
  public record Point(double threshold, double cheapShare, double agreement) {}

  /**
   * The calibration.
   *
   * @param threshold the chosen threshold; {@code POSITIVE_INFINITY} when only escalating every
   *     record reaches the target
   * @param target the agreement asked for
   * @param records dev records
   * @param labelled records the strong judge decided (the ones measured)
   * @param agreement the cascade's agreement with the strong judge at the threshold
   * @param cheapShare share of labelled records the cheap judge decides at the threshold
   * @param cheapKeptAgreementLow one-sided 95 % Wilson lower bound of the agreement on the records
   *     the cheap judge decides (1 when it decides none)
   * @param curve every candidate threshold, ascending
   */
  public record Result(
      double threshold,
      double target,
      int records,
      int labelled,
      double agreement,
      double cheapShare,
      double cheapKeptAgreementLow,
      List<Point> curve) {
    public Result {
      curve = List.copyOf(curve);
    }
  }

  /**
   * Calibrates on verdicts of the same dev records, in the same order.
   *
   * @throws InvalidInputException when the lists differ in length, the target is outside (0, 1], or
   *     the strong judge decided no record
   */
  public static Result calibrate(List<Verdict> cheap, List<Verdict> strong, double target) {
    if (cheap.size() != strong.size()) {
      throw InvalidInputException.of(
          "dev",
          "cheap and strong verdicts must cover the same records but there are "
              + cheap.size()
              + " and "
              + strong.size());
    }
    if (!(target > 0 && target <= 1)) {
      throw InvalidInputException.of("target", "must be in (0, 1] but was " + target);
    }
    List<Double> confidence = new ArrayList<>();
    List<Boolean> agrees = new ArrayList<>();
    for (int i = 0; i < cheap.size(); i++) {
      Optional<String> label = Outcomes.of(strong.get(i));
      if (label.isEmpty()) {
        continue;
      }
      Optional<String> c = Outcomes.of(cheap.get(i));
      confidence.add(c.isPresent() ? Outcomes.confidence(cheap.get(i)) : Double.NaN);
      agrees.add(c.equals(label));
    }
    int n = confidence.size();
    if (n == 0) {
      throw InvalidInputException.of(
          "dev", "the strong judge decided none of the " + cheap.size() + " dev records");
    }
    boolean[] right = new boolean[n];
    for (int i = 0; i < n; i++) {
      right[i] = agrees.get(i);
    }
    List<Point> curve = new ArrayList<>();
    ThresholdSweep.Point chosen = null;
    for (ThresholdSweep.Point p :
        ThresholdSweep.sweep(
            confidence.stream().mapToDouble(Double::doubleValue).toArray(), right)) {
      Point q = point(p);
      curve.add(q);
      if (chosen == null && q.agreement() >= target) {
        chosen = p;
      }
    }
    if (chosen == null) {
      return new Result(Double.POSITIVE_INFINITY, target, cheap.size(), n, 1.0, 0.0, 1.0, curve);
    }
    Point c = point(chosen);
    return new Result(
        c.threshold(),
        target,
        cheap.size(),
        n,
        c.agreement(),
        c.cheapShare(),
        chosen.kept() == 0 ? 1.0 : chosen.precisionLowerBound(1.645),
        curve);
  }

  /** Escalated records take the strong decision, so they agree by construction. */
  private static Point point(ThresholdSweep.Point p) {
    return new Point(
        p.threshold(), p.coverage(), (double) (p.keptCorrect() + p.n() - p.kept()) / p.n());
  }
}
