package dev.arbiter.eval.batch;

import static dev.arbiter.eval.batch.Batches.byId;
import static dev.arbiter.eval.batch.Batches.input;
import static dev.arbiter.eval.batch.Batches.read;
import static dev.arbiter.eval.batch.Batches.run;
import static dev.arbiter.eval.batch.Batches.runner;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.NonRetriableException;
import dev.arbiter.core.RetriableException;
import dev.arbiter.core.model.ScriptedJudgeModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Records are known by what they are, never by where they are, and by one configuration. */
class BatchIdentityTest {
  @TempDir Path dir;

  private final List<String> warnings = new ArrayList<>();

  /** Scores a record by its response text, so a verdict shows which record it belongs to. */
  private static ScriptedJudgeModel echo() {
    return ScriptedJudgeModel.of(
        "m",
        (r, i) -> {
          String prompt = r.messages().get(r.messages().size() - 1).content();
          return prompt.contains("first")
              ? "SCORE: 1"
              : prompt.contains("second") ? "SCORE: 2" : "SCORE: 9";
        });
  }

  @Test
  void should_keep_the_verdict_of_a_record_without_id_when_a_record_is_inserted_above_it()
      throws IOException {
    // given: two records without ids, judged once
    Path out = dir.resolve("out.jsonl");
    Path in =
        input(
            dir,
            "{\"query\": \"q\", \"response\": \"first\"}",
            "{\"query\": \"q\", \"response\": \"second\"}");
    run(runner(echo(), out, warnings).build(), in);
    List<JsonNode> before = read(out);

    // when: a new record goes on top and the job is rerun (a resume)
    in =
        input(
            dir,
            "{\"query\": \"q\", \"response\": \"inserted\"}",
            "{\"query\": \"q\", \"response\": \"first\"}",
            "{\"response\": \"second\",   \"query\": \"q\"}");
    ScriptedJudgeModel again = echo();
    BatchSummary s = run(runner(again, out, warnings).build(), in);

    // then: only the new record is judged, and each old one keeps its own verdict
    assertThat(s.skipped()).isEqualTo(2);
    assertThat(again.calls()).isEqualTo(1);
    List<JsonNode> after = read(out);
    assertThat(after).hasSize(3);
    for (JsonNode old : before) {
      String id = old.path("id").asText();
      assertThat(id).startsWith(RequestReader.CONTENT_ID_PREFIX);
      assertThat(byId(after, id).path("score")).isEqualTo(old.path("score"));
    }
    assertThat(after).anyMatch(n -> n.path("score").asDouble() == 9.0);
  }

  @Test
  void should_keep_one_output_line_per_input_line_with_retry_failed_when_ids_repeat()
      throws IOException {
    // given: a repeated id and a record whose judgement fails
    Path in =
        input(
            dir,
            "{\"id\": \"a\", \"query\": \"q\", \"response\": \"r\"}",
            "{\"id\": \"b\", \"query\": \"boom\", \"response\": \"s\"}",
            "{\"id\": \"a\", \"query\": \"q\", \"response\": \"again\"}",
            "{\"id\": \"a\", \"query\": \"q\", \"response\": \"and again\"}");
    Path out = dir.resolve("out.jsonl");
    AtomicBoolean down = new AtomicBoolean(true);
    ScriptedJudgeModel flaky =
        ScriptedJudgeModel.of(
            "m",
            (r, i) -> {
              if (down.get() && r.messages().get(1).content().contains("boom")) {
                throw new NonRetriableException("rejected", "http://127.0.0.1/v1", 400, null, null);
              }
              return "SCORE: 3";
            });
    BatchSummary first = run(runner(flaky, out, warnings).build(), in);
    assertThat(first.errors()).isEqualTo(3);

    // when
    down.set(false);
    BatchSummary retried = run(runner(flaky, out, warnings).retryFailed(true).build(), in);

    // then
    List<JsonNode> lines = read(out);
    assertThat(lines).hasSize(4);
    assertThat(lines).extracting(n -> n.path("line").asInt()).containsExactlyInAnyOrder(1, 2, 3, 4);
    assertThat(byId(lines, "b").path("status").asText()).isEqualTo("SCORED");
    JsonNode dup = byId(lines, "a#line-3");
    assertThat(dup.path("status").asText()).isEqualTo("ERROR");
    assertThat(dup.path("duplicate_of").asText()).isEqualTo("a");
    assertThat(dup.path("reason").asText()).contains("duplicate id 'a'");
    assertThat(byId(lines, "a#line-4").path("duplicate_of").asText()).isEqualTo("a");
    assertThat(retried.errors()).isEqualTo(2);
  }

