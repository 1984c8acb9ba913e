package dev.arbiter.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.core.json.VerdictJson;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StepsTest {

  private static final String SOLUTION =
      "Let x be the number.\r\n\n  2x + 3 = 11, so 2x = 8.  \nHence x = 4.\n";

  @Test
  void should_cut_a_solution_into_non_blank_stripped_lines() {
    assertThat(StepSplit.LINES.split(SOLUTION))
        .containsExactly("Let x be the number.", "2x + 3 = 11, so 2x = 8.", "Hence x = 4.");
  }

  @Test
  void should_cut_a_solution_into_paragraphs_at_blank_lines() {
    String text = "First we expand.\nStill the first step.\n \nThen we solve.\n\n\nDone.";
    assertThat(StepSplit.PARAGRAPHS.split(text))
        .containsExactly("First we expand.\nStill the first step.", "Then we solve.", "Done.");
  }

  @Test
  void should_cut_at_a_literal_delimiter_and_not_a_regex() {
    StepSplit split = StepSplit.parse("delimiter:.*");
    assertThat(split.split("a = 1 .* b = 2.* .*c = 3")).containsExactly("a = 1", "b = 2", "c = 3");
  }

  @Test
  void should_name_the_accepted_forms_when_a_split_rule_is_unknown() {
    assertThatThrownBy(() -> StepSplit.parse("sentences"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("line, paragraph or delimiter:TEXT")
        .hasMessageContaining("sentences");
  }

  @Test
  void should_pool_sample_labels_by_majority_with_ties_going_to_the_lower_label() {
    // given three samples for three steps
    List<List<Integer>> votes = List.of(List.of(1, 1, -1), List.of(1, 0, 1), List.of(0, -1, -1));

    // when
    StepVerdict v = StepVerdict.pool(List.of("s1", "s2", "s3"), votes);

    // then step 1: +1 twice; step 2: one vote each, the tie goes to -1; step 3: -1 twice
    assertThat(v.labels()).containsExactly(1, -1, -1);
    assertThat(v.firstWrong()).contains(2);
    // scores: share of samples not saying -1
    assertThat(v.scores().get(0)).isEqualTo(1.0);
    assertThat(v.scores().get(1)).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(v.scores().get(2)).isCloseTo(1.0 / 3, within(1e-12));
    assertThat(v.minReward()).isCloseTo(1.0 / 3, within(1e-12));
    assertThat(v.productReward()).isCloseTo(2.0 / 9, within(1e-12));
    assertThat(v.lastReward()).isCloseTo(1.0 / 3, within(1e-12));
  }

  @Test
  void should_report_no_wrong_step_and_full_rewards_when_every_step_is_right_or_neutral() {
    StepVerdict v = StepVerdict.pool(List.of("a", "b"), List.of(List.of(0, 1)));

    assertThat(v.labels()).containsExactly(0, 1);
    assertThat(v.firstWrong()).isEmpty();
    assertThat(v.minReward()).isEqualTo(1.0);
    assertThat(v.productReward()).isEqualTo(1.0);
    assertThat(v.lastReward()).isEqualTo(1.0);
  }

  @Test
  void should_refuse_a_step_label_outside_minus_one_to_one() {
    assertThatThrownBy(() -> Judgement.ofStepLabels(List.of(1, 2), ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1, 0 or +1 but was 2");
  }

  @Test
  void should_refuse_a_steps_request_with_two_candidates() {
    assertThatThrownBy(
            () ->
                JudgeRequest.builder()
                    .id("r1")
                    .mode(Mode.STEPS)
                    .query("q")
                    .candidate(Candidate.of("a", "x"))
                    .candidate(Candidate.of("b", "y"))
                    .build())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("steps judging takes exactly 1 candidate");
  }

  @Test
  void should_parse_steps_as_a_mode() {
    assertThat(Mode.parse(" Steps ")).isEqualTo(Mode.STEPS);
  }

  @Test
  void should_write_step_labels_first_wrong_step_and_rewards_into_the_verdict_json() {
    // given
    StepVerdict steps = StepVerdict.pool(List.of("a", "b"), List.of(List.of(1, -1), List.of(1, 1)));
    Verdict v =
        Verdict.builder("r1", Mode.STEPS, Status.SCORED)
            .provenance(
                new Provenance(
                    "m", Optional.empty(), "steps", "1", Optional.empty(), SamplingParams.DEFAULT))
            .steps(steps)
            .build();

    // when
    JsonNode json = VerdictJson.of(1, v, false);

    // then
    assertThat(json.get("mode").asText()).isEqualTo("steps");
    JsonNode s = json.get("steps");
    assertThat(s.get("labels")).hasSize(2);
    assertThat(s.get("labels").get(1).get("step").asInt()).isEqualTo(2);
    assertThat(s.get("labels").get(1).get("label").asInt()).isEqualTo(-1);
    assertThat(s.get("labels").get(1).get("score").asDouble()).isEqualTo(0.5);
    assertThat(s.get("labels").get(0).get("text").asText()).isEqualTo("a");
    assertThat(s.get("first_wrong").asInt()).isEqualTo(2);
    assertThat(s.get("rewards").get("min").asDouble()).isEqualTo(0.5);
    assertThat(s.get("rewards").get("product").asDouble()).isEqualTo(0.5);
    assertThat(s.get("rewards").get("last").asDouble()).isEqualTo(0.5);
  }
}
