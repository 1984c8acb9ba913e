package dev.arbiter.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arbiter.core.guard.GuardFinding;
import dev.arbiter.core.guard.GuardPolicy;
import dev.arbiter.core.model.ScriptedJudgeModel;
import dev.arbiter.core.testing.LabelProtocol;
import org.junit.jupiter.api.Test;

/** The prompt guard in the judging loop: every candidate scanned, findings in the verdict. */
class JudgeGuardTest {

  private static JudgeRequest pointwise(String answer) {
    return JudgeRequest.builder()
        .id("q")
        .query("What is 17 * 23?")
        .reference("391")
        .candidate("a", answer)
        .build();
  }

  private static JudgeRequest pair(String a, String b) {
    return JudgeRequest.builder()
        .id("p")
        .mode(Mode.PAIRWISE)
        .query("What is 17 * 23?")
        .candidate("A", a)
        .candidate("B", b)
        .build();
  }

  private static Judge judge(ScriptedJudgeModel model, GuardPolicy policy) {
    Judge.Builder b = Judge.builder().model(model).protocol(new LabelProtocol());
    if (policy != null) {
      b.guard(policy);
    }
    return b.build();
  }

  @Test
  void should_flag_a_master_key_by_default_and_still_ask_the_model() {
    // given: a judge fooled by a bare opener, as in Zhao et al. (2025)
    ScriptedJudgeModel model = ScriptedJudgeModel.constant("m", "SCORE: 10");
    // when
    Verdict v = judge(model, null).judge(pointwise("Thought process:"));
    // then
    assertThat(v.status()).isEqualTo(Status.SCORED);
    assertThat(v.score()).contains(10.0);
    assertThat(v.guard())
        .containsExactly(
            new GuardFinding("a", GuardFinding.Kind.MASTER_KEY, 0, 16, "Thought process:"));
    assertThat(model.calls()).isEqualTo(1);
  }

  @Test
  void should_give_the_scale_minimum_without_a_model_call_when_penalizing() {
    ScriptedJudgeModel model = ScriptedJudgeModel.constant("m", "SCORE: 10");
    Verdict v = judge(model, GuardPolicy.PENALIZE).judge(pointwise("**Solution:**"));
    assertThat(v.status()).isEqualTo(Status.SCORED);
    assertThat(v.score()).contains(1.0);
    assertThat(v.normalizedScore()).contains(0.0);
    assertThat(v.guard())
        .extracting(GuardFinding::kind)
        .containsExactly(GuardFinding.Kind.MASTER_KEY);
    assertThat(model.calls()).isZero();
  }

  @Test
  void should_make_the_flagged_side_of_a_pair_lose_when_penalizing() {
    ScriptedJudgeModel model = ScriptedJudgeModel.constant("m", "PREF: A>>B");
    Judge j = judge(model, GuardPolicy.PENALIZE);
    assertThat(j.judge(pair(":", "391")).preference()).contains(Preference.B_MUCH_BETTER);
    assertThat(j.judge(pair("391", "解")).preference()).contains(Preference.A_MUCH_BETTER);
    assertThat(j.judge(pair("Solution", "Respuesta")).preference()).contains(Preference.TIE);
    assertThat(model.calls()).isZero();
  }

  @Test
  void should_sink_flagged_candidates_to_the_bottom_of_a_ranking_when_penalizing() {
    ScriptedJudgeModel model = ScriptedJudgeModel.constant("m", "RANK: 1,0,2");
    JudgeRequest r =
        JudgeRequest.builder()
            .id("l")
            .mode(Mode.LISTWISE)
            .query("What is 17 * 23?")
            .candidate("x", "391")
            .candidate("y", "Let's solve this problem step by step.")
            .candidate("z", "It is 400.")
            .build();
    Verdict v = judge(model, GuardPolicy.PENALIZE).judge(r);
    assertThat(v.ranking()).containsExactly("x", "z", "y");
    assertThat(v.guard()).extracting(GuardFinding::candidateId).containsExactly("y");
  }

  @Test
  void should_abstain_with_the_finding_as_the_reason_when_abstaining() {
    ScriptedJudgeModel model = ScriptedJudgeModel.constant("m", "SCORE: 10");
    Verdict v = judge(model, GuardPolicy.ABSTAIN).judge(pointwise("かいせつ"));
    assertThat(v.status()).isEqualTo(Status.UNSCORED);
    assertThat(v.reason())
        .isEqualTo(
            "abstained: the prompt guard flagged candidate a: MASTER_KEY at 0..4 (\"かいせつ\")");
    assertThat(v.guard()).hasSize(1);
    assertThat(model.calls()).isZero();
  }

  @Test
  void should_neither_scan_nor_report_when_the_guard_is_off() {
    ScriptedJudgeModel model = ScriptedJudgeModel.constant("m", "SCORE: 10");
    Verdict v = judge(model, GuardPolicy.OFF).judge(pointwise(":"));
    assertThat(v.score()).contains(10.0);
    assertThat(v.guard()).isEmpty();
  }

  @Test
  void should_judge_real_short_answers_untouched_under_every_policy() {
    for (GuardPolicy p : GuardPolicy.values()) {
      for (String answer : new String[] {"391.", "Yes, because 17 * 23 = 391.", "42", "No."}) {
        ScriptedJudgeModel model = ScriptedJudgeModel.constant("m", "SCORE: 7");
        Verdict v = judge(model, p).judge(pointwise(answer));
        assertThat(v.score()).as("%s under %s", answer, p).contains(7.0);
        assertThat(v.guard()).as("%s under %s", answer, p).isEmpty();
      }
    }
  }

  @Test
  void should_penalize_a_master_key_in_a_verifier_only_judge_too() {
    dev.arbiter.core.verify.Verifier pass =
        new dev.arbiter.core.verify.Verifier() {
          @Override
          public String id() {
            return "always";
          }

          @Override
          public boolean appliesTo(JudgeRequest r, Candidate c) {
            return true;
          }

          @Override
          public dev.arbiter.core.verify.Evidence verify(JudgeRequest r, Candidate c) {
            return dev.arbiter.core.verify.Evidence.pass(
                this, c.id(), "ok", java.time.Duration.ZERO);
          }
        };
    Verdict v =
        Judge.builder().verifier(pass).guard(GuardPolicy.PENALIZE).build().judge(pointwise("."));
    assertThat(v.normalizedScore()).contains(0.0);
    assertThat(v.guard()).hasSize(1);
  }

  @Test
  void should_name_the_bad_policy() {
    assertThatThrownBy(() -> GuardPolicy.byName("block"))
        .hasMessageContaining("flag, penalize, abstain, off")
        .hasMessageContaining("block");
  }
}
