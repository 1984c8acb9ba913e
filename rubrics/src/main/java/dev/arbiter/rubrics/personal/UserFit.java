package dev.arbiter.rubrics.personal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The fitted weights of one user (or of the population prior).
 *
 * @param user the user's id ({@link ProfileFit#POPULATION} for the prior)
 * @param weights criterion name → relative weight, scaled so the weights average 1 (what the
 *     profile file holds)
 * @param sharpness the weights' common factor in the Bradley-Terry model: the fitted raw weights
 *     are {@code sharpness × weights}; larger means the user's choices follow the scores more
 *     consistently
 * @param pairsUsed the user's pairs that entered the fit
 * @param heldOutAccuracy accuracy on held-out pairs by k-fold cross-validation (empty below 2
 *     pairs)
 * @param priorStrength the L2 strength λ that pulled these weights toward the prior
 */
public record UserFit(
    String user,
    Map<String, Double> weights,
    double sharpness,
    int pairsUsed,
    OptionalDouble heldOutAccuracy,
    double priorStrength) {
  public UserFit {
    weights = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(weights));
  }

  /** The score difference this user's weights give two responses' criterion scores (normalised). */
  public double utility(Map<String, Double> normalisedScores) {
    double u = 0;
    for (var e : weights.entrySet()) {
      u += e.getValue() * normalisedScores.getOrDefault(e.getKey(), 0.0);
    }
    return u;
  }
}
