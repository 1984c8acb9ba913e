package dev.arbiter.onnx.reward;

import dev.arbiter.core.Candidate;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.JudgeRequest;
import dev.arbiter.core.NonRetriableException;
import dev.arbiter.core.reward.RewardModel;
import dev.arbiter.onnx.Embeddings;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A CPU-only reward model: a {@link RewardHead} over sentence embeddings of the query and the
 * response (see {@link RewardFeatures}), computed in process by {@link Embeddings#miniLm()}. Its id
 * is {@code embedding-rm:NAME@SHA} and its revision the embedding model's id, so every verdict
 * names both. Thread-safe.
 *
 * {@snippet :
 * RewardModel rm = EmbeddingRewardModel.embeddedDefault();   // the head shipped in this jar
 * Judge judge = RewardJudge.builder().model(rm).build();
 * }
 */
public final class EmbeddingRewardModel implements RewardModel {
  /**
   * The resource holding the default head, trained on HH-RLHF harmless-base (docs/reward-model.md).
   */
  static final String DEFAULT_HEAD = "/dev/arbiter/onnx/reward/hh-harmless-base.json";

  private final RewardHead head;
  private final Embeddings embeddings;
  private final RewardFeatures features;
  private final double[] weights;
  private final String id;

  private EmbeddingRewardModel(RewardHead head, Embeddings embeddings) {
    this.head = head;
    this.embeddings = embeddings;
    this.features = new RewardFeatures(embeddings);
    this.weights = head.weightArray();
    this.id = head.modelId();
  }

  /**
   * The model {@code head} describes over {@code embeddings}.
   *
   * @throws InvalidInputException when the head has the wrong number of weights for the embedding
   *     dimension
   */
  public static EmbeddingRewardModel of(RewardHead head, Embeddings embeddings) {
    int expected = 2 * embeddings.dimension() + 2;
    if (head.weights().size() != expected) {
      throw InvalidInputException.of(
          "weights",
          "expected "
              + expected
              + " weights for "
              + embeddings.dimension()
              + "-dimensional embeddings but the head has "
              + head.weights().size());
    }
    return new EmbeddingRewardModel(head, embeddings);
  }

  /** The model {@code head} describes over the built-in all-MiniLM-L6-v2. */
  public static EmbeddingRewardModel of(RewardHead head) {
    return of(head, Embeddings.miniLm());
  }

  /** The head shipped in this jar (trained on HH-RLHF harmless-base), over all-MiniLM-L6-v2. */
  public static EmbeddingRewardModel embeddedDefault() {
    return of(defaultHead());
  }

  /**
   * The head shipped in this jar.
   *
   * @throws NonRetriableException when the resource is missing or unreadable (a broken build)
   */
  public static RewardHead defaultHead() {
    try (InputStream in = EmbeddingRewardModel.class.getResourceAsStream(DEFAULT_HEAD)) {
      if (in == null) {
        throw new NonRetriableException("the default reward head " + DEFAULT_HEAD + " is missing");
      }
      return RewardHead.read(in, "classpath:" + DEFAULT_HEAD);
    } catch (IOException e) {
      throw new NonRetriableException("cannot read " + DEFAULT_HEAD + ": " + e.getMessage());
    }
  }

  /** The head behind this model. */
  public RewardHead head() {
    return head;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public Optional<String> revision() {
    return Optional.of(head.embeddingModel());
  }

  @Override
  public List<Double> rewards(JudgeRequest request) {
    checkEmbeddingModel();
    float[] q = features.embed(Dialogue.query(request.conversation()));
    List<Double> out = new ArrayList<>();
    for (Candidate c : request.candidates()) {
      out.add(reward(q, c.text()));
    }
    return List.copyOf(out);
  }

  /**
   * The reward of {@code response} to {@code query}, where the query is a whole dialogue in the
   * HH-RLHF layout ({@code "\n\nHuman: …"}).
   */
  public double reward(String query, String response) {
    checkEmbeddingModel();
    return reward(features.embed(query), response);
  }

  /** The rewards of a pair's chosen and rejected responses. */
  double[] rewards(PreferencePair pair) {
    checkEmbeddingModel();
    float[] q = features.embed(pair.query());
    return new double[] {reward(q, pair.chosen()), reward(q, pair.rejected())};
  }

  private double reward(float[] q, String response) {
    double[] f = features.of(q, response);
    double s = head.bias();
    for (int i = 0; i < f.length; i++) {
      s += weights[i] * f[i];
    }
    return s;
  }

  private void checkEmbeddingModel() {
    if (!embeddings.modelId().equals(head.embeddingModel())) {
      throw new NonRetriableException(
          "reward head "
              + id
              + " was trained on embeddings of "
              + head.embeddingModel()
              + " but this process embeds with "
              + embeddings.modelId());
    }
  }
}
