package dev.arbiter.core.reward;

import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.Judge;
import dev.arbiter.core.Scale;
import dev.arbiter.core.guard.GuardPolicy;
import java.util.Objects;

/**
 * Builds a {@link Judge} that decides with a {@link RewardModel}: no judge model, no prompt, one
 * deterministic evaluation per request.
 *
 * <ul>
 *   <li>Pointwise: the normalised score is {@code σ(r)} (so 0.5 is a reward of 0, which for a
 *       Bradley-Terry head is only meaningful relative to the rewards it was centred on), mapped
 *       onto the scale.
 *   <li>Pairwise: {@code p = σ(r_A − r_B)} is the probability that A is preferred; the preference
 *       is strong ({@code A>>B}) when {@code p ≥ 0.75}, plain ({@code A>B}) when {@code p > 0.5},
 *       and the same for B; an exact 0.5 is a tie. Both candidates are scored alone, so the order
 *       they are shown in cannot matter and no swapped order is run.
 *   <li>Listwise: candidates ranked by reward, ties in request order.
 * </ul>
 *
 * <p>The verdict's {@code confidence().agreement()} is the model's probability of its own decision
 * ({@code max(p, 1 − p)}; pointwise {@code max(σ(r), 1 − σ(r))}; listwise the probability that the
 * first beats the second), so a {@link dev.arbiter.core.ensemble.Cascade} can use a reward model as
 * its cheap stage. {@code candidateScores} holds {@code σ(r)} per candidate, and one critique lists
 * the raw rewards. The provenance names the reward model ({@link RewardModel#id()}) and what it is
 * built on ({@link RewardModel#revision()}), protocol {@code reward-model}.
 *
 * <p>With {@link Builder#afterVerifiers(Judge)}, a verifier-only judge runs first and its verdict
 * stands whenever it is not UNSCORED (verifiers decided, or it failed), or when its guard
 * abstained; only requests no verifier could decide reach the reward model, which then keeps that
 * verdict's evidence and guard findings. A reward model reads candidate text, so the prompt guard's
 * findings apply as for a judge model: under {@link GuardPolicy#PENALIZE} flagged candidates lose
 * (pointwise the scale's minimum, pairwise the other side, listwise the bottom), under {@link
 * GuardPolicy#ABSTAIN} the request is UNSCORED.
 *
 * {@snippet :
 * Judge judge = RewardJudge.builder()
 *     .model(RewardModels.embedded().orElseThrow())
 *     .scale(Scale.ONE_TO_TEN)
 *     .build();
 * }
 */
public final class RewardJudge {
  private RewardJudge() {}

  public static Builder builder() {
    return new Builder();
  }

  /** Builds a reward-model judge; validates eagerly. */
  public static final class Builder {
    private RewardModel model;
    private Scale scale = Scale.ONE_TO_TEN;
    private GuardPolicy guard = GuardPolicy.FLAG;
    private Judge verifiers;

    private Builder() {}

    /** The reward model. Required. */
    public Builder model(RewardModel model) {
      this.model = Objects.requireNonNull(model, "model");
      return this;
    }

    /** The pointwise scale (default 1–10). */
    public Builder scale(Scale scale) {
      this.scale = Objects.requireNonNull(scale, "scale");
      return this;
    }

    /** What a candidate the prompt guard flagged costs (default: flag only). */
    public Builder guard(GuardPolicy guard) {
      this.guard = Objects.requireNonNull(guard, "guard");
      return this;
    }

    /**
     * A verifier-only judge asked first; its verdict stands unless it is UNSCORED (see the class
     * comment). It should run the guard with the same policy.
     */
    public Builder afterVerifiers(Judge verifiers) {
      this.verifiers = Objects.requireNonNull(verifiers, "verifiers");
      return this;
    }

    public Judge build() {
      if (model == null) {
        throw InvalidInputException.of("model", "a reward-model judge needs a reward model");
      }
      return new RewardModelJudge(model, scale, guard, verifiers);
    }
  }
}
