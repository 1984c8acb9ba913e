package dev.arbiter.eval.metrics;

import dev.arbiter.core.InvalidInputException;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * A share pooled over clusters, e.g. a model's points over the games of each question (both orders
 * of one battle form a cluster), with a percentile bootstrap interval that resamples whole clusters
 * so the two correlated games of a question stay together.
 */
public final class ClusteredShare {
  private ClusteredShare() {}

  /**
   * {@code Σ points / Σ counts} with its interval.
   *
   * @param points each cluster's points (e.g. 1 per win, 0.5 per tie)
   * @param counts each cluster's count (e.g. decided games), &gt;= 0
   * @throws InvalidInputException when the arrays differ in length or the counts sum to 0
   */
  public static Estimate withInterval(double[] points, double[] counts, Bootstrap spec) {
    if (points.length != counts.length) {
      throw InvalidInputException.of(
          "counts", "need one count per cluster: " + points.length + " vs " + counts.length);
    }
    int n = points.length;
    double p = 0;
    double c = 0;
    for (int i = 0; i < n; i++) {
      p += points[i];
      c += counts[i];
    }
    if (!(c > 0)) {
      throw InvalidInputException.of("counts", "a share needs a positive total count");
    }
    RandomGenerator random = Resampling.random(spec);
    double[] stats = new double[spec.rounds()];
    int kept = 0;
    for (int r = 0; r < spec.rounds(); r++) {
      double rp = 0;
      double rc = 0;
      for (int i = 0; i < n; i++) {
        int j = random.nextInt(n);
        rp += points[j];
        rc += counts[j];
      }
      if (rc > 0) {
        stats[kept++] = rp / rc;
      }
    }
    double[] valid = java.util.Arrays.copyOf(stats, kept);
    return new Estimate(
        p / c,
        Resampling.percentile(valid, spec.lowerPercentile()),
        Resampling.percentile(valid, spec.upperPercentile()),
        spec.confidence());
  }
}
