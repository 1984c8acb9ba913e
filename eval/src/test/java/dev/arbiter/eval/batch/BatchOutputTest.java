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
import dev.arbiter.core.Mode;
import dev.arbiter.core.model.ScriptedJudgeModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The output survives odd text, crashes, a second run and broken input files. */
class BatchOutputTest {
  @TempDir Path dir;

  private final List<String> warnings = new ArrayList<>();

  private static String record(String id, String response) {
    return "{\"id\": \"" + id + "\", \"query\": \"q\", \"response\": \"" + response + "\"}";
  }

  @Test
  void should_escape_a_lone_surrogate_say_so_in_the_record_and_judge_every_later_record()
      throws IOException {
    // given: "\ud800" is legal JSON but no UTF-8 encoder can write the character it stands for
    Path in =
        input(
            dir,
            record("plain", "fine"),
            record("lone\\ud800", "half a pair \\udc00 here"),
            record("later", "still judged"),
            record("pair", "a whole pair \\ud83d\\ude00 is fine"));
    Path out = dir.resolve("out.jsonl");

    // when
    BatchSummary s =
        run(runner(ScriptedJudgeModel.constant("m", "SCORE: 6"), out, warnings).build(), in);

    // then
    assertThat(s.scored()).isEqualTo(4);
    String raw = Files.readString(out, StandardCharsets.UTF_8);
    assertThat(raw).contains("lone\\ud800").doesNotContain("\uFFFD");
    List<JsonNode> lines = read(out);
    JsonNode lone = byId(lines, "lone\ud800");
    assertThat(lone.path(OutputFile.SURROGATES_FIELD).asInt()).isEqualTo(1);
    assertThat(byId(lines, "later").path("status").asText()).isEqualTo("SCORED");
    assertThat(byId(lines, "pair").has(OutputFile.SURROGATES_FIELD)).isFalse();

    // and a resume reads it back: the id matches, nothing is judged again
    ScriptedJudgeModel again = ScriptedJudgeModel.constant("m", "SCORE: 6");
    BatchSummary resumed = run(runner(again, out, warnings).build(), in);
    assertThat(resumed.skipped()).isEqualTo(4);
    assertThat(again.calls()).isZero();
  }

  @Test
  void should_resume_from_an_output_whose_torn_tail_is_not_valid_utf8() throws IOException {
    // given: a crash cut the last line inside a three-byte character
    Path in = input(dir, record("a", "r"), record("b", "s"), record("c", "t"));
    Path out = dir.resolve("out.jsonl");
    run(runner(ScriptedJudgeModel.constant("m", "SCORE: 5"), out, warnings).build(), in);
    String a = Files.readAllLines(out).stream().filter(l -> l.contains("\"a\"")).findFirst().get();
    byte[] torn = "{\"id\":\"b\",\"reason\":\"€".getBytes(StandardCharsets.UTF_8);
    try (OutputStream o = Files.newOutputStream(out)) {
      o.write((a + "\n").getBytes(StandardCharsets.UTF_8));
      o.write(Arrays.copyOf(torn, torn.length - 1));
    }

    // when
    ScriptedJudgeModel second = ScriptedJudgeModel.constant("m", "SCORE: 5");
    BatchSummary s = run(runner(second, out, warnings).build(), in);

    // then
    assertThat(s.skipped()).isEqualTo(1);
    assertThat(second.calls()).isEqualTo(2);
    assertThat(read(out))
        .extracting(n -> n.path("id").asText())
        .containsExactlyInAnyOrder("a", "b", "c");
    assertThat(warnings).anyMatch(w -> w.contains("dropped") && w.contains("line 2"));
  }

  @Test
  void should_refuse_a_second_run_on_an_output_another_run_is_writing() throws Exception {
    // given: a run whose judge blocks until released
    Path in = input(dir, record("a", "r"));
    Path out = dir.resolve("out.jsonl");
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ScriptedJudgeModel slow =
        ScriptedJudgeModel.of(
            "m",
            (r, i) -> {
              started.countDown();
              try {
                release.await(10, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return "SCORE: 1";
            });
    CompletableFuture<BatchSummary> first =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return run(runner(slow, out, warnings).build(), in);
              } catch (IOException e) {
                throw new RuntimeException(e);
              }
            });
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

