package dev.arbiter.core.vote;

import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.model.JudgeModel;
import java.util.Objects;

/**
 * Builds the {@code meta-judge} aggregator: meta-RM guided voting as in DeepSeek-GRM (Liu et al.
 * 2025), where a second judge rates each sample's critique and only the best-rated samples vote.
 *
 * {@snippet :
 * Aggregator vote = MetaJudge.builder()
 *     .model(cheapModel)                // any JudgeModel; one call per scored sample
 *     .keep(4)                          // the top 4 samples vote
 *     .voter(Aggregators.mean())        // how the kept samples vote
 *     .build();
 * Judge judge = Judge.builder().model(model).protocol(protocol).aggregator(vote).build();
 * }
 *
 * <p>The meta judge sees the case, as DeepSeek-GRM's meta RM does: the query, the candidates as the
 * sample's order showed them, and the sample's final answer (principles, critique, verdict; never
 * its thinking), each fenced as untrusted text. It answers with {@code Quality: [[n]]}, n in 1..10.
 * Samples are ranked by that rating, highest first; a sample whose rating cannot be read ranks
 * below every rated one; equal ratings are broken by presentation order and then sample index
 * (properties of the sample, not of its list position). The judge makes the meta calls after an
 * order's samples are drawn (one per scored sample, none when no more than m samples scored),
 * through its own sample cache like any sample, and counts them in the verdict's {@code Usage}; a
 * failed call fails the verdict (status ERROR) rather than silently voting with every sample. See
 * {@link ReviewingAggregator}.
 */
public final class MetaJudge {
  private MetaJudge() {}

  /** The version of the meta prompt; part of the rating cache key. */
  public static final String PROMPT_VERSION = "2";

  public static Builder builder() {
    return new Builder();
  }

  /** Builds a meta-judge {@link Aggregator}; validates eagerly and names the bad value. */
  public static final class Builder {
    JudgeModel model;
    int keep = 4;
    Aggregator voter = Aggregators.mean();
    int maxTokens = 512;

    private Builder() {}

    /** The model that rates critiques (required); a small, cheap one is the point. */
    public Builder model(JudgeModel model) {
      this.model = Objects.requireNonNull(model, "model");
      return this;
    }

    /** How many of the best-rated samples vote (default 4). */
    public Builder keep(int m) {
      if (m < 1) {
        throw InvalidInputException.of("keep", "must be >= 1 but was " + m);
      }
      this.keep = m;
      return this;
    }

    /** How the kept samples vote (default {@link Aggregators#mean()}). */
    public Builder voter(Aggregator voter) {
      this.voter = Objects.requireNonNull(voter, "voter");
      return this;
    }

    /** The meta judge's completion budget per rating (default 512). */
    public Builder maxTokens(int maxTokens) {
      if (maxTokens < 1) {
        throw InvalidInputException.of("maxTokens", "must be >= 1 but was " + maxTokens);
      }
      this.maxTokens = maxTokens;
      return this;
    }

    /**
     * The aggregator.
     *
     * @throws InvalidInputException when no model was set
     */
    public Aggregator build() {
      if (model == null) {
        throw InvalidInputException.of("model", "the meta judge needs a model to rate critiques");
      }
      return new MetaJudgeAggregator(this);
    }
  }
}
