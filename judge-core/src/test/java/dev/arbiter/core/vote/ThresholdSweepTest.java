package dev.arbiter.core.vote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ThresholdSweepTest {

  @Test
  void should_give_one_point_per_distinct_confidence_counting_what_each_keeps() {
    // given: confidences 0.9 (right), 0.9 (wrong), 0.6 (right), 0.3 (wrong), no decision
    double[] conf = {0.9, 0.6, Double.NaN, 0.3, 0.9};
    boolean[] right = {true, true, true, false, false};

    // when
    List<ThresholdSweep.Point> curve = ThresholdSweep.sweep(conf, right);

    // then: ascending thresholds; the record without a decision counts in n but is never kept
    assertThat(curve).extracting(ThresholdSweep.Point::threshold).containsExactly(0.3, 0.6, 0.9);
    assertThat(curve).extracting(ThresholdSweep.Point::kept).containsExactly(4, 3, 2);
    assertThat(curve).extracting(ThresholdSweep.Point::keptCorrect).containsExactly(2, 2, 1);
    assertThat(curve).allSatisfy(p -> assertThat(p.n()).isEqualTo(5));
    assertThat(curve.get(1).coverage()).isEqualTo(0.6);
    assertThat(curve.get(1).precision()).isCloseTo(2.0 / 3, within(1e-12));
  }

  @Test
  void should_bound_precision_with_the_wilson_lower_bound() {
    // given
    ThresholdSweep.Point p = new ThresholdSweep.Point(0.5, 4, 4, 10);

    // when
    double low = p.precisionLowerBound(1.645);

    // then: 4 of 4 right is far from proof of perfection
    assertThat(low).isCloseTo(Votes.wilsonLowerBound(4, 4, 1.645), within(1e-12));
    assertThat(low).isBetween(0.59, 0.60);
    assertThat(new ThresholdSweep.Point(0.5, 0, 0, 10).precision()).isNaN();
  }

  @Test
  void should_give_no_point_when_nothing_is_decided_and_reject_arrays_of_different_length() {
    assertThat(ThresholdSweep.sweep(new double[] {Double.NaN}, new boolean[] {true})).isEmpty();
    assertThatThrownBy(() -> ThresholdSweep.sweep(new double[] {0.5}, new boolean[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