    // when / then
    BatchRunner second =
        runner(ScriptedJudgeModel.constant("m", "SCORE: 2"), out, warnings).build();
    assertThatThrownBy(() -> run(second, in))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("another run")
        .hasMessageContaining("out.jsonl.lock");
    release.countDown();
    assertThat(first.get(10, TimeUnit.SECONDS).scored()).isEqualTo(1);
    // The lock goes with the run that held it.
    BatchSummary third =
        run(runner(ScriptedJudgeModel.constant("m", "SCORE: 2"), out, warnings).build(), in);
    assertThat(third.skipped()).isEqualTo(1);
  }

  @Test
  void should_refuse_the_input_file_as_output() throws IOException {
    Path in = input(dir, record("a", "r"));
    BatchRunner r =
        runner(ScriptedJudgeModel.constant("m", "SCORE: 2"), dir.resolve("./in.jsonl"), warnings)
            .input(in)
            .build();

    assertThatThrownBy(() -> run(r, in))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("is the input file");
    assertThat(Files.readAllLines(in)).containsExactly(record("a", "r"));
  }

  @Test
  void should_turn_an_over_long_line_and_a_line_that_is_not_utf8_into_error_records()
      throws IOException {
    // given
    Path in = dir.resolve("in.jsonl");
    try (OutputStream o = Files.newOutputStream(in)) {
      o.write((record("short", "r") + "\n").getBytes(StandardCharsets.UTF_8));
      o.write((record("long", "x".repeat(5000)) + "\n").getBytes(StandardCharsets.UTF_8));
      o.write(new byte[] {'{', '"', 'i', 'd', '"', ':', '"', (byte) 0xC3, '"', '}', '\n'});
      o.write((record("after", "r") + "\n").getBytes(StandardCharsets.UTF_8));
    }
    Path out = dir.resolve("out.jsonl");
    BatchRunner r = runner(ScriptedJudgeModel.constant("m", "SCORE: 3"), out, warnings).build();

    // when
    BatchSummary s;
    try (RequestReader reader =
        RequestReader.open(
            in, RequestReader.Format.ARBITER, Mode.POINTWISE, Optional.empty(), 1000)) {
      s = r.run(reader);
    }

    // then
    List<JsonNode> lines = read(out);
    assertThat(lines).hasSize(4);
    assertThat(s.scored()).isEqualTo(2);
    JsonNode tooLong = lines.stream().filter(n -> n.path("line").asInt() == 2).findFirst().get();
    assertThat(tooLong.path("status").asText()).isEqualTo("ERROR");
    assertThat(tooLong.path("reason").asText()).contains("in.jsonl:2").contains("over the limit");
    assertThat(tooLong.path("id").asText()).startsWith(RequestReader.CONTENT_ID_PREFIX);
    JsonNode notUtf8 = lines.stream().filter(n -> n.path("line").asInt() == 3).findFirst().get();
    assertThat(notUtf8.path("reason").asText()).contains("in.jsonl:3").contains("not valid UTF-8");
  }

  @Test
  void should_judge_every_complete_line_of_a_truncated_gz_and_end_cleanly() throws IOException {
    // given: a gzip file cut in the middle of its deflate stream
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    List<String> all = new ArrayList<>();
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(7);
    try (GZIPOutputStream gz = new GZIPOutputStream(buf)) {
      for (int i = 0; i < 2000; i++) {
        // Random text compresses badly, so the cut lands well inside the records.
        String line = record("r" + i, Long.toHexString(rnd.nextLong())) + "\n";
        all.add(line);
        gz.write(line.getBytes(StandardCharsets.UTF_8));
      }
    }
    byte[] whole = buf.toByteArray();
    Path in = dir.resolve("in.jsonl.gz");
    Files.write(in, Arrays.copyOf(whole, whole.length / 2));
    Path out = dir.resolve("out.jsonl");
    BatchRunner r = runner(ScriptedJudgeModel.constant("m", "SCORE: 3"), out, warnings).build();

    // when
    BatchSummary s;
    Optional<String> ended;
    try (RequestReader reader =
        RequestReader.open(in, RequestReader.Format.ARBITER, Mode.POINTWISE, Optional.empty())) {
      s = r.run(reader);
      ended = reader.endedEarly();
    }

    // then: every record read was judged, and the reader says why it stopped
    assertThat(ended)
        .hasValueSatisfying(w -> assertThat(w).contains("in.jsonl.gz").contains("ends early"));
    assertThat(s.read()).isBetween(100L, 1999L);
    assertThat(s.scored()).isEqualTo(s.read());
    List<JsonNode> lines = read(out);
    assertThat(lines).hasSize((int) s.read());
    for (int i = 0; i < s.read(); i++) {
      assertThat(byId(lines, "r" + i).path("status").asText()).isEqualTo("SCORED");
    }
  }

  @Test
  void should_count_lone_surrogates_and_escape_them_so_they_read_back_unchanged()
      throws IOException {
    String json = "{\"a\":\"x\ud800y\",\"b\":\"\ud83d\ude00\",\"c\":\"\udc01\"}";

    String escaped = OutputFile.escapeLoneSurrogates(json);

    assertThat(OutputFile.countLoneSurrogates(json)).isEqualTo(2);
    assertThat(OutputFile.countLoneSurrogates(escaped)).isZero();
    assertThat(escaped).contains("x\\ud800y").contains("\ud83d\ude00").contains("\\udc01");
    assertThat(dev.arbiter.core.internal.Json.mapper().readTree(escaped))
        .isEqualTo(dev.arbiter.core.internal.Json.mapper().readTree(json));
  }
}
