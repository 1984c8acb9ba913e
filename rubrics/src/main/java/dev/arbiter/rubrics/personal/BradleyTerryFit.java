package dev.arbiter.rubrics.personal;

import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.SimpleBounds;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;
import org.apache.commons.math3.optim.univariate.BrentOptimizer;
import org.apache.commons.math3.optim.univariate.SearchInterval;
import org.apache.commons.math3.optim.univariate.UnivariateObjectiveFunction;

/**
 * The Bradley-Terry model over criterion-score differences: {@code P(chosen ≻ rejected) = σ(w ·
 * (s_chosen − s_rejected))}, with non-negative weights, fitted by penalised maximum likelihood:
 * {@code Σ log(1 + e^(−w·x)) + λ/2 ‖w − w₀‖²}.
 *
 * <p>The optimiser is commons-math3's BOBYQA (Powell's bound-constrained quadratic-model method):
 * the weights must stay ≥ 0 because a profile's weights are relative importances (a profile cannot
 * hold a negative weight, and {@code RubricScoring} averages criteria by weight), and BOBYQA
 * handles such bounds natively for the handful of criteria a rubric has, where an unconstrained
 * logistic regression (IRLS) would need clipping afterwards. One criterion is a line search
 * (Brent).
 */
final class BradleyTerryFit {
  /** Lower bound of a weight: a profile weight must be {@code > 0}. */
  static final double MIN_WEIGHT = 1e-4;

  static final double MAX_WEIGHT = 200;

  private BradleyTerryFit() {}

  /** Negative log-likelihood of the pairs plus the L2 pull toward {@code prior}. */
  static double loss(double[] w, List<double[]> diffs, double[] prior, double lambda) {
    double nll = 0;
    for (double[] x : diffs) {
      nll += log1pExp(-dot(w, x));
    }
    double pen = 0;
    for (int i = 0; i < w.length; i++) {
      double d = w[i] - prior[i];
      pen += d * d;
    }
    return nll + 0.5 * lambda * pen;
  }

  /** The weights minimising {@link #loss}, within [{@value #MIN_WEIGHT}, {@value #MAX_WEIGHT}]. */
  static double[] fit(List<double[]> diffs, double[] prior, double lambda) {
    int n = prior.length;
    double[] start = new double[n];
    for (int i = 0; i < n; i++) {
      start[i] = clamp(prior[i]);
    }
    if (n == 1) {
      var r =
          new BrentOptimizer(1e-10, 1e-12)
              .optimize(
                  new MaxEval(10_000),
                  new UnivariateObjectiveFunction(
                      v -> loss(new double[] {v}, diffs, prior, lambda)),
                  GoalType.MINIMIZE,
                  new SearchInterval(MIN_WEIGHT, MAX_WEIGHT, start[0]));
      return new double[] {r.getPoint()};
    }
    double[] lo = new double[n];
    double[] hi = new double[n];
    Arrays.fill(lo, MIN_WEIGHT);
    Arrays.fill(hi, MAX_WEIGHT);
    var optimum =
        new BOBYQAOptimizer(2 * n + 1, 2.0, 1e-7)
            .optimize(
                new MaxEval(50_000),
                new ObjectiveFunction(w -> loss(w, diffs, prior, lambda)),
                GoalType.MINIMIZE,
                new InitialGuess(start),
                new SimpleBounds(lo, hi));
    return optimum.getPoint();
  }

  /**
   * The factor {@code s} minimising the likelihood of {@code s · direction} on the pairs: how
   * sharply the users choose along a given profile's weights.
   */
  static double fitScale(List<double[]> diffs, double[] direction) {
    double[] zero = new double[direction.length];
    var r =
        new BrentOptimizer(1e-10, 1e-12)
            .optimize(
                new MaxEval(10_000),
                new UnivariateObjectiveFunction(s -> loss(scaled(direction, s), diffs, zero, 1e-3)),
                GoalType.MINIMIZE,
                new SearchInterval(1e-3, MAX_WEIGHT, 1.0));
    return r.getPoint();
  }

  /** Share of pairs whose chosen side the weights score higher; a tie counts one half. */
  static double accuracy(double[] w, List<double[]> diffs) {
    if (diffs.isEmpty()) {
      return Double.NaN;
    }
    double hits = 0;
    for (double[] x : diffs) {
      double m = dot(w, x);
      hits += m > 0 ? 1 : m == 0 ? 0.5 : 0;
    }
    return hits / diffs.size();
  }

  static double[] scaled(double[] v, double s) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i] * s;
    }
    return out;
  }

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static double clamp(double v) {
    return Math.max(MIN_WEIGHT, Math.min(MAX_WEIGHT, v));
  }

  /** log(1 + e^z) without overflow. */
  static double log1pExp(double z) {
    return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
  }
}
