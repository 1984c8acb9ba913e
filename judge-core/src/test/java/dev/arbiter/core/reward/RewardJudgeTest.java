package dev.arbiter.core.reward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbiter.core.Candidate;
import dev.arbiter.core.Judge;
import dev.arbiter.core.JudgeRequest;
import dev.arbiter.core.Mode;
import dev.arbiter.core.Preference;
import dev.arbiter.core.Scale;
import dev.arbiter.core.Status;
import dev.arbiter.core.Verdict;
import dev.arbiter.core.guard.GuardPolicy;
import dev.arbiter.core.verify.Evidence;
import dev.arbiter.core.verify.Verifier;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RewardJudgeTest {

  /** Rewards from a table keyed by candidate text; counts its calls. */
  static class TableModel implements RewardModel {
    final Map<String, Double> rewards;
    final AtomicInteger calls = new AtomicInteger();

    TableModel(Map<String, Double> rewards) {
      this.rewards = rewards;
    }

    @Override
    public String id() {
      return "embedding-rm:test@000000000000";
    }

    @Override
    public Optional<String> revision() {
      return Optional.of("test-embeddings@1");
    }

    @Override
    public List<Double> rewards(JudgeRequest request) {
      calls.incrementAndGet();
      return request.candidates().stream().map(c -> rewards.get(c.text())).toList();
    }
  }

  /** Passes a candidate equal to the reference; applies only with a reference. */
  static final class ExactMatch implements Verifier {
    @Override
    public String id() {
      return "exact";
    }

    @Override
    public boolean appliesTo(JudgeRequest request, Candidate candidate) {
      return request.reference().isPresent();
    }

    @Override
    public Evidence verify(JudgeRequest request, Candidate candidate) {
      return candidate.text().equals(request.reference().get())
          ? Evidence.pass(this, candidate.id(), "equal", Duration.ZERO)
          : Evidence.fail(this, candidate.id(), "differs", Duration.ZERO);
    }
  }

  static final TableModel MODEL =
      new TableModel(Map.of("good", 2.0, "fair", 1.5, "bad", -1.0, "**Thought process:**", 5.0));

  static JudgeRequest pair(String a, String b) {
    return JudgeRequest.builder()
        .id("p")
        .mode(Mode.PAIRWISE)
        .query("q?")
        .candidate("A", a)
        .candidate("B", b)
        .build();
  }

  @Test
  void should_prefer_the_higher_reward_with_strength_from_the_probability() {
    Judge judge = RewardJudge.builder().model(MODEL).build();

    Verdict strong = judge.judge(pair("bad", "good"));
    Verdict plain = judge.judge(pair("good", "fair"));

    // σ(−3) = 0.047: B much better; σ(0.5) = 0.62: A better.
    assertThat(strong.status()).isEqualTo(Status.SCORED);
    assertThat(strong.preference()).contains(Preference.B_MUCH_BETTER);
    assertThat(strong.confidence().agreement())
        .isCloseTo(0.9526, org.assertj.core.data.Offset.offset(1e-4));
    assertThat(plain.preference()).contains(Preference.A_BETTER);
    assertThat(plain.candidateScores().get(0))
        .isCloseTo(0.8808, org.assertj.core.data.Offset.offset(1e-4));
    assertThat(plain.critiques().get(0).text())
        .contains("A reward 2.0000")
        .contains("B reward 1.5000");
  }

  @Test
  void should_name_the_reward_model_and_its_embeddings_in_the_provenance() {
    Verdict v = RewardJudge.builder().model(MODEL).build().judge(pair("good", "bad"));

    assertThat(v.provenance().model()).isEqualTo("embedding-rm:test@000000000000");
    assertThat(v.provenance().modelRevision()).contains("test-embeddings@1");
    assertThat(v.provenance().protocolId()).isEqualTo("reward-model");
  }

  @Test
  void should_map_a_pointwise_reward_through_the_sigmoid_onto_the_scale() {
    Verdict v =
        RewardJudge.builder()
            .model(MODEL)
            .scale(Scale.ONE_TO_TEN)
            .build()
            .judge(JudgeRequest.builder().id("x").query("q?").candidate("A", "bad").build());

    // σ(−1) = 0.2689 → 1 + 9 × 0.2689 = 3.42
    assertThat(v.normalizedScore().get())
        .isCloseTo(0.2689, org.assertj.core.data.Offset.offset(1e-4));
    assertThat(v.score().get()).isCloseTo(3.42, org.assertj.core.data.Offset.offset(1e-2));
  }

  @Test
  void should_rank_listwise_by_reward() {
    Verdict v =
        RewardJudge.builder()
            .model(MODEL)
            .build()
            .judge(
                JudgeRequest.builder()
                    .id("l")
                    .mode(Mode.LISTWISE)
                    .query("q?")
                    .candidate("x", "fair")
                    .candidate("y", "bad")
                    .candidate("z", "good")
                    .build());

    assertThat(v.ranking()).containsExactly("z", "x", "y");
  }

  @Test
  void should_leave_to_the_verifiers_what_they_decide_and_score_the_rest() {
    TableModel model = new TableModel(MODEL.rewards);
    Judge verifiers = Judge.builder().verifier(new ExactMatch()).build();
    Judge judge = RewardJudge.builder().model(model).afterVerifiers(verifiers).build();

    // The reward model prefers "good", but the reference says "bad" is right.
    Verdict checked = judge.judge(pair("good", "bad").toBuilder().reference("bad").build());
    Verdict open = judge.judge(pair("good", "bad"));

    assertThat(checked.preference()).contains(Preference.B_MUCH_BETTER);
    assertThat(checked.provenance().model()).isEmpty();
    assertThat(checked.evidence()).hasSize(2);
    assertThat(open.preference()).contains(Preference.A_MUCH_BETTER);
    assertThat(open.provenance().model()).isEqualTo(model.id());
    assertThat(model.calls.get()).isEqualTo(1);
  }

  @Test
  void should_apply_the_guard_policy_to_flagged_candidates() {
    JudgeRequest flagged = pair("**Thought process:**", "bad");

    Verdict flag = RewardJudge.builder().model(MODEL).build().judge(flagged);
    Verdict penalize =
        RewardJudge.builder().model(MODEL).guard(GuardPolicy.PENALIZE).build().judge(flagged);
    Verdict abstain =
        RewardJudge.builder().model(MODEL).guard(GuardPolicy.ABSTAIN).build().judge(flagged);

    assertThat(flag.preference()).contains(Preference.A_MUCH_BETTER);
    assertThat(flag.guard()).hasSize(1);
    assertThat(penalize.preference()).contains(Preference.B_MUCH_BETTER);
    assertThat(abstain.status()).isEqualTo(Status.UNSCORED);
    assertThat(abstain.reason()).startsWith("abstained: the prompt guard flagged");
  }

  @Test
  void should_turn_a_failing_reward_model_into_an_error_verdict() {
    RewardModel broken =
        new TableModel(Map.of()) {
          @Override
          public List<Double> rewards(JudgeRequest request) {
            throw new dev.arbiter.core.NonRetriableException("no native library");
          }
        };

    Verdict v = RewardJudge.builder().model(broken).build().judge(pair("good", "bad"));

    assertThat(v.status()).isEqualTo(Status.ERROR);
    assertThat(v.reason()).isEqualTo("not retriable: no native library");
    assertThat(v.provenance().model()).isEqualTo("embedding-rm:test@000000000000");
  }
}
