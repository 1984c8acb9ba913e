package dev.arbiter.core.ensemble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.core.Composition;
import dev.arbiter.core.Judge;
import dev.arbiter.core.SamplingParams;
import dev.arbiter.core.Status;
import dev.arbiter.core.Verdict;
import dev.arbiter.core.json.VerdictJson;
import dev.arbiter.core.model.ScriptedJudgeModel;
import dev.arbiter.core.testing.LabelProtocol;
import org.junit.jupiter.api.Test;

class CascadeTest {

  /** A cheap judge of three samples answering these scores. */
  private static Judge cheap(ScriptedJudgeModel model) {
    return Judge.builder()
        .model(model)
        .protocol(new LabelProtocol())
        .sampling(SamplingParams.DEFAULT.withSamples(3).withTemperature(0.7))
        .build();
  }

  private static ScriptedJudgeModel votes(String id, int... scores) {
    return ScriptedJudgeModel.of(id, (r, i) -> "SCORE: " + scores[i]);
  }

  @Test
  void should_keep_the_cheap_verdict_when_its_confidence_clears_the_threshold() {
    // given
    ScriptedJudgeModel small = votes("small", 8, 8, 8);
    ScriptedJudgeModel large = ScriptedJudgeModel.constant("large", "SCORE: 3");
    Judge cascade =
        Cascade.builder()
            .cheap("small", cheap(small))
            .strong("large", Judge.builder().model(large).protocol(new LabelProtocol()).build())
            .threshold(0.9)
            .build();
    // when
    Verdict v = cascade.judge(PanelTest.pointwise());
    // then
    assertThat(v.score()).contains(8.0);
    assertThat(v.composition().get().stage()).contains("small");
    assertThat(v.composition().get().members()).hasSize(1);
    assertThat(large.calls()).isZero();
    JsonNode json = VerdictJson.of(1, v, false);
    assertThat(json.get("stage").asText()).isEqualTo("small");
    assertThat(json.get("cascade")).hasSize(1);
  }

  @Test
  void should_escalate_to_the_strong_judge_when_the_cheap_one_is_unsure() {
    // given: the cheap samples split 2:1, agreement 2/3 < 0.9
    ScriptedJudgeModel small = votes("small", 8, 8, 3);
    ScriptedJudgeModel large = ScriptedJudgeModel.constant("large", "SCORE: 4");
    Judge cascade =
        Cascade.builder()
            .cheap("small", cheap(small))
            .strong("large", Judge.builder().model(large).protocol(new LabelProtocol()).build())
            .threshold(0.9)
            .build();
    // when
    Verdict v = cascade.judge(PanelTest.pointwise());
    // then
    assertThat(v.score()).contains(4.0);
    assertThat(v.provenance().model()).isEqualTo("large");
    Composition c = v.composition().get();
    assertThat(c.kind()).isEqualTo(Composition.Kind.CASCADE);
    assertThat(c.stage()).contains("large");
    assertThat(c.members()).extracting(Composition.Member::name).containsExactly("small", "large");
    assertThat(c.members().get(0).verdict().confidence().agreement())
        .isCloseTo(2.0 / 3, offset(1e-9));
    assertThat(v.usage().calls()).isEqualTo(2);
    assertThat(large.calls()).isEqualTo(1);
  }

  @Test
  void should_escalate_when_the_cheap_judge_fails() {
    Judge cascade =
        Cascade.builder()
            .cheap("small", PanelTest.throwingJudge())
            .strong("large", PanelTest.scoring("large", 5))
            .threshold(0.0)
            .build();

    Verdict v = cascade.judge(PanelTest.pointwise());

    assertThat(v.status()).isEqualTo(Status.SCORED);
    assertThat(v.score()).contains(5.0);
    assertThat(v.composition().get().members().get(0).verdict().status()).isEqualTo(Status.ERROR);
  }

  @Test
  void should_send_everything_to_the_strong_judge_with_an_infinite_threshold() {
    ScriptedJudgeModel small = votes("small", 8, 8, 8);
    Judge cascade =
        Cascade.builder()
            .cheap("small", cheap(small))
            .strong("large", PanelTest.scoring("large", 2))
            .threshold(Double.POSITIVE_INFINITY)
            .build();

    assertThat(cascade.judge(PanelTest.pointwise()).score()).contains(2.0);
  }

  @Test
  void should_refuse_a_cascade_without_both_stages_or_with_a_negative_threshold() {
    assertThatThrownBy(() -> Cascade.builder().cheap("a", PanelTest.scoring("a", 1)).build())
        .hasMessageContaining("a cheap and a strong judge");
    assertThatThrownBy(() -> Cascade.builder().threshold(-0.1)).hasMessageContaining(">= 0");
  }

  @Test
  void should_tally_the_strong_share_and_the_tokens_it_saved() {
    // given: the cheap judge is sure of the "certain" record only
    ScriptedJudgeModel small =
        ScriptedJudgeModel.of(
            "small",
            (r, i) ->
                r.messages().get(1).content().contains("certain") || i < 2
                    ? "SCORE: 8"
                    : "SCORE: 2");
    ScriptedJudgeModel large = ScriptedJudgeModel.constant("large", "SCORE: 5");
    Judge strongJudge = Judge.builder().model(large).protocol(new LabelProtocol()).build();
    CascadeTally tally = CascadeTally.create();
    Judge cascade =
        tally.observe(
            Cascade.builder()
                .cheap("small", cheap(small))
                .strong("large", strongJudge)
                .threshold(0.9)
                .build());
    // when
    cascade.judge(request("certain"));
    cascade.judge(request("doubtful 1"));
    cascade.judge(request("doubtful 2"));
    // then
    assertThat(tally.records()).isEqualTo(3);
    assertThat(tally.strongDecided()).isEqualTo(2);
    long perStrongRecord = tally.strongUsage().totalTokens() / 2;
    assertThat(perStrongRecord).isPositive();
    assertThat(tally.strongTokensSaved()).isEqualTo(perStrongRecord);
    assertThat(tally.render().get()).contains("strong judge decided 2 of 3 records (66.7 %)");
    assertThat(CascadeTally.create().render()).isEmpty();
  }

  private static dev.arbiter.core.JudgeRequest request(String query) {
    return dev.arbiter.core.JudgeRequest.builder()
        .id(query)
        .query(query)
        .candidate("a", "x")
        .build();
  }
}
