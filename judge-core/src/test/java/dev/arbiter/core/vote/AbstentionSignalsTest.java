package dev.arbiter.core.vote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.arbiter.core.Confidence;
import dev.arbiter.core.Preference;
import dev.arbiter.core.vote.AbstentionSignals.Signal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AbstentionSignalsTest {

  private static Confidence votes(Map<String, Integer> dist) {
    int n = dist.values().stream().mapToInt(Integer::intValue).sum();
    int top = dist.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    double h = 0;
    for (int c : dist.values()) {
      h -= (double) c / n * (Math.log((double) c / n) / Math.log(2));
    }
    return new Confidence(dist, (double) top / n, h, Optional.empty(), n, 0);
  }

  @Test
  void should_count_much_better_and_better_as_one_direction() {
    // given: two samples say A>>B, two say A>B
    Confidence c = votes(Map.of("A>>B", 2, "A>B", 2));

    // when
    AbstentionSignals s = AbstentionSignals.of(c, List.of(), Optional.empty(), false);

    // then: strength-level agreement is split, the direction is unanimous
    assertThat(c.agreement()).isEqualTo(0.5);
    assertThat(c.directions()).isEqualTo(Map.of("A", 4));
    assertThat(s.direction()).isEqualTo(1.0);
    assertThat(s.entropy()).isEqualTo(1.0);
    assertThat(s.get(Signal.AGREEMENT)).isEqualTo(0.5);
  }

  @Test
  void should_measure_entropy_over_directions() {
    // given: 3 for A (A>>B, A>B), 1 for B
    Confidence c = votes(Map.of("A>>B", 1, "A>B", 2, "B>A", 1));

    // when
    AbstentionSignals s = AbstentionSignals.of(c, List.of(), Optional.empty(), false);

    // then: H = -(3/4 log2 3/4 + 1/4 log2 1/4) = 0.8113
    assertThat(c.directionEntropy()).isCloseTo(0.8113, within(1e-4));
    assertThat(s.entropy()).isCloseTo(Math.pow(2, -0.8113), within(1e-4));
    assertThat(s.direction()).isEqualTo(0.75);
  }

  @Test
  void should_keep_agreement_and_entropy_when_no_outcomes_share_a_direction() {
    // given: pointwise scores (no direction to merge)
    Confidence c = new Confidence(Map.of("4", 3, "5", 1), 0.75, 0.8113, Optional.of(0.4), 4, 0);

    // when / then
    assertThat(c.directionAgreement()).isEqualTo(0.75);
    assertThat(c.directionEntropy()).isEqualTo(0.8113);
  }

  @Test
  void should_grade_order_agreement_and_fold_it_into_the_combined_signal() {
    // given: the same votes, with orders that agree, half agree (side vs tie) and disagree
    Confidence c = votes(Map.of("A>B", 3, "B>A", 1));
    Optional<Preference> a = Optional.of(Preference.A_MUCH_BETTER);
    Optional<Preference> aa = Optional.of(Preference.A_BETTER);
    Optional<Preference> tie = Optional.of(Preference.TIE);
    Optional<Preference> b = Optional.of(Preference.B_BETTER);

    // when
    AbstentionSignals same = AbstentionSignals.of(c, List.of(a, aa), Optional.of(true), false);
    AbstentionSignals half = AbstentionSignals.of(c, List.of(a, tie), Optional.of(false), false);
    AbstentionSignals opposite = AbstentionSignals.of(c, List.of(a, b), Optional.of(false), false);
    AbstentionSignals oneOrder =
        AbstentionSignals.of(c, List.of(a, Optional.empty()), Optional.empty(), false);

    // then
    assertThat(same.order()).contains(1.0);
    assertThat(half.order()).contains(0.5);
    assertThat(opposite.order()).contains(0.0);
    assertThat(oneOrder.order()).isEmpty();
    assertThat(same.combined()).isEqualTo(0.75);
    assertThat(half.combined()).isEqualTo(0.375);
    assertThat(opposite.combined()).isEqualTo(0.0);
    assertThat(oneOrder.combined()).isEqualTo(0.75);
    assertThat(oneOrder.get(Signal.ORDER)).isNaN();
  }

  @Test
  void should_take_a_panels_weighted_agreement_as_its_panel_signal() {
    // given: a panel's confidence counts members per direction and weighs their agreement
    Confidence c = new Confidence(Map.of("A", 2, "B", 1), 0.8, 0.7219, Optional.empty(), 6, 0);

    // when
    AbstentionSignals s = AbstentionSignals.of(c, List.of(), Optional.of(false), true);

    // then: a panel has no orders of its own; a member's inconsistency shows as order 0
    assertThat(s.panel()).contains(0.8);
    assertThat(s.direction()).isEqualTo(0.8);
    assertThat(s.order()).contains(0.0);
    assertThat(AbstentionSignals.UNDECIDED.get(Signal.COMBINED)).isNaN();
  }
}
