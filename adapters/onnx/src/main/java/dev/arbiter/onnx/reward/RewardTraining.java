package dev.arbiter.onnx.reward;

import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.internal.Hashing;
import dev.arbiter.onnx.Embeddings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Trains and evaluates embedding reward heads on preference pairs (what {@code arbiter rm train}
 * and {@code arbiter rm eval} run).
 */
public final class RewardTraining {
  private RewardTraining() {}

  /**
   * Pairs split into a training and a held-out part.
   *
   * @param train the pairs to fit on
   * @param holdout the pairs kept out, for an honest accuracy
   */
  public record Split(List<PreferencePair> train, List<PreferencePair> holdout) {
    public Split {
      train = List.copyOf(train);
      holdout = List.copyOf(holdout);
    }
  }

  /**
   * Splits pairs by a hash of their content: a pair is held out when the SHA-256 of the seed, its
   * query and both responses, read as a number in [0, 1), is below {@code fraction}. The same
   * pairs, seed and fraction always give the same split, whatever the file order.
   *
   * @throws InvalidInputException when {@code fraction} is outside [0, 1)
   */
  public static Split split(List<PreferencePair> pairs, double fraction, long seed) {
    if (!(fraction >= 0 && fraction < 1)) {
      throw InvalidInputException.of("--holdout", "must be in [0, 1) but was " + fraction);
    }
    List<PreferencePair> train = new ArrayList<>();
    List<PreferencePair> holdout = new ArrayList<>();
    for (PreferencePair p : pairs) {
      (heldOut(p, fraction, seed) ? holdout : train).add(p);
    }
    return new Split(train, holdout);
  }

  static boolean heldOut(PreferencePair p, double fraction, long seed) {
    String h =
        Hashing.sha256(
            seed + "\u0000" + p.query() + "\u0000" + p.chosen() + "\u0000" + p.rejected());
    double u = Long.parseUnsignedLong(h.substring(0, 13), 16) / (double) (1L << 52);
    return u < fraction;
  }

  /**
   * Fits a head on {@code pairs}.
   *
   * @param name the head's name (part of its model id)
   * @param notes training notes stored in the head (command, data, split...); the fit adds its own
   * @param progress told the number of pairs embedded so far, now and then
   * @throws InvalidInputException when there are fewer than 10 pairs
   */
  public static RewardHead train(
      String name,
      List<PreferencePair> pairs,
      Embeddings embeddings,
      long seed,
      Map<String, Object> notes,
      IntConsumer progress) {
    if (pairs.size() < 10) {
      throw InvalidInputException.of(
          "--pairs", "training needs at least 10 pairs but got " + pairs.size());
    }
    RewardFeatures features = new RewardFeatures(embeddings);
    List<double[]> chosen = new ArrayList<>();
    List<double[]> rejected = new ArrayList<>();
    for (int i = 0; i < pairs.size(); i++) {
      PreferencePair p = pairs.get(i);
      float[] q = features.embed(p.query());
      chosen.add(features.of(q, p.chosen()));
      rejected.add(features.of(q, p.rejected()));
      if ((i + 1) % 100 == 0 || i + 1 == pairs.size()) {
        progress.accept(i + 1);
      }
    }
    HeadTrainer.Fit fit = HeadTrainer.fit(chosen, rejected, seed);
    double[] w = fit.weights();
    // Centre the training responses' rewards on 0, so σ(reward) reads as "better than the
    // typical training response" for pointwise use.
    double sum = 0;
    for (int i = 0; i < chosen.size(); i++) {
      sum += HeadTrainer.dot(w, chosen.get(i)) + HeadTrainer.dot(w, rejected.get(i));
    }
    double bias = -sum / (2.0 * chosen.size());
    double trainHits = 0;
    for (int i = 0; i < chosen.size(); i++) {
      double m = HeadTrainer.dot(w, chosen.get(i)) - HeadTrainer.dot(w, rejected.get(i));
      trainHits += m > 0 ? 1 : 0;
    }
    Map<String, Object> all = new LinkedHashMap<>(notes);
    all.put("optimiser", "commons-math3 NonLinearConjugateGradientOptimizer (Polak-Ribiere)");
    all.put("lambda", fit.lambda());
    all.put("lambda_grid", java.util.Arrays.stream(HeadTrainer.LAMBDAS).boxed().toList());
    all.put("cv_folds", HeadTrainer.FOLDS);
    all.put("cv_accuracy", round(fit.cvAccuracy()));
    all.put("pairs_train", pairs.size());
    all.put("train_accuracy", round(trainHits / pairs.size()));
    return RewardHead.of(name, embeddings.modelId(), bias, w, all);
  }

  /**
   * Whether the model gives each pair's chosen response the higher reward (an exact tie counts as
   * wrong).
   */
  public static List<Boolean> correct(
      EmbeddingRewardModel model, List<PreferencePair> pairs, IntConsumer progress) {
    List<Boolean> out = new ArrayList<>(pairs.size());
    for (int i = 0; i < pairs.size(); i++) {
      double[] r = model.rewards(pairs.get(i));
      out.add(r[0] > r[1]);
      if ((i + 1) % 100 == 0 || i + 1 == pairs.size()) {
        progress.accept(i + 1);
      }
    }
    return out;
  }

  /**
   * The share of pairs whose chosen response is the shorter one (in characters; an equal length
   * counts one half): the accuracy of a "prefer the shorter answer" rule, the baseline a reward
   * model must beat on data where refusals and brief answers tend to win.
   */
  public static double shorterWins(List<PreferencePair> pairs) {
    double hits = 0;
    for (PreferencePair p : pairs) {
      int c = p.chosen().length();
      int r = p.rejected().length();
      hits += c < r ? 1 : c == r ? 0.5 : 0;
    }
    return hits / pairs.size();
  }

  static double round(double v) {
    return Math.round(v * 10000) / 10000.0;
  }
}
