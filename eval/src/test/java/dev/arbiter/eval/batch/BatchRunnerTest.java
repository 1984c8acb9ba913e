package dev.arbiter.eval.batch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.core.Judge;
import dev.arbiter.core.Mode;
import dev.arbiter.core.internal.Json;
import dev.arbiter.core.model.ScriptedJudgeModel;
import dev.arbiter.core.testing.LabelProtocol;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchRunnerTest {
  @TempDir Path dir;

  private Path input(String... lines) throws IOException {
    Path in = dir.resolve("in.jsonl");
    Files.write(in, List.of(lines), StandardCharsets.UTF_8);
    return in;
  }

  private static List<JsonNode> read(Path out) throws IOException {
    List<JsonNode> nodes = new ArrayList<>();
    for (String l : Files.readAllLines(out)) {
      nodes.add(Json.mapper().readTree(l));
    }
    return nodes;
  }

  private BatchSummary run(Path in, Path out, ScriptedJudgeModel model, boolean retryFailed)
      throws IOException {
    Judge judge = Judge.builder().model(model).protocol(new LabelProtocol()).build();
    BatchRunner runner =
        BatchRunner.builder()
            .judge(judge)
            .output(out)
            .concurrency(4)
            .retryFailed(retryFailed)
            // A record failing retriably is tried again after a pause: keep it short here.
            .pauseWhenFailing(java.time.Duration.ofMillis(20))
            .build();
    try (RequestReader r =
        RequestReader.open(in, RequestReader.Format.ARBITER, Mode.POINTWISE, Optional.empty())) {
      return runner.run(r);
    }
  }

  @Test
  void should_write_exactly_one_line_per_input_including_error_records_for_bad_lines()
      throws IOException {
    Path in =
        input(
            "{\"id\": \"a\", \"query\": \"q\", \"response\": \"r\"}",
            "{not json",
            "{\"id\": \"c\", \"query\": \"q\"}",
            "{\"id\": \"d\", \"query\": \"q\", \"response\": \"r\", \"colour\": 1}",
            "{\"id\": \"e\", \"query\": 7, \"response\": \"r\"}",
            "{\"id\": \"a\", \"query\": \"q\", \"response\": \"again\"}");
    Path out = dir.resolve("out.jsonl");

    BatchSummary s = run(in, out, ScriptedJudgeModel.constant("m", "SCORE: 7"), false);

    List<JsonNode> lines = read(out);
    assertThat(lines).hasSize(6);
    assertThat(s.scored()).isEqualTo(1);
    assertThat(s.errors()).isEqualTo(5);
    JsonNode bad =
        lines.stream().filter(n -> n.path("line").asLong() == 2).findFirst().orElseThrow();
    assertThat(bad.path("id").asText()).startsWith(RequestReader.CONTENT_ID_PREFIX);
    assertThat(bad.path("reason").asText()).contains("in.jsonl:2").contains("not valid JSON");
    JsonNode missing =
        lines.stream().filter(n -> n.path("id").asText().equals("c")).findFirst().orElseThrow();
    assertThat(missing.path("field").asText()).isEqualTo("candidates");
    assertThat(missing.path("reason").asText()).contains("in.jsonl:3");
    JsonNode unknown =
        lines.stream().filter(n -> n.path("id").asText().equals("d")).findFirst().orElseThrow();
    assertThat(unknown.path("field").asText()).isEqualTo("colour");
    JsonNode wrongType =
        lines.stream().filter(n -> n.path("id").asText().equals("e")).findFirst().orElseThrow();
    assertThat(wrongType.path("reason").asText())
        .contains("field 'query'")
        .contains("expected a string");
    assertThat(lines).anyMatch(n -> n.path("reason").asText().contains("duplicate id 'a'"));
    JsonNode ok =
        lines.stream().filter(n -> n.path("id").asText().equals("a")).findFirst().orElseThrow();
    assertThat(ok.path("score").asDouble()).isEqualTo(7.0);
    assertThat(ok.path("usage").path("calls").asLong()).isEqualTo(1);
  }

  @Test
  void should_skip_done_ids_and_drop_a_torn_last_line_when_resuming() throws IOException {
    Path in =
        input(
            "{\"id\": \"a\", \"query\": \"q\", \"response\": \"r\"}",
            "{\"id\": \"b\", \"query\": \"q\", \"response\": \"s\"}",
            "{\"id\": \"c\", \"query\": \"q\", \"response\": \"t\"}");
    Path out = dir.resolve("out.jsonl");
    ScriptedJudgeModel first = ScriptedJudgeModel.constant("m", "SCORE: 5");
    run(in, out, first, false);
    // Simulate a crash: keep the first record and half of the second.
    List<String> written = Files.readAllLines(out);
    String keep =
        written.stream().filter(l -> l.contains("\"id\":\"a\"")).findFirst().orElseThrow();
    String torn =
        written.stream().filter(l -> l.contains("\"id\":\"b\"")).findFirst().orElseThrow();
    Files.writeString(out, keep + "\n" + torn.substring(0, torn.length() / 2));

    ScriptedJudgeModel second = ScriptedJudgeModel.constant("m", "SCORE: 5");
    BatchSummary s = run(in, out, second, false);

    assertThat(s.skipped()).isEqualTo(1);
    assertThat(second.calls()).isEqualTo(2);
    assertThat(read(out))
        .extracting(n -> n.path("id").asText())
        .containsExactlyInAnyOrder("a", "b", "c");
  }

  @Test
  void should_rerun_only_error_records_with_retry_failed() throws IOException {
    Path in =
        input(
            "{\"id\": \"a\", \"query\": \"q\", \"response\": \"r\"}",
            "{\"id\": \"b\", \"query\": \"boom\", \"response\": \"s\"}");
    Path out = dir.resolve("out.jsonl");
    AtomicInteger failures = new AtomicInteger();
    ScriptedJudgeModel flaky =
        ScriptedJudgeModel.of(
            "m",
            (r, i) -> {
              if (r.messages().get(1).content().contains("boom")) {
                failures.incrementAndGet();
                throw new dev.arbiter.core.RetriableException(
                    "server overloaded", "http://127.0.0.1/v1", 503, null, null);
              }
              return "SCORE: 3";
            });
    BatchSummary s1 = run(in, out, flaky, false);
    assertThat(s1.errors()).isEqualTo(1);

    ScriptedJudgeModel healthy = ScriptedJudgeModel.constant("m", "SCORE: 4");
    BatchSummary s2 = run(in, out, healthy, true);

    assertThat(healthy.calls()).isEqualTo(1);
    assertThat(s2.skipped()).isEqualTo(1);
    List<JsonNode> lines = read(out);
    assertThat(lines).hasSize(2).allMatch(n -> n.path("status").asText().equals("SCORED"));
  }

  @Test
  void should_stop_reading_when_asked_and_finish_what_is_in_flight() throws IOException {
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      many.add("{\"id\": \"r" + i + "\", \"query\": \"q\", \"response\": \"" + i + "\"}");
    }
    Path in = input(many.toArray(String[]::new));
    Path out = dir.resolve("out.jsonl");
    AtomicInteger seen = new AtomicInteger();
    BatchRunner[] holder = new BatchRunner[1];
    ScriptedJudgeModel model =
        ScriptedJudgeModel.of(
            "m",
            (r, i) -> {
              if (seen.incrementAndGet() == 10) {
                holder[0].requestStop();
              }
              return "SCORE: 2";
            });
    Judge judge = Judge.builder().model(model).protocol(new LabelProtocol()).build();
    holder[0] = BatchRunner.builder().judge(judge).output(out).concurrency(1).build();
    BatchSummary s;
    try (RequestReader r =
        RequestReader.open(in, RequestReader.Format.ARBITER, Mode.POINTWISE, Optional.empty())) {
      s = holder[0].run(r);
    }
    assertThat(s.interrupted()).isTrue();
    assertThat(read(out)).hasSize((int) s.done()).hasSizeLessThan(50);
  }
}
