package dev.arbiter.eval.metrics;

import dev.arbiter.core.InvalidInputException;
import java.util.List;
import org.apache.commons.math3.exception.MathIllegalArgumentException;
import org.apache.commons.math3.exception.MathIllegalStateException;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresBuilder;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.util.Pair;

/**
 * Maximum-likelihood logistic regression without intercept and with soft labels, as AlpacaEval's
 * GLM needs it (a preference in [0, 1] is a probability, not a class), with an optional ridge
 * {@code λ/2 ‖w‖²}.
 *
 * <p>The fit solves the score equations {@code ∇ = Σ (σ(w·x) − y) x + λw = 0} with commons-math3's
 * Levenberg-Marquardt solver, given the Hessian {@code Σ σ(1−σ) x xᵀ + λI} as the Jacobian: on a
 * square system that is a damped Newton method, so it converges in a handful of iterations to
 * machine precision, where a value-only line search would stall near {@code √ε}. The objective is
 * convex, so a root is the global optimum. Without a ridge a root may not exist (a feature
 * separates the labels perfectly); that is reported as bad input.
 */
final class LogisticFit {
  private LogisticFit() {}

  /**
   * The coefficients.
   *
   * @param xs one feature row per observation, all of the same length
   * @param ys the soft label of each row, in [0, 1]
   * @param ridge the L2 penalty λ, 0 for plain maximum likelihood
   * @throws InvalidInputException when no root is found (without a ridge: the labels are separable,
   *     so no finite maximum-likelihood estimate exists)
   */
  static double[] fit(List<double[]> xs, List<Double> ys, double ridge) {
    int k = xs.get(0).length;
    double[] w;
    try {
      w =
          new LevenbergMarquardtOptimizer()
              .optimize(
                  new LeastSquaresBuilder()
                      .start(new double[k])
                      .target(new double[k])
                      .model(
                          point -> {
                            double[][] h = new double[k][k];
                            double[] g = gradient(xs, ys, point.toArray(), ridge, h);
                            return new Pair<>(
                                new ArrayRealVector(g, false), new Array2DRowRealMatrix(h, false));
                          })
                      .maxEvaluations(10_000)
                      .maxIterations(10_000)
                      .build())
              .getPoint()
              .toArray();
    } catch (MathIllegalStateException | MathIllegalArgumentException e) {
      throw notConverged(ridge, e.getMessage());
    }
    double[] g = gradient(xs, ys, w, ridge, null);
    double worst = 0;
    for (double v : g) {
      worst = Math.max(worst, Math.abs(v));
    }
    if (!(worst <= 1e-8 * Math.max(1, xs.size()))) {
      throw notConverged(ridge, "gradient " + worst + " at the solver's end point");
    }
    return w;
  }

  private static InvalidInputException notConverged(double ridge, String detail) {
    return InvalidInputException.of(
        "preference",
        "the logistic regression has no finite optimum"
            + (ridge > 0 ? "" : " (a feature separates the preferences perfectly)")
            + ": "
            + detail);
  }

  /** The gradient of the penalised negative log-likelihood; fills {@code hessian} when given. */
  private static double[] gradient(
      List<double[]> xs, List<Double> ys, double[] w, double ridge, double[][] hessian) {
    int k = w.length;
    double[] g = new double[k];
    for (int a = 0; a < k; a++) {
      g[a] = ridge * w[a];
      if (hessian != null) {
        hessian[a][a] = ridge;
      }
    }
    for (int i = 0; i < xs.size(); i++) {
      double[] x = xs.get(i);
      double s = BradleyTerry.sigmoid(dot(w, x));
      double r = s - ys.get(i);
      for (int a = 0; a < k; a++) {
        g[a] += r * x[a];
        if (hessian != null) {
          for (int b = 0; b < k; b++) {
            hessian[a][b] += s * (1 - s) * x[a] * x[b];
          }
        }
      }
    }
    return g;
  }

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
