package dev.arbiter.spark;

import static dev.arbiter.spark.SparkTestSupport.decisions;
import static dev.arbiter.spark.SparkTestSupport.verdicts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.cli.stub.StubVllmServer;
import dev.arbiter.core.Mode;
import dev.arbiter.core.testing.SharedData;
import dev.arbiter.eval.batch.RequestReader;
import dev.arbiter.spark.testing.LocalStandaloneCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark job on a real standalone cluster (a master and two workers on 127.0.0.1, each its own
 * JVM), submitted with the job jar as spark-submit would, compared with the CLI on the same input
 * and the same judge.
 */
class StandaloneClusterIT {
  @TempDir Path dir;

  @Test
  void should_judge_on_a_standalone_cluster_exactly_as_the_cli_does() throws Exception {
    Path jobJar = Path.of("target", "arbiter-spark.jar").toAbsolutePath();
    assertThat(jobJar).as("the job jar is built in the package phase").exists();
    Path in = dir.resolve("pairs.jsonl");
    try (Stream<String> s =
        Files.lines(SharedData.file("judgebench/pairs.claude-3-5-sonnet-20240620.jsonl"))) {
      Files.write(in, s.limit(20).toList());
    }
    try (StubVllmServer server = StubVllmServer.start(0, "stub-judge", 5);
        LocalStandaloneCluster cluster = LocalStandaloneCluster.start(dir, 2)) {
      // given: the CLI's verdicts
      Path cliOut = dir.resolve("cli.jsonl");
      assertThat(
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
                  "--no-progress"))
          .isZero();

      // when: the same judge on the cluster
      SparkSession spark =
          SparkSession.builder()
              .master(cluster.masterUrl())
              .appName("arbiter-cluster-test")
              .config("spark.ui.enabled", "false")
              .config("spark.driver.host", "127.0.0.1")
              .config("spark.driver.bindAddress", "127.0.0.1")
              .config("spark.jars", jobJar.toString())
              .config("spark.executor.memory", "512m")
              .config("spark.cores.max", "2")
              .config("spark.sql.shuffle.partitions", "4")
              .getOrCreate();
      Path out = dir.resolve("spark-out");
      try {
        SparkJudgeJob.Summary s =
            new SparkJudgeJob(
                    spark,
                    SparkTestSupport.spec(server.baseUrl(), ""),
                    ArbiterSpark.Options.defaults()
                        .withFormat(RequestReader.Format.JUDGEBENCH)
                        .withMode(Mode.PAIRWISE)
                        .withSource(in.toString()))
                .run(
                    in,
                    out,
                    SparkJudgeJob.InputFormat.JSONL,
                    SparkJudgeJob.OutputFormat.JSONL,
                    false);

        // then: one verdict per record, decided as the CLI decided, judged on the workers
        List<JsonNode> got = verdicts(out);
        assertThat(got).hasSize(20);
        assertThat(decisions(got)).isEqualTo(decisions(verdicts(cliOut)));
        assertThat(s.errors()).isZero();
        // and the work ran in executors the workers launched
        long workersUsed = 0;
        for (int i = 0; i < 2; i++) {
          try (Stream<Path> apps = Files.list(dir.resolve("worker-" + i))) {
            workersUsed +=
                apps.anyMatch(p -> p.getFileName().toString().startsWith("app-")) ? 1 : 0;
          }
        }
        assertThat(workersUsed).isEqualTo(2);
      } finally {
        spark.stop();
      }
    }
  }
}
