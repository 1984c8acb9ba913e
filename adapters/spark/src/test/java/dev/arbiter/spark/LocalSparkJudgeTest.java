package dev.arbiter.spark;

import static dev.arbiter.spark.SparkTestSupport.comparableLines;
import static dev.arbiter.spark.SparkTestSupport.decisions;
import static dev.arbiter.spark.SparkTestSupport.verdicts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.cli.stub.StubVllmServer;
import dev.arbiter.core.Mode;
import dev.arbiter.core.testing.SharedData;
import dev.arbiter.eval.batch.RequestReader;
import dev.arbiter.spec.JudgeSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Spark job on {@code local[2]} against the stub vLLM server, compared with the CLI. */
class LocalSparkJudgeTest {
  static StubVllmServer server;
  static SparkSession spark;
  @TempDir Path dir;

  @BeforeAll
  static void start() throws Exception {
    server = StubVllmServer.start(0, "stub-judge", 0);
    spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("arbiter-test")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.sql.shuffle.partitions", "4")
            .getOrCreate();
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
    server.close();
  }

  static ArbiterSpark.Options judgebench(Path in) {
    return ArbiterSpark.Options.defaults()
        .withFormat(RequestReader.Format.JUDGEBENCH)
        .withMode(Mode.PAIRWISE)
        .withSource(in.toString());
  }

  Path pairs(int n) throws Exception {
    Path in = dir.resolve("pairs.jsonl");
    try (Stream<String> s =
        Files.lines(SharedData.file("judgebench/pairs.claude-3-5-sonnet-20240620.jsonl"))) {
      Files.write(in, s.limit(n).toList());
    }
    return in;
  }

  @Test
  void should_write_one_verdict_per_record_with_the_cli_decisions_and_no_model_call_on_rerun()
      throws Exception {
    // given: 12 JudgeBench pairs, judged once by the CLI
    Path in = pairs(12);
    Path cliOut = dir.resolve("cli.jsonl");
    int exit =
        SparkTestSupport.cli(
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
            cliOut.toString(),
            "--endpoint",
            server.baseUrl(),
            "--model",
            "stub-judge",
            "--no-progress");
    assertThat(exit).isZero();
    JudgeSpec spec = SparkTestSupport.spec(server.baseUrl(), "");
    Path out = dir.resolve("spark-out");

    // when: the same input and judge through Spark
    SparkJudgeJob.Summary first =
        new SparkJudgeJob(spark, spec, judgebench(in))
            .run(in, out, SparkJudgeJob.InputFormat.JSONL, SparkJudgeJob.OutputFormat.JSONL, false);

    // then: one verdict per record, each the CLI's line for that record (configuration
    // fingerprint included), but for the server's prefix-cache counts and verifier timings
    List<JsonNode> got = verdicts(out);
    assertThat(got).hasSize(12);
    assertThat(got.stream().map(v -> v.get("id").asText()).distinct()).hasSize(12);
    assertThat(decisions(got)).isEqualTo(decisions(verdicts(cliOut)));
    assertThat(comparableLines(got)).isEqualTo(comparableLines(verdicts(cliOut)));
    assertThat(got.get(0).path("config").asText()).hasSize(16);
    assertThat(first.written()).isEqualTo(12);
    assertThat(first.errors()).isZero();
    assertThat(got.get(0).has("orders")).isTrue();

    // when: the job runs again over its own output
    long callsBefore = server.calls();
    SparkJudgeJob.Summary second =
        new SparkJudgeJob(spark, spec, judgebench(in))
            .run(in, out, SparkJudgeJob.InputFormat.JSONL, SparkJudgeJob.OutputFormat.JSONL, false);

    // then: everything is skipped, no model call, still one verdict per record
    assertThat(server.calls()).isEqualTo(callsBefore);
    assertThat(second.skipped()).isEqualTo(12);
    assertThat(second.written()).isZero();
    assertThat(verdicts(out)).hasSize(12);
  }

