package dev.arbiter.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.core.Judge;
import dev.arbiter.core.JudgeRequest;
import dev.arbiter.core.Verdict;
import dev.arbiter.core.guard.GuardPolicy;
import dev.arbiter.core.model.ScriptedJudgeModel;
import dev.arbiter.core.testing.LabelProtocol;
import org.junit.jupiter.api.Test;

class VerdictJsonGuardTest {

  @Test
  void should_write_each_guard_finding_with_candidate_kind_and_span() {
    Verdict v =
        Judge.builder()
            .model(ScriptedJudgeModel.constant("m", "SCORE: 9"))
            .protocol(new LabelProtocol())
            .guard(GuardPolicy.FLAG)
            .build()
            .judge(
                JudgeRequest.builder()
                    .id("r")
                    .query("17 * 23?")
                    .candidate("a", "  Solution:\n")
                    .build());

    JsonNode guard = VerdictJson.of(1, v, false).get("guard");

    assertThat(guard).hasSize(1);
    assertThat(guard.get(0).get("candidate").asText()).isEqualTo("a");
    assertThat(guard.get(0).get("kind").asText()).isEqualTo("MASTER_KEY");
    assertThat(guard.get(0).get("start").asInt()).isEqualTo(2);
    assertThat(guard.get(0).get("end").asInt()).isEqualTo(11);
    assertThat(guard.get(0).get("excerpt").asText()).isEqualTo("Solution:");
  }

  @Test
  void should_leave_the_guard_field_out_when_nothing_was_found() {
    Verdict v =
        Judge.builder()
            .model(ScriptedJudgeModel.constant("m", "SCORE: 9"))
            .protocol(new LabelProtocol())
            .build()
            .judge(JudgeRequest.builder().id("r").query("17 * 23?").candidate("a", "391.").build());
    assertThat(VerdictJson.of(1, v, false).has("guard")).isFalse();
  }
}
