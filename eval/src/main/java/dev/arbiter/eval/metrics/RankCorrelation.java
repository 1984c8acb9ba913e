package dev.arbiter.eval.metrics;

import dev.arbiter.core.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.stat.correlation.KendallsCorrelation;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;

/**
 * How well one ranking of models agrees with another: Kendall's τ-b and Spearman's ρ (average ranks
 * for ties), both from commons-math3, over the models the two rankings share.
 */
public final class RankCorrelation {
  private RankCorrelation() {}

  /**
   * The agreement of two rankings.
   *
   * @param models the models both rankings score, in the order of {@code ours}' iteration
   * @param kendallTau Kendall's τ-b in [-1, 1]
   * @param spearmanRho Spearman's ρ in [-1, 1]
   */
  public record Result(List<String> models, double kendallTau, double spearmanRho) {
    /** Copies the model list. */
    public Result {
      models = List.copyOf(models);
    }
  }

  /**
   * Correlates two score maps (higher = better in both) over their common models.
   *
   * @throws InvalidInputException when fewer than 2 models are in both maps, or one side gives
   *     every common model the same score (the coefficients are undefined then)
   */
  public static Result of(Map<String, Double> ours, Map<String, Double> reference) {
    List<String> common = new ArrayList<>();
    for (String m : ours.keySet()) {
      if (reference.containsKey(m)) {
        common.add(m);
      }
    }
    if (common.size() < 2) {
      throw InvalidInputException.of(
          "reference ranking",
          "needs at least 2 models that are also in the league but shares "
              + common.size()
              + " ("
              + common
              + ")");
    }
    double[] x = new double[common.size()];
    double[] y = new double[common.size()];
    for (int i = 0; i < common.size(); i++) {
      x[i] = ours.get(common.get(i));
      y[i] = reference.get(common.get(i));
    }
    if (constant(x) || constant(y)) {
      throw InvalidInputException.of(
          "reference ranking",
          "a ranking that gives all " + common.size() + " shared models the same score");
    }
    return new Result(
        common,
        new KendallsCorrelation().correlation(x, y),
        new SpearmansCorrelation().correlation(x, y));
  }

  private static boolean constant(double[] v) {
    for (double d : v) {
      if (d != v[0]) {
        return false;
      }
    }
    return true;
  }
}
