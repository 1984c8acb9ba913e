package dev.arbiter.core;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How sure a verdict is, from the spread of its samples' votes.
 *
 * @param distribution votes per outcome (a preference label, a score, a top-ranked candidate)
 * @param agreement share of scored samples that voted for the winning outcome, in [0, 1]
 * @param entropy Shannon entropy (bits) of the vote distribution
 * @param stdDev standard deviation of the samples' scores (pointwise)
 * @param scoredSamples samples that voted
 * @param unscoredSamples samples that could not be parsed and did not vote
 */
public record Confidence(
    Map<String, Integer> distribution,
    double agreement,
    double entropy,
    Optional<Double> stdDev,
    int scoredSamples,
    int unscoredSamples) {
  public Confidence {
    distribution = distribution == null ? Map.of() : Map.copyOf(distribution);
    stdDev = stdDev == null ? Optional.empty() : stdDev;
  }

  /** No sample voted. */
  public static Confidence none(int unscored) {
    return new Confidence(Map.of(), 0.0, 0.0, Optional.empty(), 0, unscored);
  }

  /**
   * The votes per direction: a pairwise preference label counts for its side ({@code A>>B} and
   * {@code A>B} both for {@code A}, {@code A=B} for {@code tie}); any other outcome (a score, a
   * candidate id) is its own direction.
   */
  public Map<String, Integer> directions() {
    Map<String, Integer> out = new TreeMap<>();
    distribution.forEach(
        (k, n) ->
            out.merge(
                Preference.parseLabel(k)
                    .map(p -> p.vote() > 0 ? "A" : p.vote() < 0 ? "B" : "tie")
                    .orElse(k),
                n,
                Integer::sum));
    return out;
  }

  /**
   * The share of votes behind the most voted direction ({@link #directions()}): A≫B and A&gt;B
   * agree. Equal to {@link #agreement()} when no two outcomes share a direction (pointwise,
   * listwise, a panel, or pairwise votes that never differ in strength only).
   */
  public double directionAgreement() {
    Map<String, Integer> d = directions();
    if (d.size() == distribution.size()) {
      return agreement;
    }
    int top = d.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    int total = d.values().stream().mapToInt(Integer::intValue).sum();
    return (double) top / total;
  }

  /**
   * The Shannon entropy (bits) of the direction-level vote distribution; equal to {@link
   * #entropy()} when no two outcomes share a direction.
   */
  public double directionEntropy() {
    Map<String, Integer> d = directions();
    if (d.size() == distribution.size()) {
      return entropy;
    }
    int total = d.values().stream().mapToInt(Integer::intValue).sum();
    double h = 0;
    for (int c : d.values()) {
      double p = (double) c / total;
      h -= p * (Math.log(p) / Math.log(2));
    }
    return h == 0 ? 0.0 : h;
  }
}
