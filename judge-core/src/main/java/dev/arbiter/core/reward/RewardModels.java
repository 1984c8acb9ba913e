package dev.arbiter.core.reward;

import java.util.Optional;
import java.util.ServiceLoader;

/** Finds the reward model on the class path, through {@link RewardModelProvider}. */
public final class RewardModels {
  private RewardModels() {}

  /**
   * The default reward model of the first {@link RewardModelProvider} on the class path; empty when
   * there is none (e.g. the CLI jar without the embedded reward model bundle).
   */
  public static Optional<RewardModel> embedded() {
    for (RewardModelProvider p : ServiceLoader.load(RewardModelProvider.class)) {
      return Optional.of(p.defaultModel());
    }
    return Optional.empty();
  }
}