  @Test
  void should_turn_unreadable_and_repeated_records_into_error_rows_and_drop_none()
      throws Exception {
    // given: 4 pairs, a torn line, a record without a question, and a repeated pair id
    Path in = pairs(4);
    List<String> lines = new ArrayList<>(Files.readAllLines(in));
    lines.add("{\"pair_id\": \"torn\", \"question\": ");
    lines.add("{\"pair_id\": \"noq\", \"response_A\": \"a\", \"response_B\": \"b\"}");
    lines.add(lines.get(0));
    Files.write(in, lines);
    Path out = dir.resolve("out");

    // when
    SparkJudgeJob.Summary s =
        new SparkJudgeJob(spark, SparkTestSupport.spec(server.baseUrl(), ""), judgebench(in))
            .run(in, out, SparkJudgeJob.InputFormat.JSONL, SparkJudgeJob.OutputFormat.JSONL, false);

    // then: 7 rows for 7 lines; the three bad ones are errors naming line and field
    List<JsonNode> got = verdicts(out);
    assertThat(got).hasSize(7);
    Map<Long, JsonNode> byLine =
        got.stream().collect(Collectors.toMap(v -> v.get("line").asLong(), v -> v));
    assertThat(byLine.get(5L).get("status").asText()).isEqualTo("ERROR");
    assertThat(byLine.get(5L).get("reason").asText())
        .contains("not valid JSON")
        .contains("pairs.jsonl:5");
    assertThat(byLine.get(6L).get("field").asText()).isEqualTo("question");
    assertThat(byLine.get(7L).get("reason").asText()).contains("duplicate id");
    assertThat(byLine.get(1L).get("status").asText()).isNotEqualTo("ERROR");
    assertThat(s.errors()).isEqualTo(3);
  }

  @Test
  void should_judge_a_dataset_of_rows_carrying_the_cli_input_fields() {
    // given: rows with the CLI's pointwise fields
    Dataset<Row> requests =
        spark
            .read()
            .json(
                spark.createDataset(
                    List.of(
                        "{\"id\": \"r1\", \"query\": \"What is 2+2?\", \"response\": \"4\"}",
                        "{\"id\": \"r2\", \"query\": \"Capital of France?\", \"response\": \"Paris\"}",
                        "{\"id\": \"r3\", \"query\": \"Name a prime.\", \"response\": \"7\"}"),
                    org.apache.spark.sql.Encoders.STRING()));
    JudgeSpec spec =
        dev.arbiter.spec.JudgeSpecs.parse(
            "models:\n  - endpoint: " + server.baseUrl() + "\n    model: stub-judge\n", "spec");

    // when
    List<Row> rows = ArbiterSpark.judge(requests, spec).collectAsList();

    // then: one scored row each, with the verdict columns and the CLI's JSON line
    assertThat(rows).hasSize(3);
    assertThat(rows)
        .allSatisfy(
            r -> {
              assertThat(r.getAs("status").toString()).isEqualTo("SCORED");
              assertThat((Double) r.getAs("normalized_score")).isBetween(0.0, 1.0);
              assertThat(r.getAs("verdict").toString()).contains("\"provenance\"");
            });
    assertThat(rows.stream().map(r -> r.getAs("id").toString()).sorted())
        .containsExactly("r1", "r2", "r3");
  }

