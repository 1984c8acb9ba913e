package dev.arbiter.spark;

import static dev.arbiter.spark.SparkTestSupport.verdicts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.cli.stub.StubVllmServer;
import dev.arbiter.core.Mode;
import dev.arbiter.redis.RedisTestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-sample cache shared by executors through Redis, and --retry-failed on Spark. */
class SharedCacheAndRetryTest {
  static SparkSession spark;
  @TempDir Path dir;

  @BeforeAll
  static void start() {
    spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("arbiter-test-cache")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.sql.shuffle.partitions", "4")
            .getOrCreate();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /** Pairwise records no earlier run has seen (so the shared Redis holds none of their samples). */
  Path freshPairs(int n) throws Exception {
    String nonce = UUID.randomUUID().toString();
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      lines.add(
          "{\"id\": \"p"
              + i
              + "\", \"query\": \"Question "
              + i
              + " of run "
              + nonce
              + "\", \"response_a\": \"Answer one\", \"response_b\": \"Answer two, longer\"}");
    }
    Path in = dir.resolve("pairs-" + nonce + ".jsonl");
    Files.write(in, lines);
    return in;
  }

  static ArbiterSpark.Options pairwise(Path in) {
    return ArbiterSpark.Options.defaults().withMode(Mode.PAIRWISE).withSource(in.toString());
  }

  SparkJudgeJob.Summary run(StubVllmServer server, String yaml, Path in, Path out, boolean retry) {
    return run(server, yaml, in, out, retry, pairwise(in));
  }

  SparkJudgeJob.Summary run(
      StubVllmServer server,
      String yaml,
      Path in,
      Path out,
      boolean retry,
      ArbiterSpark.Options options) {
    return new SparkJudgeJob(spark, SparkTestSupport.spec(server.baseUrl(), yaml), options)
        .run(in, out, SparkJudgeJob.InputFormat.JSONL, SparkJudgeJob.OutputFormat.JSONL, retry);
  }

  @Test
  void should_pay_only_for_new_samples_when_a_second_job_shares_the_redis_cache_or_raises_k()
      throws Exception {
    try (RedisTestServer redis = RedisTestServer.start();
        StubVllmServer server = StubVllmServer.start(0, "stub-judge", 0)) {
      Path in = freshPairs(6);
      String k2 = "sampling:\n  k: 2\ncache:\n  store: " + redis.url + "\n";
      String k4 = "sampling:\n  k: 4\ncache:\n  store: " + redis.url + "\n";

      // given: a first job drew k=2 samples per order for 6 pairs
      run(server, k2, in, dir.resolve("out-1"), false);
      long drawn = server.choicesGenerated();
      assertThat(drawn).isEqualTo(6 * 2 * 2);

      // when: a second job on fresh executors (new judges, empty in-memory caches; a new output
      // folder, so nothing is skipped) judges the same records
      ExecutorJudges.reset();
      SparkJudgeJob.Summary again = run(server, k2, in, dir.resolve("out-2"), false);

      // then: every sample came from Redis
      assertThat(server.choicesGenerated()).isEqualTo(drawn);
      assertThat(again.written()).isEqualTo(6);
      assertThat(again.cacheHits()).isEqualTo(6 * 2 * 2);

      // when: a third job on fresh executors raises k to 4
      ExecutorJudges.reset();
      run(server, k4, in, dir.resolve("out-3"), false);

      // then: exactly the 2 new samples per order were drawn
      assertThat(server.choicesGenerated() - drawn).isEqualTo(6 * 2 * 2);
    }
  }

