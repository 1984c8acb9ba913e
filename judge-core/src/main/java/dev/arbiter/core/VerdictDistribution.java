package dev.arbiter.core;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The judge's probabilities for the verdicts it could have written at the one token that carries
 * its verdict, read from that token's top logprobs (G-Eval's probability-weighted scoring, Liu et
 * al. 2023). Found by {@code vote.VerdictDistributions} at the place the protocol's parser read the
 * verdict ({@link dev.arbiter.core.protocol.VerdictSlot}).
 *
 * <p>The probabilities are those of the listed alternatives that spell a verdict, renormalised to
 * sum to 1; {@link #mass} is how much of the token's probability they held before that.
 *
 * @param token the index of the verdict token in the sample's logprobs
 * @param scores pointwise: probability of each integer score on the scale (empty for pairwise)
 * @param preferences pairwise: probability of each preference label the protocol can write (empty
 *     for pointwise)
 * @param mass the summed probability of the alternatives that spell a verdict, in (0, 1]
 */
public record VerdictDistribution(
    int token, Map<Double, Double> scores, Map<Preference, Double> preferences, double mass) {
  public VerdictDistribution {
    scores = Collections.unmodifiableMap(new TreeMap<>(scores == null ? Map.of() : scores));
    preferences =
        preferences == null || preferences.isEmpty()
            ? Map.of()
            : Collections.unmodifiableMap(new EnumMap<>(preferences));
    if (scores.isEmpty() == preferences.isEmpty()) {
      throw new IllegalArgumentException("exactly one of scores and preferences must be given");
    }
  }

  /** The probability-weighted mean score (pointwise). */
  public Optional<Double> expectedScore() {
    if (scores.isEmpty()) {
      return Optional.empty();
    }
    double e = 0;
    for (var en : scores.entrySet()) {
      e += en.getKey() * en.getValue();
    }
    return Optional.of(e);
  }

  /** The probability that the score is at least {@code threshold} (pointwise). */
  public double probabilityAtLeast(double threshold) {
    double p = 0;
    for (var en : scores.entrySet()) {
      if (en.getKey() >= threshold) {
        p += en.getValue();
      }
    }
    return p;
  }

  /** The probability of the direction {@code vote} (+1 A, 0 tie, −1 B) (pairwise). */
  public double probabilityOfVote(int vote) {
    double p = 0;
    for (var en : preferences.entrySet()) {
      if (en.getKey().vote() == vote) {
        p += en.getValue();
      }
    }
    return p;
  }

  /** P(A preferred) + P(tie) / 2, the probability that A wins with ties split (pairwise). */
  public double preferenceForA() {
    return probabilityOfVote(1) + probabilityOfVote(0) / 2;
  }
}
