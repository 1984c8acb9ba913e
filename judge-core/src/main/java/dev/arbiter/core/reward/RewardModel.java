package dev.arbiter.core.reward;

import dev.arbiter.core.JudgeRequest;
import java.util.List;
import java.util.Optional;

/**
 * A scalar reward model that runs without a judge model: a request in, one reward per candidate
 * out. Rewards are on the logit scale of a Bradley-Terry model, so {@code σ(r_A − r_B)} is the
 * model's probability that A is preferred; only differences between rewards of the same query are
 * meaningful. Implementations are thread-safe.
 *
 * <p>{@link RewardJudge} turns a reward model into a {@link dev.arbiter.core.Judge}.
 */
public interface RewardModel {

  /** Names the model and its weights, e.g. {@code "embedding-rm:hh-harmless-base@3f2a9c1b07de"}. */
  String id();

  /** What the model is built on, e.g. the embedding model's id; empty when nothing to add. */
  Optional<String> revision();

  /**
   * The reward of each candidate of {@code request}, in request order.
   *
   * @throws dev.arbiter.core.InvalidInputException when a candidate or the query has no text the
   *     model can read
   * @throws dev.arbiter.core.NonRetriableException when the model cannot be loaded
   */
  List<Double> rewards(JudgeRequest request);
}
