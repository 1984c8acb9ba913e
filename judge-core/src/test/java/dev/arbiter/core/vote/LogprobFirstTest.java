package dev.arbiter.core.vote;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbiter.core.Judgement;
import dev.arbiter.core.Mode;
import dev.arbiter.core.Preference;
import dev.arbiter.core.Sample;
import dev.arbiter.core.Scale;
import dev.arbiter.core.VerdictDistribution;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LogprobFirstTest {
  private static final StoppingRule RULE =
      StoppingRules.builder().pointwise(Scale.ONE_TO_TEN, 5.5).logprobFirst(0.9).build();

  private static Sample scored(double score, Map<Double, Double> scores) {
    return new Sample(
        0,
        0,
        "Rating: [[" + (int) score + "]]",
        "stop",
        List.of(),
        Judgement.ofScore(score, List.of(), ""),
        false,
        List.of(),
        "",
        Optional.of(new VerdictDistribution(0, scores, Map.of(), 1.0)));
  }

  private static Sample preferred(Preference p, Map<Preference, Double> preferences) {
    return new Sample(
        0,
        0,
        "[[B]]",
        "stop",
        List.of(),
        Judgement.ofPreference(p, List.of(), ""),
        false,
        List.of(),
        "",
        Optional.of(new VerdictDistribution(0, Map.of(), preferences, 1.0)));
  }

  @Test
  void should_draw_one_sample_first() {
    assertThat(RULE.nextRound(List.of(), 8)).isEqualTo(1);
  }

  @Test
  void should_stop_after_one_sample_whose_bucket_holds_enough_probability() {
    // 7 and 6 and 8 all lie above 5.5: P(bucket) = 0.95.
    var s = scored(7, Map.of(7.0, 0.7, 6.0, 0.15, 8.0, 0.1, 5.0, 0.05));
    assertThat(RULE.canStop(Mode.POINTWISE, List.of(s), 8)).isTrue();
  }

  @Test
  void should_go_on_when_the_verdict_token_is_split_across_the_boundary() {
    var s = scored(6, Map.of(6.0, 0.55, 5.0, 0.45));
    assertThat(RULE.canStop(Mode.POINTWISE, List.of(s), 8)).isFalse();
    assertThat(RULE.nextRound(List.of(s), 8)).isBetween(1, 7);
  }

  @Test
  void should_go_on_when_the_sample_has_no_distribution() {
    assertThat(RULE.canStop(Mode.POINTWISE, List.of(Samples.score(0, 9)), 8)).isFalse();
  }

  @Test
  void should_weigh_a_pairwise_direction_over_its_labels() {
    var sure =
        preferred(
            Preference.B_BETTER,
            Map.of(Preference.B_BETTER, 0.6, Preference.B_MUCH_BETTER, 0.35, Preference.TIE, 0.05));
    var split =
        preferred(Preference.B_BETTER, Map.of(Preference.B_BETTER, 0.7, Preference.A_BETTER, 0.3));
    assertThat(RULE.canStop(Mode.PAIRWISE, List.of(sure), 8)).isTrue();
    assertThat(RULE.canStop(Mode.PAIRWISE, List.of(split), 8)).isFalse();
  }

  @Test
  void should_only_let_the_first_sample_decide_alone() {
    var sure = scored(9, Map.of(9.0, 1.0));
    var other = scored(2, Map.of(2.0, 1.0));
    assertThat(RULE.canStop(Mode.POINTWISE, List.of(other, sure), 8)).isFalse();
  }

  @Test
  void should_refuse_a_threshold_at_or_below_one_half() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> StoppingRules.builder().logprobFirst(0.5))
        .hasMessageContaining("logprobFirst");
  }
}
