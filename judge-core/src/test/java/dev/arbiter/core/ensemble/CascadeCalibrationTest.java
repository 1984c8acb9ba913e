package dev.arbiter.core.ensemble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import dev.arbiter.core.Confidence;
import dev.arbiter.core.Mode;
import dev.arbiter.core.Preference;
import dev.arbiter.core.Provenance;
import dev.arbiter.core.SamplingParams;
import dev.arbiter.core.Status;
import dev.arbiter.core.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CascadeCalibrationTest {

  private static Verdict pair(Preference p, double agreement) {
    return Verdict.builder("r", Mode.PAIRWISE, Status.SCORED)
        .preference(Optional.of(p))
        .confidence(new Confidence(Map.of(), agreement, 0, Optional.empty(), 4, 0))
        .provenance(new Provenance("m", null, "json", "1", null, SamplingParams.DEFAULT))
        .build();
  }

  @Test
  void should_pick_the_lowest_threshold_that_reaches_the_target_agreement() {
    // given: 10 records; the cheap judge is wrong exactly where it is least sure
    List<Verdict> cheap = new ArrayList<>();
    List<Verdict> strong = new ArrayList<>();
    double[] conf = {1.0, 1.0, 1.0, 1.0, 0.75, 0.75, 0.75, 0.5, 0.5, 0.5};
    boolean[] right = {true, true, true, true, true, true, false, false, false, true};
    for (int i = 0; i < conf.length; i++) {
      strong.add(pair(Preference.A_BETTER, 1.0));
      cheap.add(pair(right[i] ? Preference.A_MUCH_BETTER : Preference.B_BETTER, conf[i]));
    }
    // when
    CascadeCalibration.Result r = CascadeCalibration.calibrate(cheap, strong, 0.9);
    // then: t=0.5 keeps all, 7/10 agree; t=0.75 → 9/10 (one wrong kept); t=1 → 10/10
    assertThat(r.curve())
        .extracting(CascadeCalibration.Point::agreement)
        .containsExactly(0.7, 0.9, 1.0);
    assertThat(r.threshold()).isEqualTo(0.75);
    assertThat(r.agreement()).isCloseTo(0.9, offset(1e-12));
    assertThat(r.cheapShare()).isCloseTo(0.7, offset(1e-12));
    assertThat(r.cheapKeptAgreementLow()).isBetween(0.5, 6.0 / 7);
    assertThat(CascadeCalibration.calibrate(cheap, strong, 0.95).threshold()).isEqualTo(1.0);
  }

  @Test
  void should_escalate_everything_when_no_threshold_reaches_the_target() {
    List<Verdict> cheap = List.of(pair(Preference.B_BETTER, 1.0), pair(Preference.B_BETTER, 1.0));
    List<Verdict> strong = List.of(pair(Preference.A_BETTER, 1.0), pair(Preference.A_BETTER, 1.0));

    CascadeCalibration.Result r = CascadeCalibration.calibrate(cheap, strong, 0.95);

    assertThat(r.threshold()).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(r.cheapShare()).isZero();
  }

  @Test
  void should_leave_out_records_the_strong_judge_did_not_decide() {
    Verdict undecided =
        Verdict.error(
            "r",
            Mode.PAIRWISE,
            "timeout",
            new Provenance("m", null, "json", "1", null, SamplingParams.DEFAULT),
            null);
    CascadeCalibration.Result r =
        CascadeCalibration.calibrate(
            List.of(pair(Preference.A_BETTER, 1.0), pair(Preference.B_BETTER, 1.0)),
            List.of(pair(Preference.A_BETTER, 1.0), undecided),
            0.95);

    assertThat(r.records()).isEqualTo(2);
    assertThat(r.labelled()).isEqualTo(1);
    assertThat(r.threshold()).isEqualTo(1.0);
    assertThatThrownBy(() -> CascadeCalibration.calibrate(List.of(), List.of(undecided), 0.9))
        .hasMessageContaining("same records");
  }
}
