package dev.arbiter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.cli.stub.StubVllmServer;
import dev.arbiter.core.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class JudgeCommandTest {
  @RegisterExtension static final StubServer server = new StubServer("stub-judge");
  @TempDir Path dir;

  @Test
  void should_write_one_verdict_per_judgebench_pair_with_both_orders_decisions() throws Exception {
    // given: the first 12 published JudgeBench pairs
    Path in = dir.resolve("pairs.jsonl");
    try (Stream<String> s =
        Files.lines(SharedData.file("judgebench/pairs.claude-3-5-sonnet-20240620.jsonl"))) {
      Files.write(in, s.limit(12).toList());
    }
    Path out = dir.resolve("verdicts.jsonl");
    long callsBefore = server.calls();

    // when
    Cli.Run r =
        Cli.run(
            "judge",
            "--mode",
            "pairwise",
            "--format",
            "judgebench",
            "--protocol",
            "arena-hard",
            "--in",
            in.toString(),
            "--out",
            out.toString(),
            "--endpoint",
            server.baseUrl(),
            "--model",
            "stub-judge",
            "--no-progress");

    // then
    assertThat(r.exit()).as(r.err()).isZero();
    List<JsonNode> verdicts = Cli.lines(out);
    assertThat(verdicts).hasSize(12);
    for (JsonNode v : verdicts) {
      assertThat(v.path("status").asText()).isEqualTo("SCORED");
      assertThat(v.path("orders")).hasSize(2);
      assertThat(v.path("orders").get(0).path("order").asText()).isEqualTo("original");
      assertThat(v.path("orders").get(1).path("order").asText()).isEqualTo("swapped");
      assertThat(v.path("orders").get(0).path("decision").asText())
          .matches("A>>B|A>B|A=B|B>A|B>>A");
      assertThat(v.path("provenance").path("protocol").asText()).isEqualTo("arena-hard@2");
      assertThat(v.path("usage").path("calls").asLong()).isEqualTo(2);
    }
    assertThat(server.calls() - callsBefore).isEqualTo(24);
    assertThat(r.err()).contains("12 written").contains("24 calls");

    // and a rerun resumes: nothing is judged twice
    long callsAfter = server.calls();
    Cli.Run again =
        Cli.run(
            "judge",
            "--mode",
            "pairwise",
            "--format",
            "judgebench",
            "--protocol",
            "arena-hard",
            "--in",
            in.toString(),
            "--out",
            out.toString(),
            "--endpoint",
            server.baseUrl(),
            "--model",
            "stub-judge",
            "--no-progress");
    assertThat(again.exit()).isZero();
    assertThat(server.calls()).isEqualTo(callsAfter);
    assertThat(again.err()).contains("12 skipped");
    assertThat(Cli.lines(out)).hasSize(12);
  }

  @Test
  void should_judge_pointwise_with_k_samples_in_one_call_per_record() throws Exception {
    Path in = dir.resolve("in.jsonl");
    Files.write(
        in,
        List.of(
            "{\"id\":\"q1\",\"query\":\"Name a prime.\",\"response\":\"7\"}",
            "{\"id\":\"q2\",\"query\":\"2+2?\",\"response\":\"4\"}",
            "{broken"));
    Path out = dir.resolve("out.jsonl");
    long before = server.calls();

    Cli.Run r =
        Cli.run(
            "judge",
            "--in",
            in.toString(),
            "--out",
            out.toString(),
            "--endpoint",
            server.baseUrl(),
            "--model",
            "stub-judge",
            "--protocol",
            "mt-bench",
            "--samples",
            "5",
            "--no-progress");

    // 3: finished, with an error record in the output.
    assertThat(r.exit()).as(r.err()).isEqualTo(3);
    List<JsonNode> v = Cli.lines(out);
    assertThat(v).hasSize(3);
    assertThat(v.stream().filter(n -> n.path("status").asText().equals("SCORED")))
        .hasSize(2)
        .allSatisfy(
            n -> {
              assertThat(n.path("score").asDouble()).isBetween(1.0, 10.0);
              assertThat(n.path("confidence").path("scored_samples").asInt()).isEqualTo(5);
            });
    assertThat(v.stream().filter(n -> n.path("status").asText().equals("ERROR")))
        .singleElement()
        .satisfies(
            n -> assertThat(n.path("reason").asText()).contains(":3:").contains("not valid JSON"));
    assertThat(server.calls() - before).isEqualTo(2);
  }

  @Test
  void should_judge_image_candidates_read_beside_the_input_and_report_a_bad_image_file()
      throws Exception {
    Files.createDirectories(dir.resolve("shots"));
    Files.write(
        dir.resolve("shots/red.png"), dev.arbiter.core.testing.TestImages.png(2, 2, 0xFF0000));
    Files.write(
        dir.resolve("shots/blue.png"), dev.arbiter.core.testing.TestImages.png(2, 2, 0x0000FF));
    Files.writeString(dir.resolve("shots/readme.png"), "plain text");
    Path in = dir.resolve("images.jsonl");
    Files.write(
        in,
        List.of(
            "{\"id\":\"i1\",\"query\":\"Which square is red?\",\"candidates\":["
                + "{\"type\":\"image\",\"path\":\"shots/red.png\"},"
                + "{\"type\":\"image\",\"path\":\"shots/blue.png\"}]}",
            "{\"id\":\"i2\",\"query\":\"Which?\",\"candidates\":["
                + "{\"type\":\"image\",\"path\":\"shots/readme.png\"},\"text\"]}"));
    Path out = dir.resolve("images-out.jsonl");
    long before = server.calls();

    Cli.Run r =
        Cli.run(
            "judge",
            "--in",
            in.toString(),
            "--out",
            out.toString(),
            "--endpoint",
            server.baseUrl(),
            "--model",
            "stub-judge",
            "--mode",
            "pairwise",
            "--no-progress");

    // 3: finished, with the bad image's error record in the output.
    assertThat(r.exit()).as(r.err()).isEqualTo(3);
    List<JsonNode> v = Cli.lines(out);
    assertThat(v).extracting(n -> n.path("id").asText()).containsExactlyInAnyOrder("i1", "i2");
    JsonNode ok = v.stream().filter(n -> n.path("id").asText().equals("i1")).findFirst().get();
    JsonNode bad = v.stream().filter(n -> n.path("id").asText().equals("i2")).findFirst().get();
    assertThat(ok.path("status").asText()).as(ok.toString()).isEqualTo("SCORED");
    assertThat(bad.path("status").asText()).isEqualTo("ERROR");
    assertThat(bad.path("reason").asText())
        .contains(in + ":2: field 'candidates[0].path'")
        .contains("readme.png is not a PNG, JPEG, GIF or WebP image");
    assertThat(server.calls() - before).isEqualTo(2); // i1 in both orders; i2 never sent
  }

  @Test
  void should_fail_fast_on_an_unknown_model_with_the_status_in_the_error_record() throws Exception {
    Path in = dir.resolve("in.jsonl");
    Files.write(in, List.of("{\"id\":\"q1\",\"query\":\"q\",\"response\":\"r\"}"));
    Path out = dir.resolve("out.jsonl");

    Cli.Run r =
        Cli.run(
            "judge",
            "--in",
            in.toString(),
            "--out",
            out.toString(),
            "--endpoint",
            server.baseUrl(),
            "--model",
            "no-such-model",
            "--no-progress");

    assertThat(r.exit()).isEqualTo(3);
    JsonNode v = Cli.lines(out).get(0);
    assertThat(v.path("status").asText()).isEqualTo("ERROR");
    assertThat(v.path("reason").asText()).contains("not retriable").contains("404");
  }

  @Test
  void
      should_make_no_model_call_on_a_second_run_with_a_disk_cache_and_exactly_k_more_samples_when_k_grows()
          throws Exception {
    Path in = dir.resolve("in.jsonl");
    Files.write(
        in,
        List.of(
            "{\"id\":\"q1\",\"query\":\"Name a prime.\",\"response\":\"7\"}",
            "{\"id\":\"q2\",\"query\":\"2+2?\",\"response\":\"4\"}"));
    String cache = dir.resolve("cache").toString();
    String[] common = {
      "judge",
      "--in",
      in.toString(),
      "--endpoint",
      server.baseUrl(),
      "--model",
      "stub-judge",
      "--protocol",
      "mt-bench",
      "--cache",
      cache,
      "--no-progress",
      "--temperature",
      "0.7"
    };

    long c0 = server.choicesGenerated();
    Cli.Run first =
        Cli.run(concat(common, "--out", dir.resolve("o1.jsonl").toString(), "--samples", "8"));
    long c1 = server.choicesGenerated();
    Cli.Run second =
        Cli.run(concat(common, "--out", dir.resolve("o2.jsonl").toString(), "--samples", "8"));
    long c2 = server.choicesGenerated();
    long calls2 = server.calls();
    Cli.Run third =
        Cli.run(concat(common, "--out", dir.resolve("o3.jsonl").toString(), "--samples", "16"));
    long c3 = server.choicesGenerated();

    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(c1 - c0).isEqualTo(16);
    assertThat(second.exit()).as(second.err()).isZero();
    assertThat(c2 - c1).as("second run is served from the disk cache").isZero();
    assertThat(second.err()).contains("0 calls").contains("16 hits");
    assertThat(third.exit()).as(third.err()).isZero();
    assertThat(c3 - c2)
        .as("raising k from 8 to 16 draws exactly 8 new samples per judgement")
        .isEqualTo(16);
    assertThat(server.calls() - calls2).as("one n=8 call per judgement").isEqualTo(2);
    assertThat(Cli.lines(dir.resolve("o2.jsonl")))
        .allSatisfy(n -> assertThat(n.path("usage").path("cache_hits").asLong()).isEqualTo(8));
  }

  static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void should_name_the_bad_option_value() {
    Cli.Run r =
        Cli.run(
            "judge",
            "--in",
            "nope.jsonl",
            "--out",
            dir.resolve("o").toString(),
            "--mode",
            "sideways");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("mode").contains("sideways");
  }

  /** {@code arbiter judge} on JudgeBench pairs with arena-hard, then {@code more} options. */
  private static String[] pairwiseJob(Path in, Path out, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "judge",
                "--mode",
                "pairwise",
                "--format",
                "judgebench",
                "--protocol",
                "arena-hard",
                "--in",
                in.toString(),
                "--out",
                out.toString()));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  private static Path judgeBenchPairs(Path dir, int n) throws Exception {
    Path in = dir.resolve("pairs.jsonl");
    try (Stream<String> s =
        Files.lines(SharedData.file("judgebench/pairs.claude-3-5-sonnet-20240620.jsonl"))) {
      Files.write(in, s.limit(n).toList());
    }
    return in;
  }

  @Test
  void should_spread_a_job_over_replicas_given_by_repeated_endpoints() throws Exception {
    // given: a second replica beside the shared one
    Path in = judgeBenchPairs(dir, 12);
    Path out = dir.resolve("verdicts.jsonl");
    try (StubVllmServer second = StubVllmServer.start(0, "stub-judge", 0)) {
      long before = server.calls();
      // when
      Cli.Run r =
          Cli.run(
              pairwiseJob(
                  in,
                  out,
                  "--endpoint",
                  server.baseUrl(),
                  "--endpoint",
                  second.baseUrl(),
                  "--model",
                  "stub-judge",
                  "--no-progress"));
      // then: every pair judged, both orders each, the calls shared by the two replicas
      assertThat(r.exit()).as(r.err()).isZero();
      assertThat(Cli.lines(out))
          .hasSize(12)
          .allMatch(v -> v.path("status").asText().equals("SCORED"));
      long first = server.calls() - before;
      assertThat(first + second.calls()).isEqualTo(24);
      assertThat(first).isPositive();
      assertThat(second.calls()).isPositive();
      assertThat(r.err()).contains(server.baseUrl() + ", " + second.baseUrl());
    }
  }

  @Test
  void should_stop_the_job_cleanly_when_the_token_budget_is_spent() throws Exception {
    // given: a budget the first pair's two calls (one per order, about 1,200 tokens each on the
    // stub) spend whether they run at once or one after the other, and no more: the first pair is
    // always judged, the second never
    Path in = judgeBenchPairs(dir, 12);
    Path out = dir.resolve("verdicts.jsonl");
    // when
    Cli.Run r =
        Cli.run(
            pairwiseJob(
                in,
                out,
                "--endpoint",
                server.baseUrl(),
                "--model",
                "stub-judge",
                "--token-budget",
                "1500",
                "--concurrency",
                "1",
                "--no-progress"));
    // then: the first pair is judged; the second (and the one the runner had already read, if
    // any) are refused with the budget's message, and the job stops reading: the rest are left
    // for later
    List<JsonNode> written = Cli.lines(out);
    assertThat(written.size()).isBetween(2, 3);
    assertThat(written.get(0).path("status").asText()).isEqualTo("SCORED");
    for (JsonNode refused : written.subList(1, written.size())) {
      assertThat(refused.path("status").asText()).isEqualTo("ERROR");
      assertThat(refused.toString()).contains("token budget of 1500 tokens");
    }
    assertThat(r.err()).contains("resume with the same command");
  }

  // ---- credentials in --endpoint, and --model-revision ----

  private String endpointWithPassword() {
    return server.baseUrl().replace("http://", "http://admin:hunter2@");
  }

  @Test
  void should_print_and_store_no_credential_of_the_endpoint_and_record_the_model_revision()
      throws Exception {
    Path in = dir.resolve("in.jsonl");
    Files.write(in, List.of("{\"id\":\"q1\",\"query\":\"Name a prime.\",\"response\":\"7\"}"));
    Path out = dir.resolve("out.jsonl");

    Cli.Run r =
        Cli.run(
            "judge",
            "--in",
            in.toString(),
            "--out",
            out.toString(),
            "--endpoint",
            endpointWithPassword(),
            "--model",
            "stub-judge",
            "--model-revision",
            "3f2a9c1",
            "--protocol",
            "mt-bench",
            "--no-progress");

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err()).doesNotContain("hunter2").contains("http://***@127.0.0.1:");
    String output = Files.readString(out);
    assertThat(output).doesNotContain("hunter2");
    assertThat(Cli.lines(out).get(0).path("provenance").path("model_revision").asText())
        .isEqualTo("3f2a9c1");
  }

  @Test
  void should_keep_credentials_out_of_the_spec_it_shows_and_out_of_error_messages()
      throws Exception {
    Cli.Run shown =
        Cli.run(
            "spec",
            "show",
            "--endpoint",
            server.baseUrl() + "?api-key=ak-hunter2",
            "--model",
            "stub-judge");
    Cli.Run refused =
        Cli.run(
            "judge",
            "--in",
            dir.resolve("missing.jsonl").toString(),
            "--out",
            dir.resolve("o.jsonl").toString(),
            "--endpoint",
            "ftp://admin:hunter2@127.0.0.1/v1",
            "--model",
            "stub-judge");

    assertThat(shown.out() + shown.err()).doesNotContain("hunter2").contains("api-key=***");
    assertThat(refused.exit()).isNotZero();
    assertThat(refused.out() + refused.err()).doesNotContain("hunter2");
  }
}
