/**
 * A reward model that needs no server: a linear Bradley-Terry head over in-process sentence
 * embeddings of the query and the response.
 *
 * <p>{@link dev.arbiter.onnx.reward.PreferencePairs} reads preference pairs (HH-RLHF dialogues or
 * Arbiter's query/chosen/rejected), {@link dev.arbiter.onnx.reward.RewardTraining} splits them and
 * fits a {@link dev.arbiter.onnx.reward.RewardHead} (package-private {@code RewardFeatures} and
 * {@code HeadTrainer}), and {@link dev.arbiter.onnx.reward.EmbeddingRewardModel} is the {@link
 * dev.arbiter.core.reward.RewardModel} a {@link dev.arbiter.core.reward.RewardJudge} judges with.
 * {@link dev.arbiter.onnx.reward.EmbeddedRewardModelProvider} makes the shipped head the default of
 * judges without a judge model. See docs/reward-model.md.
 *
 * <p>Nothing in this package returns null.
 */
package dev.arbiter.onnx.reward;
