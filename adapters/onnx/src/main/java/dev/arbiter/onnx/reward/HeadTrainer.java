package dev.arbiter.onnx.reward;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.MaxIter;
import org.apache.commons.math3.optim.SimpleValueChecker;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunctionGradient;
import org.apache.commons.math3.optim.nonlinear.scalar.gradient.NonLinearConjugateGradientOptimizer;

/**
 * Fits a linear Bradley-Terry head, {@code P(chosen ≻ rejected) = σ(w · (f_chosen − f_rejected))},
 * by L2-regularised logistic regression on feature differences: minimise {@code (1/n) Σ log(1 +
 * e^(−w·x)) + (λ/2) ‖w‖²}. The optimiser is commons-math3's non-linear conjugate gradient
 * (Polak-Ribière, with its line search), the library the profile fitter also uses; the loss and its
 * gradient are the only code here. Features are divided by their standard deviation over the
 * training responses before the fit (so one λ suits embedding dimensions and the length feature
 * alike) and the weights are mapped back afterwards. λ is chosen from a small grid by k-fold
 * cross-validation on the training pairs, folds drawn with the seed.
 */
final class HeadTrainer {
  /** The λ values cross-validation chooses from. */
  static final double[] LAMBDAS = {1e-3, 1e-2, 1e-1, 1, 10};

  static final int FOLDS = 5;

  private HeadTrainer() {}

  /**
   * The fitted weights and the λ chosen.
   *
   * @param weights one per feature, for raw (unscaled) features
   * @param lambda the regularisation cross-validation chose
   * @param cvAccuracy the cross-validated pairwise accuracy at that λ
   */
  record Fit(double[] weights, double lambda, double cvAccuracy) {}

  /**
   * Fits a head on pairs given as the features of their chosen and rejected responses.
   *
   * @param chosen the chosen responses' features, one row per pair
   * @param rejected the rejected responses' features, same order
   */
  static Fit fit(List<double[]> chosen, List<double[]> rejected, long seed) {
    int n = chosen.size();
    int d = chosen.get(0).length;
    double[] scale = new double[d];
    double[] mean = new double[d];
    List<double[]> all = new ArrayList<>(chosen);
    all.addAll(rejected);
    for (double[] f : all) {
      for (int j = 0; j < d; j++) {
        mean[j] += f[j] / all.size();
      }
    }
    for (double[] f : all) {
      for (int j = 0; j < d; j++) {
        scale[j] += (f[j] - mean[j]) * (f[j] - mean[j]) / all.size();
      }
    }
    for (int j = 0; j < d; j++) {
      scale[j] = scale[j] > 1e-12 ? Math.sqrt(scale[j]) : 1.0;
    }
    List<double[]> diffs = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      double[] x = new double[d];
      for (int j = 0; j < d; j++) {
        x[j] = (chosen.get(i)[j] - rejected.get(i)[j]) / scale[j];
      }
      diffs.add(x);
    }
    int[] fold = new int[n];
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      order.add(i);
    }
    java.util.Collections.shuffle(order, new Random(seed));
    for (int k = 0; k < n; k++) {
      fold[order.get(k)] = k % FOLDS;
    }
    double bestLambda = LAMBDAS[0];
    double bestAcc = -1;
    for (double lambda : LAMBDAS) {
      double hits = 0;
      for (int f = 0; f < FOLDS; f++) {
        List<double[]> train = new ArrayList<>();
        List<double[]> test = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          (fold[i] == f ? test : train).add(diffs.get(i));
        }
        double[] w = minimise(train, lambda);
        for (double[] x : test) {
          double m = dot(w, x);
          hits += m > 0 ? 1 : m == 0 ? 0.5 : 0;
        }
      }
      double acc = hits / n;
      // Ties go to the larger λ: the simpler head.
      if (acc >= bestAcc) {
        bestAcc = acc;
        bestLambda = lambda;
      }
    }
    double[] w = minimise(diffs, bestLambda);
    for (int j = 0; j < d; j++) {
      w[j] /= scale[j];
    }
    return new Fit(w, bestLambda, bestAcc);
  }

  /** The weights minimising the regularised logistic loss on {@code diffs}. */
  static double[] minimise(List<double[]> diffs, double lambda) {
    int d = diffs.get(0).length;
    double n = diffs.size();
    ObjectiveFunction loss =
        new ObjectiveFunction(
            w -> {
              double s = 0;
              for (double[] x : diffs) {
                s += log1pExp(-dot(w, x));
              }
              return s / n + 0.5 * lambda * dot(w, w);
            });
    ObjectiveFunctionGradient gradient =
        new ObjectiveFunctionGradient(
            w -> {
              double[] g = new double[d];
              for (double[] x : diffs) {
                // d/dw log(1 + e^(−w·x)) = −σ(−w·x) x
                double c = -sigmoid(-dot(w, x)) / n;
                for (int j = 0; j < d; j++) {
                  g[j] += c * x[j];
                }
              }
              for (int j = 0; j < d; j++) {
                g[j] += lambda * w[j];
              }
              return g;
            });
    var optimizer =
        new NonLinearConjugateGradientOptimizer(
            NonLinearConjugateGradientOptimizer.Formula.POLAK_RIBIERE,
            new SimpleValueChecker(1e-9, 1e-12));
    return optimizer
        .optimize(
            new MaxEval(100_000),
            new MaxIter(2_000),
            loss,
            gradient,
            GoalType.MINIMIZE,
            new InitialGuess(new double[d]))
        .getPoint();
  }

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  static double sigmoid(double z) {
    return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
  }

  /** log(1 + e^z) without overflow. */
  static double log1pExp(double z) {
    return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
  }
}
