/**
 * Judging with a scalar reward model instead of a judge model.
 *
 * <p>A {@link dev.arbiter.core.reward.RewardModel} gives each candidate a reward; {@link
 * dev.arbiter.core.reward.RewardJudge} turns it into a {@link dev.arbiter.core.Judge} (pointwise:
 * σ(reward) on the scale; pairwise: σ(r_A − r_B) as the preference; listwise: rewards in order),
 * optionally behind a verifier-only judge whose verdict stands whenever the verifiers decide.
 * {@link dev.arbiter.core.reward.RewardModels} finds a {@link
 * dev.arbiter.core.reward.RewardModelProvider} on the class path (arbiter-onnx supplies the
 * embedding reward model).
 *
 * <p>Nothing in this package returns null.
 */
package dev.arbiter.core.reward;
