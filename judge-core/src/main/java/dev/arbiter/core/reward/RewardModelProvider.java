package dev.arbiter.core.reward;

/**
 * Supplies the reward model a judge falls back on when no judge model is configured; found with
 * {@link java.util.ServiceLoader} by {@link RewardModels#embedded()}. An implementation is listed
 * in {@code META-INF/services/dev.arbiter.core.reward.RewardModelProvider} (arbiter-onnx provides
 * the embedding reward model).
 */
public interface RewardModelProvider {

  /**
   * The provider's default reward model. Loading may be lazy: the model's weights are read here,
   * the heavy parts on first use.
   *
   * @throws dev.arbiter.core.NonRetriableException when the model's files cannot be read
   */
  RewardModel defaultModel();
}