  @Test
  void should_stop_a_resume_with_another_judge_configuration_unless_mixing_is_allowed()
      throws IOException {
    // given: half a job judged by model m1
    Path in =
        input(
            dir,
            "{\"id\": \"a\", \"query\": \"q\", \"response\": \"r\"}",
            "{\"id\": \"b\", \"query\": \"q\", \"response\": \"s\"}");
    Path out = dir.resolve("out.jsonl");
    Path half =
        Batches.file(dir, "half.jsonl", "{\"id\": \"a\", \"query\": \"q\", \"response\": \"r\"}");
    BatchRunner first =
        runner(ScriptedJudgeModel.constant("m1", "SCORE: 4"), out, warnings)
            .configuration(Map.of("vote", "mean"))
            .build();
    run(first, half);
    assertThat(read(out))
        .singleElement()
        .satisfies(n -> assertThat(n.path("config").asText()).isEqualTo(first.fingerprint()));

    // when: the resume uses another model, then another vote
    ScriptedJudgeModel m2 = ScriptedJudgeModel.constant("m2", "SCORE: 8");
    BatchRunner otherModel =
        runner(m2, out, warnings).configuration(Map.of("vote", "mean")).build();
    BatchRunner otherVote =
        runner(ScriptedJudgeModel.constant("m1", "SCORE: 4"), out, warnings)
            .configuration(Map.of("vote", "median"))
            .build();

    // then
    assertThatThrownBy(() -> run(otherModel, in))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("another configuration")
        .hasMessageContaining("\"model\":\"m1\"")
        .hasMessageContaining("--force-mixed");
    assertThatThrownBy(() -> run(otherVote, in))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("median");
    assertThat(m2.calls()).isZero();
    assertThat(read(out)).hasSize(1);

    // and with mixing allowed the job finishes, with a warning
    BatchSummary mixed =
        run(
            runner(m2, out, warnings)
                .configuration(Map.of("vote", "mean"))
                .allowMixedConfigurations(true)
                .build(),
            in);
    assertThat(mixed.skipped()).isEqualTo(1);
    assertThat(read(out)).hasSize(2);
    assertThat(warnings).anyMatch(w -> w.contains("another configuration"));
  }

  @Test
  void should_not_count_a_retriable_failure_against_the_configuration_check() throws IOException {
    // given: a record that failed retriably under configuration 1
    Path in = input(dir, "{\"id\": \"a\", \"query\": \"q\", \"response\": \"r\"}");
    Path out = dir.resolve("out.jsonl");
    ScriptedJudgeModel failing =
        ScriptedJudgeModel.of(
            "m1",
            (r, i) -> {
              throw new RetriableException("down", "http://127.0.0.1/v1", 503, null, null);
            });
    run(runner(failing, out, warnings).maxAttempts(1).build(), in);

    // when: retried under another configuration
    BatchSummary s =
        run(
            runner(ScriptedJudgeModel.constant("m2", "SCORE: 5"), out, warnings)
                .retryFailed(true)
                .build(),
            in);

    // then: an error record holds no verdict to mix with
    assertThat(s.scored()).isEqualTo(1);
  }
}
