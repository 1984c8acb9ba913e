package dev.arbiter.eval.metrics;

import dev.arbiter.core.InvalidInputException;
import java.util.List;
import java.util.Optional;

/**
 * AlpacaEval 2's length-controlled win rate (Dubois et al. 2024; tatsu-lab/alpaca_eval,
 * metrics/glm_winrate.py, GLM "length_controlled_v1"). A logistic regression, without intercept,
 * predicts the (soft) preference for the evaluated model from a model term, {@code
 * tanh(std_delta_len)} where {@code std_delta_len = (len(output_1) - len(output_2)) / sd} (sample
 * standard deviation over all instructions) and, when known, the instruction's difficulty; the
 * length-controlled win rate is 100 x the mean predicted preference with the length term set to 0.
 *
 * <p>What this class does not do, because the inputs live outside an annotations file: the
 * publisher also trains on annotations of two "gamed" baselines (weight 0.2 / 2 each, to regularise
 * towards the baseline) and picks an L1 penalty by 5-fold cross-validation. This class fits the
 * unpenalised maximum-likelihood GLM on the given annotations only (commons-math3's conjugate
 * gradient, see {@code LogisticFit}), so it approximates, and does not reproduce, the leaderboard's
 * {@code length_controlled_winrate}. An unpenalised fit has no finite optimum when the length term
 * separates the preferences perfectly; the optimiser then stops at large coefficients and the
 * length-controlled win rate is still finite (the model term stays bounded by the data).
 */
public final class LengthControlledWinRate {
  private LengthControlledWinRate() {}

  /**
   * One annotated instruction.
   *
   * @param preference AlpacaEval preference (1 baseline, 2 model, 1.5 or 0 draw), null when none
   * @param baselineLength length of output_1 in Unicode code points
   * @param modelLength length of output_2 in Unicode code points
   * @param difficulty the instruction's difficulty, when known
   */
  public record Observation(
      Double preference, long baselineLength, long modelLength, Optional<Double> difficulty) {
    /** Normalises a null difficulty to empty. */
    public Observation {
      difficulty = difficulty == null ? Optional.empty() : difficulty;
    }
  }

  /**
   * The fitted GLM.
   *
   * @param winRate the length-controlled win rate in percent
   * @param modelWeight the model term's coefficient
   * @param lengthWeight the coefficient of tanh(std_delta_len)
   * @param difficultyWeight the difficulty coefficient, empty when no difficulty was given
   * @param n observations used for fitting (those with a preference)
   */
  public record Fit(
      double winRate,
      double modelWeight,
      double lengthWeight,
      Optional<Double> difficultyWeight,
      int n) {}

  /**
   * Fits the GLM. Difficulty is used when every observation has one, ignored when none has.
   *
   * @throws InvalidInputException when some but not all observations have a difficulty, or fewer
   *     than 2 observations have a preference, or all length differences are equal, or the
   *     preferences are separable (no finite maximum-likelihood fit)
   */
  public static Fit fit(List<Observation> observations) {
    return fit(observations, 0);
  }

  /**
   * Fits the GLM with an L2 penalty {@code ridge/2 · ‖w‖²} on its coefficients. AlpacaEval
   * regularises too (an L1 penalty chosen by 5-fold cross-validation, and a pull towards the
   * baseline through its gamed-baseline annotations); a ridge is the simplest stand-in that keeps
   * the fit finite when the length term separates the preferences perfectly, which a model that
   * wins exactly when its answer is longer does.
   *
   * @param ridge the penalty λ &gt;= 0 (scikit-learn's default {@code C = 1} is λ = 1)
   * @throws InvalidInputException as {@link #fit(List)}, or when ridge is negative
   */
  public static Fit fit(List<Observation> observations, double ridge) {
    if (!(ridge >= 0)) {
      throw InvalidInputException.of("ridge", "must be >= 0 but was " + ridge);
    }
    long withDifficulty = observations.stream().filter(o -> o.difficulty().isPresent()).count();
    if (withDifficulty != 0 && withDifficulty != observations.size()) {
      throw InvalidInputException.of(
          "difficulty",
          "given for "
              + withDifficulty
              + " of "
              + observations.size()
              + " instructions; give it for all or none");
    }
    boolean useDifficulty = withDifficulty > 0;
    int all = observations.size();
    double[] delta = new double[all];
    double mean = 0;
    for (int i = 0; i < all; i++) {
      Observation o = observations.get(i);
      delta[i] = o.baselineLength() - o.modelLength();
      mean += delta[i] / all;
    }
    double var = 0;
    for (double d : delta) {
      var += (d - mean) * (d - mean);
    }
    double sd = all < 2 ? 0 : Math.sqrt(var / (all - 1));
    if (!(sd > 0)) {
      throw InvalidInputException.of(
          "lengths", "length differences must vary to standardise them (sd was " + sd + ")");
    }
    int k = useDifficulty ? 3 : 2;
    java.util.ArrayList<double[]> xs = new java.util.ArrayList<>();
    java.util.ArrayList<Double> ys = new java.util.ArrayList<>();
    for (int i = 0; i < all; i++) {
      Observation o = observations.get(i);
      if (o.preference() == null || o.preference().isNaN()) {
        continue;
      }
      double y = (o.preference() == 0 ? 1.5 : o.preference()) - 1;
      double[] x = new double[k];
      x[0] = 1;
      x[1] = Math.tanh(delta[i] / sd);
      if (useDifficulty) {
        x[2] = o.difficulty().get();
      }
      xs.add(x);
      ys.add(y);
    }
    if (xs.size() < 2) {
      throw InvalidInputException.of("preference", "need at least 2 annotated instructions");
    }
    double[] w = LogisticFit.fit(xs, ys, ridge);
    double sum = 0;
    for (Observation o : observations) {
      double z = w[0] + (useDifficulty ? w[2] * o.difficulty().get() : 0);
      sum += BradleyTerry.sigmoid(z);
    }
    return new Fit(
        100 * sum / all,
        w[0],
        w[1],
        useDifficulty ? Optional.of(w[2]) : Optional.empty(),
        xs.size());
  }
}
