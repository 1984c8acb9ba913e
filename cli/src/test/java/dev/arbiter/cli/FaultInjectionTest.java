package dev.arbiter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.core.internal.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code arbiter judge} against the vLLM simulator {@code ../shared/tools/fakevllm} failing 20 % of
 * calls (429, 503, connection reset, malformed 200, slow, truncated). The full 10 000-record run is
 * the {@code batch-faults} benchmark (docs/benchmarks.md); this is the same job, smaller. Skipped
 * (not failed) where the simulator is not beside the repository.
 */
class FaultInjectionTest {
  private static final int RECORDS = 400;

  @TempDir Path dir;

  private Process server;

  @AfterEach
  void stopServer() throws InterruptedException {
    if (server != null) {
      server.destroy();
      server.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** The simulator's script: {@code -Darbiter.fakevllm=PATH}, else found above the build. */
  static Optional<Path> fakevllm() {
    String configured = System.getProperty("arbiter.fakevllm");
    if (configured != null) {
      return Optional.of(Path.of(configured));
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path script = p.resolve("shared/tools/fakevllm/fakevllm.py");
      if (Files.isRegularFile(script)) {
        return Optional.of(script);
      }
    }
    return Optional.empty();
  }

  /** Starts the simulator failing a fifth of the calls with all six of its fault kinds. */
  private String startServer() throws Exception {
    Optional<Path> script = fakevllm();
    Assumptions.assumeTrue(
        script.isPresent(), "the vLLM simulator (../shared/tools/fakevllm) is not here");
    Path portFile = dir.resolve("port");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "python3",
                script.get().toString(),
                "--port",
                "0",
                "--port-file",
                portFile.toString(),
                "--model",
                "stub-judge",
                "--fault-rate",
                "0.2",
                "--fault-seed",
                "13",
                "--slow-ms",
                "300",
                "--fault-kinds",
                "429,503,reset,malformed,slow,truncate"));
    server =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("fakevllm.log").toFile())
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (Files.exists(portFile) && Files.size(portFile) > 0) {
        return "http://127.0.0.1:" + Files.readString(portFile).strip() + "/v1";
      }
      assertThat(server.isAlive()).as(Files.readString(dir.resolve("fakevllm.log"))).isTrue();
      Thread.sleep(50);
    }
    throw new AssertionError("fakevllm did not start");
  }

  record Pass(int exit, String err, Map<String, Integer> idCounts, long errors) {}

  private Pass judge(Path in, Path out, String endpoint, String... more) throws IOException {
    List<String> args =
        new ArrayList<>(
            List.of(
                "judge",
                "--in",
                in.toString(),
                "--out",
                out.toString(),
                "--endpoint",
                endpoint,
                "--model",
                "stub-judge",
                "--concurrency",
                "16",
                "--no-progress"));
    args.addAll(List.of(more));
    StringWriter err = new StringWriter();
    int exit =
        ArbiterCli.commandLine()
            .setErr(new PrintWriter(err, true))
            .execute(args.toArray(String[]::new));
    Map<String, Integer> counts = new HashMap<>();
    long errors = 0;
    for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
      JsonNode n = Json.mapper().readTree(line);
      counts.merge(n.path("id").asText(), 1, Integer::sum);
      if ("ERROR".equals(n.path("status").asText())) {
        errors++;
      }
    }
    return new Pass(exit, err.toString(), counts, errors);
  }

  private Path records() throws IOException {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < RECORDS; i++) {
      lines.add(
          "{\"id\": \"f"
              + i
              + "\", \"query\": \"Question "
              + i
              + ": name a prime above "
              + i
              + ".\", \"response\": \"It is "
              + (i + 1)
              + " or so.\"}");
    }
    Path in = dir.resolve("in.jsonl");
    Files.write(in, lines, StandardCharsets.UTF_8);
    return in;
  }

  @Test
  void should_account_for_every_id_once_with_at_most_1_percent_errors_under_20_percent_faults()
      throws Exception {
    // given
    String endpoint = startServer();
    Path in = records();
    Path out = dir.resolve("out.jsonl");

    // when
    Pass first = judge(in, out, endpoint);
    Pass retried = judge(in, out, endpoint, "--retry-failed");

    // then: one line per id after each pass, and the exit status says whether errors remain
    assertThat(first.idCounts()).hasSize(RECORDS).allSatisfy((id, n) -> assertThat(n).isOne());
    assertThat(retried.idCounts()).hasSize(RECORDS).allSatisfy((id, n) -> assertThat(n).isOne());
    assertThat(first.exit()).as(first.err()).isEqualTo(first.errors() > 0 ? 3 : 0);
    assertThat(retried.exit()).as(retried.err()).isEqualTo(retried.errors() > 0 ? 3 : 0);
    // the target: at most 1 % error records after one pass, none after one retry
    assertThat(first.errors()).as(first.err()).isLessThanOrEqualTo(RECORDS / 100);
    assertThat(retried.errors()).as(retried.err()).isZero();
    assertThat(retried.exit()).isZero();
  }
}
