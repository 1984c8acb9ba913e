package dev.arbiter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.cli.stub.StubVllmServer;
import dev.arbiter.core.internal.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills {@code arbiter judge} with SIGKILL in a separate JVM while it writes, reruns it, and checks
 * that the output ends exactly like an uninterrupted (in-process) run's. The child runs from the
 * test class path, because surefire runs before {@code package} builds the CLI jar.
 */
class KillResumeTest {
  private static final int RECORDS = 300;

  /** Kill once this many lines are written: well before the end, after the writer got going. */
  private static final int KILL_AFTER_LINES = 40;

  // 25 ms per call with 4 records in flight caps the child at 160 records/s, so the 260 records
  // left after the kill point take over 1.5 s: the poll (every 5 ms) cannot miss the window.
  private static final long LATENCY_MS = 25;

  private static StubVllmServer stub;

  @TempDir Path dir;

  @BeforeAll
  static void startStub() throws IOException {
    stub = StubVllmServer.start(0, "stub-judge", LATENCY_MS);
  }

  @AfterAll
  static void stopStub() {
    stub.close();
  }

  @Test
  void should_end_with_the_uninterrupted_runs_records_when_killed_with_sigkill_and_rerun()
      throws Exception {
    // given
    Path in = dir.resolve("in.jsonl");
    List<String> lines = new ArrayList<>();
    Set<String> inputIds = new LinkedHashSet<>();
    for (int i = 0; i < RECORDS; i++) {
      String id = String.format("rec-%04d", i);
      inputIds.add(id);
      lines.add(
          "{\"id\": \""
              + id
              + "\", \"query\": \"What is "
              + i
              + " times 3?\", \"response\": \"It is "
              + (3 * i)
              + ", because "
              + i
              + " added three times gives "
              + (3 * i)
              + ".\"}");
    }
    Files.write(in, lines, StandardCharsets.UTF_8);
    // The reference run goes in-process, with more records in flight: its verdicts must not
    // depend on scheduling either.
    Path uninterrupted = dir.resolve("uninterrupted.jsonl");
    int exit =
        ArbiterCli.commandLine()
            .setErr(new PrintWriter(new StringWriter()))
            .execute(
                "judge",
                "--in",
                in.toString(),
                "--out",
                uninterrupted.toString(),
                "--endpoint",
                stub.baseUrl(),
                "--model",
                "stub-judge",
                "--concurrency",
                "16",
                "--no-progress");
    assertThat(exit).isZero();

    // when
    Path resumed = dir.resolve("resumed.jsonl");
    Process killed = judge(in, resumed, "killed");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (lineCount(resumed) < KILL_AFTER_LINES
        && killed.isAlive()
        && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    killed.destroyForcibly();
    assertThat(killed.waitFor(10, TimeUnit.SECONDS)).isTrue();
    long atKill = lineCount(resumed);
    Process rerun = judge(in, resumed, "rerun");
    assertThat(rerun.waitFor(60, TimeUnit.SECONDS)).isTrue();

    // then
    assertThat(killed.exitValue()).as("killed by SIGKILL (128 + 9)").isEqualTo(137);
    assertThat(atKill).isBetween((long) KILL_AFTER_LINES, (long) RECORDS - 1);
    assertThat(rerun.exitValue()).as(log("rerun")).isZero();
    Matcher skipped = Pattern.compile("(\\d+) skipped as already done").matcher(log("rerun"));
    assertThat(skipped.find()).as(log("rerun")).isTrue();
    // Every newline-terminated line counts as done; a line cut short by the kill is dropped and
    // judged again, unless the cut fell just before its newline (then it is complete JSON).
    assertThat(Long.parseLong(skipped.group(1))).isBetween(atKill, atKill + 1);

    Map<String, JsonNode> full = byId(uninterrupted);
    Map<String, JsonNode> afterResume = byId(resumed);
    assertThat(full.keySet()).isEqualTo(inputIds);
    assertThat(afterResume.keySet()).isEqualTo(inputIds);
    for (String id : inputIds) {
      // The stub answers from a hash of the prompt and greedy judging sends the same prompt: the
      // verdict of a record must not depend on which run judged it.
      assertThat(afterResume.get(id).path("status").asText()).isEqualTo("SCORED");
      assertThat(afterResume.get(id).path("score")).as(id).isEqualTo(full.get(id).path("score"));
      assertThat(afterResume.get(id).path("line")).as(id).isEqualTo(full.get(id).path("line"));
    }
  }

  /** Starts {@code arbiter judge} in a new JVM; its output goes to {@code name.log}. */
  private Process judge(Path in, Path out, String name) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd =
        List.of(
            java,
            "-Xmx256m",
            // A short-lived child: the fast compiler tier starts quicker on a loaded machine.
            "-XX:TieredStopAtLevel=1",
            "-cp",
            System.getProperty("java.class.path"),
            "dev.arbiter.cli.ArbiterCli",
            "judge",
            "--in",
            in.toString(),
            "--out",
            out.toString(),
            "--endpoint",
            stub.baseUrl(),
            "--model",
            "stub-judge",
            "--concurrency",
            "4",
            "--no-progress");
    Path log = dir.resolve(name + ".log");
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  private String log(String name) {
    try {
      return Files.readString(dir.resolve(name + ".log"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private static long lineCount(Path file) throws IOException {
    if (!Files.exists(file)) {
      return 0;
    }
    byte[] bytes = Files.readAllBytes(file);
    long n = 0;
    for (byte b : bytes) {
      if (b == '\n') {
        n++;
      }
    }
    return n;
  }

  /** Every output line by id; fails on a duplicate id or a line that is not a JSON object. */
  private static Map<String, JsonNode> byId(Path out) throws IOException {
    Map<String, JsonNode> byId = new HashMap<>();
    for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
      JsonNode n = Json.mapper().readTree(line);
      assertThat(n.isObject()).as(line).isTrue();
      JsonNode previous = byId.put(n.path("id").asText(), n);
      assertThat(previous).as("duplicate id " + n.path("id").asText()).isNull();
    }
    return byId;
  }
}
