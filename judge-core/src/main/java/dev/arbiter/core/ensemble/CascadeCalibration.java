package dev.arbiter.core.ensemble;

import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.Verdict;
import dev.arbiter.core.vote.Votes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

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
      confidence.add(c.isPresent() ? Outcomes.confidence(cheap.get(i)) : -1.0);
      agrees.add(c.equals(label));
    }
    int n = confidence.size();
    if (n == 0) {
      throw InvalidInputException.of(
          "dev", "the strong judge decided none of the " + cheap.size() + " dev records");
    }
    TreeSet<Double> candidates = new TreeSet<>();
    confidence.stream().filter(c -> c >= 0).forEach(candidates::add);
    List<Point> curve = new ArrayList<>();
    Point chosen = null;
    for (double t : candidates) {
      Point p = point(t, confidence, agrees);
      curve.add(p);
      if (chosen == null && p.agreement() >= target) {
        chosen = p;
      }
    }
    if (chosen == null) {
      chosen = new Point(Double.POSITIVE_INFINITY, 0.0, 1.0);
    }
    int kept = 0;
    int keptAgree = 0;
    for (int i = 0; i < n; i++) {
      if (confidence.get(i) >= chosen.threshold()) {
        kept++;
        keptAgree += agrees.get(i) ? 1 : 0;
      }
    }
    double low = kept == 0 ? 1.0 : Votes.wilsonLowerBound(keptAgree, kept, 1.645);
    return new Result(
        chosen.threshold(),
        target,
        cheap.size(),
        n,
        chosen.agreement(),
        chosen.cheapShare(),
        low,
        curve);
  }

  private static Point point(double t, List<Double> confidence, List<Boolean> agrees) {
    int n = confidence.size();
    int kept = 0;
    int agreeing = 0;
    for (int i = 0; i < n; i++) {
      if (confidence.get(i) >= t) {
        kept++;
        agreeing += agrees.get(i) ? 1 : 0;
      } else {
        agreeing++;
      }
    }
    return new Point(t, (double) kept / n, (double) agreeing / n);
  }
}
