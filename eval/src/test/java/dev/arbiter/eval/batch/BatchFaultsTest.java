package dev.arbiter.eval.batch;

import static dev.arbiter.eval.batch.Batches.byId;
import static dev.arbiter.eval.batch.Batches.input;
import static dev.arbiter.eval.batch.Batches.read;
import static dev.arbiter.eval.batch.Batches.run;
import static dev.arbiter.eval.batch.Batches.runner;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.core.RetriableException;
import dev.arbiter.core.model.ChatRequest;
import dev.arbiter.core.model.ChatResponse;
import dev.arbiter.core.model.JudgeModel;
import dev.arbiter.core.model.ScriptedJudgeModel;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failing or hanging judge server pauses the run or ends a record; it never floods or hangs. */
class BatchFaultsTest {
  @TempDir Path dir;

  private final List<String> warnings = new ArrayList<>();

  private Path records(int n) throws IOException {
    String[] lines = new String[n];
    for (int i = 0; i < n; i++) {
      lines[i] = "{\"id\": \"r" + i + "\", \"query\": \"q\", \"response\": \"answer " + i + "\"}";
    }
    return input(dir, lines);
  }

  private static RetriableException down() {
    return new RetriableException("server down", "http://127.0.0.1/v1", 503, null, null);
  }

  @Test
  void should_pause_while_the_server_is_down_instead_of_writing_error_records() throws Exception {
    // given: the server goes down after 10 calls and comes back 400 ms later
    Path in = records(60);
    Path out = dir.resolve("out.jsonl");
    AtomicInteger calls = new AtomicInteger();
    AtomicInteger failedCalls = new AtomicInteger();
    AtomicLong downAt = new AtomicLong();
    ScriptedJudgeModel model =
        ScriptedJudgeModel.of(
            "m",
            (r, i) -> {
              if (calls.incrementAndGet() == 10) {
                downAt.set(System.nanoTime());
              }
              long since = downAt.get();
              if (since != 0 && System.nanoTime() - since < Duration.ofMillis(400).toNanos()) {
                failedCalls.incrementAndGet();
                throw down();
              }
              return "SCORE: 7";
            });
    BatchRunner runner =
        runner(model, out, warnings).pauseWhenFailing(Duration.ofMillis(50)).build();

    // when
    BatchSummary s = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> run(runner, in));

    // then: every record scored, the run paused, and the outage cost a handful of calls
    assertThat(read(out)).filteredOn(n -> n.path("status").asText().equals("ERROR")).isEmpty();
    assertThat(s.errors()).isZero();
    assertThat(s.scored()).isEqualTo(60);
    assertThat(s.pauses()).isGreaterThanOrEqualTo(1);
    assertThat(failedCalls.get()).isBetween(5, 25);
    assertThat(read(out)).hasSize(60).allMatch(n -> n.path("status").asText().equals("SCORED"));
    assertThat(warnings).anyMatch(w -> w.contains("pausing")).anyMatch(w -> w.contains("resuming"));
  }

  @Test
  void should_end_a_judgement_that_never_answers_at_the_record_deadline() {
    // given: one record's call never completes
    JudgeModel model =
        new JudgeModel() {
          final ScriptedJudgeModel answers = ScriptedJudgeModel.constant("m", "SCORE: 4");

          @Override
          public String id() {
            return "m";
          }

          @Override
          public CompletableFuture<ChatResponse> chat(ChatRequest request) {
            boolean hang =
                request.messages().stream().anyMatch(m -> m.content().contains("answer 3"));
            return hang ? new CompletableFuture<>() : answers.chat(request);
          }
        };

    // when
    BatchSummary s =
        assertTimeoutPreemptively(
            Duration.ofSeconds(20),
            () -> {
              Path in = records(8);
              return run(
                  runner(model, dir.resolve("out.jsonl"), warnings)
                      .recordTimeout(Duration.ofMillis(300))
                      .build(),
                  in);
            });

    // then
    assertThat(s.scored()).isEqualTo(7);
    assertThat(s.errors()).isEqualTo(1);
    JsonNode late =
        assertTimeoutPreemptively(
            Duration.ofSeconds(5), () -> byId(read(dir.resolve("out.jsonl")), "r3"));
    assertThat(late.path("status").asText()).isEqualTo("ERROR");
    assertThat(late.path("error_kind").asText()).isEqualTo("deadline");
    assertThat(late.path("reason").asText()).startsWith("retriable").contains("deadline");
  }

  @Test
  void should_stop_without_error_records_when_the_server_stays_down_past_the_max_outage()
      throws Exception {
    // given
    Path in = records(40);
    Path out = dir.resolve("out.jsonl");
    ScriptedJudgeModel dead =
        ScriptedJudgeModel.of(
            "m",
            (r, i) -> {
              throw down();
            });
    BatchRunner runner =
        runner(dead, out, warnings)
            .pauseWhenFailing(Duration.ofMillis(50))
            .maxOutage(Duration.ofMillis(500))
            .build();

    // when
    BatchSummary s = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> run(runner, in));

    // then: nothing is written, so a later rerun judges every record
    assertThat(s.interrupted()).isTrue();
    assertThat(runner.stopReason()).hasValueSatisfying(r -> assertThat(r).contains("kept failing"));
    assertThat(s.errors()).isZero();
    assertThat(s.unfinished()).isGreaterThanOrEqualTo(1);
    assertThat(read(out)).isEmpty();
    assertThat(dead.calls()).isLessThan(40);
  }

  @Test
  void should_try_a_record_again_after_a_retriable_failure() throws Exception {
    // given: every record's first call fails
    Path in = records(12);
    Set<String> failedOnce = ConcurrentHashMap.newKeySet();
    ScriptedJudgeModel model =
        ScriptedJudgeModel.of(
            "m",
            (r, i) -> {
              if (failedOnce.add(r.messages().get(1).content())) {
                throw down();
              }
              return "SCORE: 2";
            });

    // when
    BatchSummary s =
        assertTimeoutPreemptively(
            Duration.ofSeconds(20),
            () ->
                run(
                    runner(model, dir.resolve("out.jsonl"), warnings)
                        .pauseWhenFailing(Duration.ofMillis(20))
                        .build(),
                    in));

    // then
    assertThat(s.scored()).isEqualTo(12);
    assertThat(s.retried()).isGreaterThanOrEqualTo(12);
    assertThat(s.errors()).isZero();
  }
}