  @Test
  void should_stop_a_resume_with_another_judge_configuration_unless_mixing_is_forced()
      throws Exception {
    // given: an output judged with one sample per order
    Path in = pairs(3);
    Path out = dir.resolve("mixed-out");
    new SparkJudgeJob(spark, SparkTestSupport.spec(server.baseUrl(), ""), judgebench(in))
        .run(in, out, SparkJudgeJob.InputFormat.JSONL, SparkJudgeJob.OutputFormat.JSONL, false);
    String firstConfig = verdicts(out).get(0).path("config").asText();
    JudgeSpec other = SparkTestSupport.spec(server.baseUrl(), "sampling:\n  k: 3\n");
    List<String> warnings = new ArrayList<>();
    long calls = server.calls();

    // when: resumed with three samples
    SparkJudgeJob job = new SparkJudgeJob(spark, other, judgebench(in));
    String otherConfig = ArbiterSpark.configuration(spark, other, judgebench(in)).fingerprint();

    // then: it stops before any model call, naming both configurations, as arbiter judge does
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                job.run(
                    in,
                    out,
                    SparkJudgeJob.InputFormat.JSONL,
                    SparkJudgeJob.OutputFormat.JSONL,
                    false,
                    false,
                    warnings::add))
        .isInstanceOf(dev.arbiter.core.InvalidInputException.class)
        .hasMessageContaining("'--out'")
        .hasMessageContaining(
            "holds 3 verdicts judged with another configuration {" + firstConfig + "=3}")
        .hasMessageContaining(
            "than this run's " + otherConfig + " {\"format\":\"JUDGEBENCH\",\"judge\":{")
        .hasMessageContaining("pass --force-mixed");
    assertThat(otherConfig).isNotEqualTo(firstConfig);
    assertThat(server.calls()).isEqualTo(calls);

    // and with mixing forced it goes on, warning, and judges nothing already done
    SparkJudgeJob.Summary forced =
        job.run(
            in,
            out,
            SparkJudgeJob.InputFormat.JSONL,
            SparkJudgeJob.OutputFormat.JSONL,
            false,
            true,
            warnings::add);
    assertThat(forced.skipped()).isEqualTo(3);
    assertThat(warnings).anySatisfy(w -> assertThat(w).contains("kept because mixing was allowed"));
  }

  @Test
  void should_spread_the_records_over_two_partitions_per_task_slot_whatever_the_shuffle_does() {
    // given: 40 records in one input partition; adaptive execution would coalesce the id window's
    // tiny shuffle into a single task
    List<String> json = new java.util.ArrayList<>();
    for (int i = 0; i < 40; i++) {
      json.add(
          "{\"id\": \"p"
              + i
              + "\", \"query\": \"What is "
              + i
              + "+1?\", \"response\": \""
              + (i + 1)
              + "\"}");
    }
    Dataset<Row> requests =
        spark
            .read()
            .json(spark.createDataset(json, org.apache.spark.sql.Encoders.STRING()).coalesce(1));
    JudgeSpec spec =
        dev.arbiter.spec.JudgeSpecs.parse(
            "models:\n  - endpoint: " + server.baseUrl() + "\n    model: stub-judge\n", "spec");

    // when: the partition each verdict row was judged in
    List<Row> rows =
        ArbiterSpark.judge(requests, spec)
            .withColumn("pid", org.apache.spark.sql.functions.spark_partition_id())
            .collectAsList();

    // then: local[2] has two task slots, so four partitions judged the 40 records
    assertThat(rows).hasSize(40);
    assertThat(rows.stream().map(r -> r.getAs("pid")).distinct().count()).isEqualTo(4);
  }

  @Test
  void should_name_the_setting_when_the_partition_count_is_not_a_positive_integer() {
    // given
    Dataset<Row> requests =
        spark
            .read()
            .json(
                spark.createDataset(
                    List.of("{\"id\": \"x\", \"query\": \"q\", \"response\": \"r\"}"),
                    org.apache.spark.sql.Encoders.STRING()));
    JudgeSpec spec =
        dev.arbiter.spec.JudgeSpecs.parse(
            "models:\n  - endpoint: " + server.baseUrl() + "\n    model: stub-judge\n", "spec");
    spark.conf().set(ArbiterSpark.PARTITIONS_CONF, "0");
    try {
      // when / then
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> ArbiterSpark.judge(requests, spec))
          .isInstanceOf(dev.arbiter.core.InvalidInputException.class)
          .hasMessageContaining("spark.arbiter.partitions")
          .hasMessageContaining("'0'");
    } finally {
      spark.conf().unset(ArbiterSpark.PARTITIONS_CONF);
    }
  }
}
