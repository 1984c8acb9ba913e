package dev.arbiter.core.ensemble;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbiter.core.Judge;
import dev.arbiter.core.JudgeRequest;
import dev.arbiter.core.Mode;
import dev.arbiter.core.Status;
import dev.arbiter.core.Verdict;
import org.junit.jupiter.api.Test;

class PanelStepsTest {

  @Test
  void should_answer_a_steps_request_with_an_error_verdict_that_says_why() {
    // given
    Judge panel =
        Panel.builder()
            .member("m1", PanelTest.scoring("m1", 8))
            .member("m2", PanelTest.scoring("m2", 8))
            .build();
    JudgeRequest steps =
        JudgeRequest.builder()
            .id("s1")
            .mode(Mode.STEPS)
            .query("Solve 2x = 8.")
            .candidate("a", "2x = 8\nx = 4")
            .build();

    // when
    Verdict v = panel.judge(steps);

    // then
    assertThat(v.status()).isEqualTo(Status.ERROR);
    assertThat(v.reason()).contains("steps mode").contains("not retriable");
    assertThat(v.composition()).isEmpty();
  }
}
