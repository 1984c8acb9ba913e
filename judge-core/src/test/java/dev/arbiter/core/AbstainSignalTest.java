package dev.arbiter.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arbiter.core.model.ChatRequest;
import dev.arbiter.core.model.ScriptedJudgeModel;
import dev.arbiter.core.testing.LabelProtocol;
import dev.arbiter.core.vote.AbstentionSignals.Signal;
import org.junit.jupiter.api.Test;

class AbstainSignalTest {

  private static final JudgeRequest PAIR =
      JudgeRequest.builder()
          .id("p1")
          .mode(Mode.PAIRWISE)
          .query("What is 2+2?")
          .candidate("good", "4")
          .candidate("bad", "5")
          .build();

  /** The letter the candidate "good" has in this prompt. */
  private static String good(ChatRequest r) {
    String u = r.messages().get(1).content();
    return u.indexOf("CANDIDATE good") < u.indexOf("CANDIDATE bad") ? "A" : "B";
  }

  /** Every sample prefers "good", half of them strongly: one direction, two strengths. */
  private static final ScriptedJudgeModel SURE_OF_THE_SIDE =
      ScriptedJudgeModel.of(
          "m",
          (r, i) -> {
            String g = good(r);
            String other = g.equals("A") ? "B" : "A";
            return "PREF: " + g + (i % 2 == 0 ? ">>" : ">") + other;
          });

  private static Judge judge(Signal signal) {
    return Judge.builder()
        .model(SURE_OF_THE_SIDE)
        .protocol(new LabelProtocol())
        .sampling(SamplingParams.DEFAULT.withSamples(4))
        .abstainBelow(0.75)
        .abstainSignal(signal)
        .build();
  }

  @Test
  void should_abstain_on_strength_level_agreement_but_not_on_direction_level_agreement() {
    // when
    Verdict byAgreement = judge(Signal.AGREEMENT).judge(PAIR);
    Verdict byDirection = judge(Signal.DIRECTION).judge(PAIR);
    Verdict byCombined = judge(Signal.COMBINED).judge(PAIR);

    // then: A>>B and A>B split the votes 50/50 but agree on the side, in both orders
    assertThat(byAgreement.status()).isEqualTo(Status.UNSCORED);
    assertThat(byAgreement.reason()).isEqualTo("abstained: agreement 0.500 is below 0.750");
    assertThat(byDirection.status()).isEqualTo(Status.SCORED);
    assertThat(byDirection.preference().orElseThrow().vote()).isEqualTo(1);
    assertThat(byCombined.status()).isEqualTo(Status.SCORED);
  }

  @Test
  void should_abstain_under_the_order_signal_when_the_orders_disagree() {
    // given: the judge always prefers whichever answer it is shown first
    ScriptedJudgeModel firstWins = ScriptedJudgeModel.of("m", (r, i) -> "PREF: A>B");
    Judge judge =
        Judge.builder()
            .model(firstWins)
            .protocol(new LabelProtocol())
            .sampling(SamplingParams.DEFAULT.withSamples(2))
            .abstainBelow(0.5)
            .abstainSignal(Signal.ORDER)
            .build();

    // when
    Verdict v = judge.judge(PAIR);

    // then: agreement (0.5, A>B and B>A once mapped back) would keep it; its orders are opposite
    assertThat(v.status()).isEqualTo(Status.UNSCORED);
    assertThat(v.reason()).isEqualTo("abstained: order 0.000 is below 0.500");
  }

  @Test
  void should_refuse_the_panel_signal_for_a_single_judge() {
    assertThatThrownBy(() -> Judge.builder().abstainSignal(Signal.PANEL))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("abstainSignal");
  }
}
