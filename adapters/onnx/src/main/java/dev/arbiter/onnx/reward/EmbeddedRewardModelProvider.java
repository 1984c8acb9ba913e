package dev.arbiter.onnx.reward;

import dev.arbiter.core.reward.RewardModel;
import dev.arbiter.core.reward.RewardModelProvider;

/**
 * Makes the shipped embedding reward model the default for judges without a judge model (found by
 * {@link dev.arbiter.core.reward.RewardModels#embedded()}). Public for {@link
 * java.util.ServiceLoader} only.
 */
public final class EmbeddedRewardModelProvider implements RewardModelProvider {
  /** For {@link java.util.ServiceLoader}. */
  public EmbeddedRewardModelProvider() {}

  @Override
  public RewardModel defaultModel() {
    return EmbeddingRewardModel.embeddedDefault();
  }
}
