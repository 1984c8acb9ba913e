package dev.arbiter.eval.abstain;

import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.vote.AbstentionSignals.Signal;
import dev.arbiter.core.vote.ThresholdSweep;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Calibrated abstention: the confidence threshold below which a judge should abstain so that the
 * verdicts it keeps reach a target precision (accuracy on the kept verdicts), losing as little
 * coverage as possible.
 *
 * <p>Method: every distinct confidence of a decided verdict is a candidate threshold ({@link
 * ThresholdSweep}); at threshold t the judge keeps the verdicts with confidence at least t and
 * abstains on the rest (a verdict without a decision is always abstained on). Coverage is kept /
 * labelled, accuracy is right / kept. Precision is not monotone in t, so the answer is the lowest
 * candidate whose accuracy reaches the target (the most coverage); with {@link
 * Selection#LOWER_BOUND} the one-sided 95 % Wilson lower bound of the accuracy must reach it
 * instead, which guards against a threshold that reaches the target on a few lucky verdicts. The
 * numbers are measured on the calibration set itself, so they are optimistic on new data by the gap
 * the lower bound suggests.
 */
public final class Abstention {
  private Abstention() {}

  /** z of the one-sided 95 % bound. */
  public static final double Z = 1.645;

  /** What the chosen threshold must reach the target with. */
  public enum Selection {
    /** The measured accuracy of the kept verdicts. */
    POINT,
    /** The one-sided 95 % Wilson lower bound of that accuracy. */
    LOWER_BOUND;

    /** {@code point} or {@code lower-bound}. */
    public String id() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Parses {@code point} or {@code lower-bound}. */
    public static Selection parse(String s) {
      return switch (s.strip().toLowerCase(Locale.ROOT)) {
        case "point" -> POINT;
        case "lower-bound", "lower_bound", "wilson" -> LOWER_BOUND;
        default ->
            throw InvalidInputException.of(
                "--select", "expected point or lower-bound but was '" + s + "'");
      };
    }
  }

  /**
   * One threshold on the coverage–accuracy curve.
   *
   * @param threshold verdicts with at least this confidence are kept
   * @param coverage kept / labelled
   * @param accuracy right / kept
   * @param accuracyLow the one-sided 95 % Wilson lower bound of the accuracy
   * @param kept verdicts kept
   * @param correct kept verdicts that are right
   */
  public record Point(
      double threshold,
      double coverage,
      double accuracy,
      double accuracyLow,
      int kept,
      int correct) {

    static Point of(ThresholdSweep.Point p) {
      return new Point(
          p.threshold(),
          p.coverage(),
          p.precision(),
          p.precisionLowerBound(Z),
          p.kept(),
          p.keptCorrect());
    }
  }

  /**
   * A calibration.
   *
   * @param signal the confidence signal thresholded
   * @param target the accuracy asked for
   * @param selection what must reach the target
   * @param labelled verdicts with a label (the denominator of coverage)
   * @param decided labelled verdicts with a decision and a value of the signal
   * @param chosen the chosen point; empty when no threshold reaches the target
   * @param noAbstention the point that keeps every decided verdict (the lowest threshold); empty
   *     when no verdict is decided
   * @param curve every candidate threshold, ascending
   */
  public record Result(
      Signal signal,
      double target,
      Selection selection,
      int labelled,
      int decided,
      Optional<Point> chosen,
      Optional<Point> noAbstention,
      List<Point> curve) {
    public Result {
      curve = List.copyOf(curve);
    }
  }

  /**
   * Calibrates on labelled verdicts.
   *
   * @param signal the signal the confidences are
   * @param confidence each labelled verdict's confidence; NaN when it has no decision
   * @param correct whether each verdict's decision matches its label
   * @throws InvalidInputException when the target is outside (0, 1]
   */
  public static Result calibrate(
      Signal signal, double[] confidence, boolean[] correct, double target, Selection selection) {
    if (!(target > 0 && target <= 1)) {
      throw InvalidInputException.of("--target-precision", "must be in (0, 1] but was " + target);
    }
    List<Point> curve = new ArrayList<>();
    Optional<Point> chosen = Optional.empty();
    for (ThresholdSweep.Point p : ThresholdSweep.sweep(confidence, correct)) {
      Point q = Point.of(p);
      curve.add(q);
      double reached = selection == Selection.POINT ? q.accuracy() : q.accuracyLow();
      if (chosen.isEmpty() && reached >= target) {
        chosen = Optional.of(q);
      }
    }
    int decided = 0;
    for (double c : confidence) {
      decided += Double.isNaN(c) ? 0 : 1;
    }
    return new Result(
        signal,
        target,
        selection,
        confidence.length,
        decided,
        chosen,
        curve.isEmpty() ? Optional.empty() : Optional.of(curve.get(0)),
        curve);
  }
}