  @Test
  void should_judge_error_rows_again_with_retry_failed_and_keep_one_row_per_id() throws Exception {
    try (StubVllmServer slow = StubVllmServer.start(0, "stub-judge", 1500)) {
      Path in = freshPairs(4);
      Path out = dir.resolve("out");

      // given: a run whose records all missed a 200 ms deadline
      SparkJudgeJob.Summary first =
          run(slow, "", in, out, false, pairwise(in).withRecordTimeout(Duration.ofMillis(200)));
      assertThat(first.errors()).isEqualTo(4);
      assertThat(verdicts(out))
          .allSatisfy(v -> assertThat(v.get("reason").asText()).contains("deadline"));

      // when: the job is rerun with --retry-failed and a deadline they can meet
      SparkJudgeJob.Summary retried = run(slow, "", in, out, true);

      // then: the error rows were replaced, one row per id, none an error
      List<JsonNode> got = verdicts(out);
      assertThat(retried.written()).isEqualTo(4);
      assertThat(got).hasSize(4);
      assertThat(got.stream().map(v -> v.get("id").asText()).distinct()).hasSize(4);
      assertThat(got).noneSatisfy(v -> assertThat(v.get("status").asText()).isEqualTo("ERROR"));
    }
  }

  @Test
  void should_generate_each_querys_rubric_once_and_share_it_through_the_cache_like_the_cli()
      throws Exception {
    try (RedisTestServer redis = RedisTestServer.start();
        StubVllmServer server = StubVllmServer.start(0, "stub-judge", 0)) {
      // given: a spec that generates a rubric per query, caching it (and samples) in Redis
      Path in = freshPairs(4);
      String yaml =
          "models:\n  - endpoint: "
              + server.baseUrl()
              + "\n    model: stub-judge\nprotocol: {name: json}\nverifiers: {enabled: false}\n"
              + "rubric: {generate: true}\ncache: {store: "
              + redis.url
              + "}\n";
      var spec = dev.arbiter.spec.JudgeSpecs.parse(yaml, "test spec");
      ExecutorJudges.reset();

      // when
      new SparkJudgeJob(spark, spec, pairwise(in))
          .run(
              in,
              dir.resolve("gen-1"),
              SparkJudgeJob.InputFormat.JSONL,
              SparkJudgeJob.OutputFormat.JSONL,
              false);

      // then: every record judged by criteria of a rubric generated for its own query
      List<JsonNode> first = verdicts(dir.resolve("gen-1"));
      assertThat(first).hasSize(4);
      assertThat(first)
          .allSatisfy(
              v -> {
                assertThat(v.path("status").asText()).isEqualTo("SCORED");
                assertThat(v.path("criteria")).isNotEmpty();
              });
      assertThat(first.stream().map(v -> v.at("/provenance/rubric_hash").asText()).distinct())
          .hasSize(4);
      // one generation call per query, one call per order
      long calls = server.calls();
      assertThat(calls).isEqualTo(4 + 4 * 2);

      // when: fresh executors (new judges, nothing in memory) judge the same records again
      ExecutorJudges.reset();
      new SparkJudgeJob(spark, spec, pairwise(in))
          .run(
              in,
              dir.resolve("gen-2"),
              SparkJudgeJob.InputFormat.JSONL,
              SparkJudgeJob.OutputFormat.JSONL,
              false);

      // then: rubrics and samples came from Redis: no model call, the same rubrics and decisions
      assertThat(server.calls()).isEqualTo(calls);
      assertThat(withoutUsage(verdicts(dir.resolve("gen-2")))).isEqualTo(withoutUsage(first));

      // and the CLI with the same judge (no cache: it generates afresh) writes the same lines
      Path cliOut = dir.resolve("gen-cli.jsonl");
      int exit =
          SparkTestSupport.cli(
              "judge",
              "--mode",
              "pairwise",
              "--in",
              in.toString(),
              "--out",
              cliOut.toString(),
              "--endpoint",
              server.baseUrl(),
              "--model",
              "stub-judge",
              "--protocol",
              "json",
              "--no-verifiers",
              "--generate-rubric",
              "--no-progress");
      assertThat(exit).isZero();
      assertThat(withoutUsage(verdicts(cliOut))).isEqualTo(withoutUsage(first));
    }
  }

  /** id → verdict line without its usage (cache hits differ between a first run and a rerun). */
  private static java.util.Map<String, JsonNode> withoutUsage(List<JsonNode> verdicts) {
    java.util.Map<String, JsonNode> m = new java.util.TreeMap<>();
    for (JsonNode v : verdicts) {
      m.put(
          v.get("id").asText(),
          ((com.fasterxml.jackson.databind.node.ObjectNode) v.deepCopy()).without("usage"));
    }
    return m;
  }
}
