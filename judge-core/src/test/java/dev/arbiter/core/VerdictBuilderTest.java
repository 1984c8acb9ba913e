package dev.arbiter.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VerdictBuilderTest {

  private static Verdict full() {
    return Verdict.builder("r1", Mode.PAIRWISE, Status.SCORED)
        .reason("")
        .preference(Optional.of(Preference.A_BETTER))
        .orders(
            List.of(new OrderDecision(0, Optional.of(Preference.A_BETTER), 1, Confidence.none(0))))
        .positionConsistent(Optional.of(true))
        .confidence(new Confidence(Map.of("A>B", 2), 1.0, 0.0, Optional.empty(), 2, 0))
        .provenance(
            new Provenance(
                "m", Optional.empty(), "json", "1", Optional.empty(), SamplingParams.DEFAULT))
        .usage(new Usage(1, 10, 2, 0, 0, 1, 0))
        .composition(new Composition(Composition.Kind.PANEL, Optional.empty(), List.of()))
        .steps(StepVerdict.pool(List.of("a"), List.of(List.of(1))))
        .build();
  }

  @Test
  void should_copy_every_component_through_to_builder() {
    // given
    Verdict v = full();

    // when
    Verdict copy = v.toBuilder().build();

    // then
    assertThat(copy).isEqualTo(v);
  }

  @Test
  void should_change_only_the_component_that_is_set_on_the_copy() {
    // given
    Verdict v = full();

    // when
    Verdict ranked = v.toBuilder().ranking(List.of("b", "a")).build();

    // then: the composition and steps a hand-written copy could drop are still there
    assertThat(ranked.ranking()).containsExactly("b", "a");
    assertThat(ranked.composition()).isEqualTo(v.composition());
    assertThat(ranked.steps()).isEqualTo(v.steps());
    assertThat(ranked.toBuilder().ranking(v.ranking()).build()).isEqualTo(v);
  }

  @Test
  void should_leave_unset_components_empty() {
    // when
    Verdict v = Verdict.builder("r2", Mode.POINTWISE, Status.ERROR).build();

    // then
    assertThat(v.reason()).isEmpty();
    assertThat(v.score()).isEmpty();
    assertThat(v.samples()).isEmpty();
    assertThat(v.usage()).isEqualTo(Usage.ZERO);
    assertThat(v.confidence()).isEqualTo(Confidence.none(0));
    assertThat(v.composition()).isEmpty();
    assertThat(v.steps()).isEmpty();
  }
}
