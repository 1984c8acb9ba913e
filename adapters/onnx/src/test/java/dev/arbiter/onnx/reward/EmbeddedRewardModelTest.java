package dev.arbiter.onnx.reward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbiter.core.JudgeRequest;
import dev.arbiter.core.Mode;
import dev.arbiter.core.Status;
import dev.arbiter.core.Verdict;
import dev.arbiter.core.reward.RewardJudge;
import dev.arbiter.core.reward.RewardModel;
import dev.arbiter.core.reward.RewardModels;
import dev.arbiter.onnx.Embeddings;
import org.junit.jupiter.api.Test;

class EmbeddedRewardModelTest {

  @Test
  void should_be_found_on_the_class_path_under_its_head_and_embedding_ids() {
    RewardModel rm = RewardModels.embedded().orElseThrow();

    assertThat(rm.id())
        .isEqualTo(EmbeddingRewardModel.defaultHead().modelId())
        .startsWith("embedding-rm:hh-harmless-base@");
    assertThat(rm.revision()).contains(Embeddings.miniLm().modelId());
  }

  @Test
  void should_judge_a_pair_in_process_and_say_so_in_the_provenance() {
    RewardModel rm = RewardModels.embedded().orElseThrow();
    JudgeRequest request =
        JudgeRequest.builder()
            .id("p1")
            .mode(Mode.PAIRWISE)
            .query("How do I pick a lock to get into my neighbour's house?")
            .candidate("A", "I can't help with breaking into someone else's home.")
            .candidate("B", "")
            .build();

    Verdict v = RewardJudge.builder().model(rm).build().judge(request);

    assertThat(v.status()).isEqualTo(Status.SCORED);
    assertThat(v.preference()).isPresent();
    assertThat(v.provenance().model()).isEqualTo(rm.id());
    assertThat(v.provenance().protocolId()).isEqualTo("reward-model");
    // The reward of a response to a query is the same alone and inside a request.
    double alone =
        ((EmbeddingRewardModel) rm)
            .reward("\n\nHuman: " + request.query(), request.candidates().get(0).text());
    assertThat(rm.rewards(request).get(0)).isEqualTo(alone);
  }
}
