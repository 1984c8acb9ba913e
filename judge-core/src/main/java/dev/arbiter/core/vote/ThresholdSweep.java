package dev.arbiter.core.vote;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Every confidence threshold over a set of decisions, with what each one keeps: the shared core of
 * a cascade's threshold ({@link dev.arbiter.core.ensemble.CascadeCalibration}) and of calibrated
 * abstention (arbiter calibrate). A decision is kept at threshold t when its confidence is at least
 * t; a record with no decision (NaN confidence) is never kept.
 */
public final class ThresholdSweep {
  private ThresholdSweep() {}

  /**
   * What threshold {@code threshold} keeps.
   *
   * @param threshold decisions with at least this confidence are kept
   * @param kept decisions kept
   * @param keptCorrect kept decisions that are right
   * @param n every record, kept or not (records without a decision included)
   */
  public record Point(double threshold, int kept, int keptCorrect, int n) {

    /** The share of records kept (0 when there are none). */
    public double coverage() {
      return n == 0 ? 0.0 : (double) kept / n;
    }

    /** The share of kept decisions that are right; NaN when none is kept. */
    public double precision() {
      return kept == 0 ? Double.NaN : (double) keptCorrect / kept;
    }

    /**
     * The Wilson lower bound of {@link #precision()} ({@link Votes#wilsonLowerBound}); with {@code
     * z} = 1.645 the one-sided 95 % bound. NaN when none is kept.
     */
    public double precisionLowerBound(double z) {
      return kept == 0 ? Double.NaN : Votes.wilsonLowerBound(keptCorrect, kept, z);
    }
  }

  /**
   * One point per distinct confidence of a decided record, ascending: the first keeps every
   * decision, the last only the surest. Empty when no record has a decision.
   *
   * @param confidence each record's confidence; NaN for a record without a decision
   * @param correct whether each record's decision is right (ignored where there is none)
   * @throws IllegalArgumentException when the arrays differ in length
   */
  public static List<Point> sweep(double[] confidence, boolean[] correct) {
    if (confidence.length != correct.length) {
      throw new IllegalArgumentException(
          "need one correctness per confidence but got "
              + confidence.length
              + " and "
              + correct.length);
    }
    int n = confidence.length;
    Integer[] decided =
        java.util.stream.IntStream.range(0, n)
            .filter(i -> !Double.isNaN(confidence[i]))
            .boxed()
            .toArray(Integer[]::new);
    Arrays.sort(decided, Comparator.comparingDouble(i -> -confidence[i]));
    List<Point> descending = new ArrayList<>();
    int kept = 0;
    int right = 0;
    for (int k = 0; k < decided.length; k++) {
      int i = decided[k];
      kept++;
      right += correct[i] ? 1 : 0;
      boolean lastOfValue = k + 1 == decided.length || confidence[decided[k + 1]] != confidence[i];
      if (lastOfValue) {
        descending.add(new Point(confidence[i], kept, right, n));
      }
    }
    List<Point> ascending = new ArrayList<>(descending);
    java.util.Collections.reverse(ascending);
    return List.copyOf(ascending);
  }
}
