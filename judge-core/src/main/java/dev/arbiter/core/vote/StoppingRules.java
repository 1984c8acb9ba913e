package dev.arbiter.core.vote;

import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.Scale;
import java.util.Arrays;
import java.util.Objects;

/**
 * Adaptive sampling: stopping rules that draw k samples in rounds and stop as soon as the rest
 * could not change the decision, or (optionally) as soon as the decision is statistically sure.
 *
 * {@snippet :
 * StoppingRule rule = StoppingRules.builder()
 *     .aggregator(Aggregators.mean())      // the aggregator the judge votes with
 *     .pointwise(Scale.ONE_TO_TEN, 5.5)    // pointwise decision: below / at-or-above 5.5
 *     .roundSize(2)                        // optional: fixed rounds of 2 after the first
 *     .confidence(0.95)                    // optional: also stop when the leader is 95 % sure
 *     .build();
 * Judge judge = Judge.builder()...sampling(params.withSamples(16)).stoppingRule(rule).build();
 * }
 *
 * <p><b>Rounds</b>: unless {@link Builder#roundSize} fixes them, each round draws the fewest
 * samples after which a stop would be possible if they all voted alike — the same samples as rounds
 * of one, in fewer calls.
 *
 * <p><b>Exact stop</b> (always on): after each round, the rule checks every way the remaining
 * {@code r = k - drawn} samples could vote (each may also come back unscored) and stops when none
 * of them changes the decision. Pairwise, the decision is the winning direction (A, tie, B) of
 * {@link Aggregators#majorityPreference} — or the sign of the summed strengths for {@code sum}; the
 * strength (A≫B vs A&gt;B) is not guaranteed. Listwise, it is the Borda winner. Pointwise, it is
 * the bucket the aggregate falls in between the declared boundaries: for mean, median, sum and
 * logprob the extremes are reached when all r samples score the scale's min or all its max; for
 * majority, the modal score must lead the runner-up by more than r. Without boundaries a pointwise
 * judgement draws all k. With the exact stop alone the verdict equals the full-k one (same samples,
 * same direction / bucket / winner); the {@code meta-judge} filter breaks that guarantee because it
 * chooses which samples vote.
 *
 * <p><b>Confident stop</b> (with {@link Builder#confidence}): once at least {@code minSamples}
 * voted, stop when the one-sided Wilson score lower bound (Wilson 1927) on the leading outcome's
 * share of votes exceeds 1/2, i.e. the leader is, at that confidence, what a majority of infinitely
 * many samples would say. Outcomes are a pairwise direction, a listwise top candidate, or a
 * pointwise bucket. This stops earlier and may disagree with the full-k decision; {@code
 * docs/benchmarks.md} reports by how much.
 *
 * <p><b>Logprob-first stop</b> (with {@link Builder#logprobFirst}): the first round is one sample;
 * when the judge's own probability of that sample's decision, read at its verdict token, reaches
 * the threshold, that sample decides alone.
 */
public final class StoppingRules {
  private StoppingRules() {}

  /** The exact stop with the default aggregator ({@code mean}) and the default rounds. */
  public static StoppingRule leaderSafe() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds an adaptive {@link StoppingRule}; validates eagerly and names the bad value. */
  public static final class Builder {
    Aggregator aggregator = Aggregators.mean();
    Scale scale;
    double[] boundaries = new double[0];
    int firstRound = 0;
    int roundSize = 0;
    double confidence = 0;
    double z = Double.NaN;
    int minSamples = 3;
    double logprobFirst = Double.NaN;

    private Builder() {}

    /** The aggregator the judge votes with; decides what "the decision" is (default mean). */
    public Builder aggregator(Aggregator aggregator) {
      this.aggregator = Objects.requireNonNull(aggregator, "aggregator");
      return this;
    }

    /**
     * Pointwise decision boundaries on {@code scale}: the decision is which interval between them
     * the aggregate falls in (a score equal to a boundary belongs to the interval above it).
     * Without boundaries pointwise judgements draw all k samples.
     *
     * @throws InvalidInputException when a boundary is not inside the scale
     */
    public Builder pointwise(Scale scale, double... boundaries) {
      this.scale = Objects.requireNonNull(scale, "scale");
      double[] b = boundaries.clone();
      Arrays.sort(b);
      for (double x : b) {
        if (!(x > scale.min() && x <= scale.max())) {
          throw InvalidInputException.of(
              "boundaries",
              "each boundary must lie in ("
                  + scale.min()
                  + ", "
                  + scale.max()
                  + "] but one was "
                  + x);
        }
      }
      this.boundaries = b;
      return this;
    }

    /**
     * The first round's size (default: the fewest samples after which a stop is possible — k/2 + 1
     * for a pairwise majority, fewer with a confidence). Capped at k.
     */
    public Builder firstRound(int size) {
      if (size < 1) {
        throw InvalidInputException.of("firstRound", "must be >= 1 but was " + size);
      }
      this.firstRound = size;
      return this;
    }

    /**
     * A fixed size for every later round. By default each round is as large as the fewest further
     * samples that could allow a stop if they all voted alike: it never draws a sample more than
     * rounds of 1 would, in fewer calls. A fixed size trades samples for calls: larger rounds make
     * fewer calls (with {@code n} the prompt is prefilled once per round) but may draw up to size −
     * 1 samples too many.
     */
    public Builder roundSize(int size) {
      if (size < 1) {
        throw InvalidInputException.of("roundSize", "must be >= 1 but was " + size);
      }
      this.roundSize = size;
      return this;
    }

    /**
     * Also stop when the leader's one-sided Wilson lower bound at this level exceeds 1/2 (e.g.
     * 0.95; default off).
     *
     * @throws InvalidInputException unless 0.5 &lt; level &lt; 1
     */
    public Builder confidence(double level) {
      if (!(level > 0.5 && level < 1)) {
        throw InvalidInputException.of("confidence", "must be in (0.5, 1) but was " + level);
      }
      this.confidence = level;
      this.z = Votes.normalQuantile(level);
      return this;
    }

    /** The fewest voting samples before the confident stop may apply (default 3). */
    public Builder minSamples(int n) {
      if (n < 1) {
        throw InvalidInputException.of("minSamples", "must be >= 1 but was " + n);
      }
      this.minSamples = n;
      return this;
    }

    /**
     * Logprob-first: draw one sample first, and stop right there when the judge's probability, at
     * its verdict token, of that sample's decision is at least {@code probability} (e.g. 0.9);
     * otherwise go on in rounds under the rest of this rule. Needs top logprobs from the model and
     * a protocol that points to its verdict token ({@link
     * dev.arbiter.core.protocol.Protocol#verdictSlot}); without either the first sample never stops
     * alone and only the round of one is added. A stop here may disagree with the full-k decision;
     * {@code docs/benchmarks.md} ("Self-consistency at a fraction of the decode") measures how
     * often.
     *
     * @throws InvalidInputException unless 0.5 &lt; probability &lt;= 1
     */
    public Builder logprobFirst(double probability) {
      if (!(probability > 0.5 && probability <= 1)) {
        throw InvalidInputException.of(
            "logprobFirst", "must be in (0.5, 1] but was " + probability);
      }
      this.logprobFirst = probability;
      return this;
    }

    public StoppingRule build() {
      return new AdaptiveStoppingRule(this);
    }
  }
}
