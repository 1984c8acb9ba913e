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
import java.util.SplittableRandom;
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
  void should_end_with_the_uninterrupted_runs_verdicts_after_repeated_sigkills_on_odd_text()
      throws Exception {
    // given: ids and texts in several scripts, emoji (surrogate pairs) and lone surrogates
    long seed = System.nanoTime();
    SplittableRandom rnd = new SplittableRandom(seed);
    Path in = dir.resolve("in.jsonl");
    List<String> lines = new ArrayList<>();
    Set<String> inputIds = new LinkedHashSet<>();
    String[] ids = {"réc-ü-%04d", "記録-%04d", "запись-%04d", "sur-\\ud800-%04d", "emoji-😀-%04d"};
    String[] texts = {
      "Ça coûte 3 € et ½ litre, naïve façade",
      "答えは 42 です。理由：6 × 7。",
      "lone high \\ud83d then text, lone low \\udc00 too",
      "a pair 😀 and 🎉 fine",
      "plain ASCII answer"
    };
    for (int i = 0; i < RECORDS; i++) {
      String idJson = String.format(ids[i % ids.length], i);
      inputIds.add(Json.mapper().readTree("\"" + idJson + "\"").asText());
      lines.add(
          "{\"id\": \""
              + idJson
              + "\", \"query\": \"Question "
              + i
              + " — explain\", \"response\": \""
              + texts[(i / ids.length) % texts.length]
              + " #"
              + i
              + "\"}");
    }
    Files.write(in, lines, StandardCharsets.UTF_8);
    Path uninterrupted = dir.resolve("uninterrupted.jsonl");
    assertThat(judgeInProcess(in, uninterrupted)).as("seed " + seed).isZero();

    // when: killed with SIGKILL five times at random points, then resumed to the end
    Path resumed = dir.resolve("resumed.jsonl");
    List<Long> killedAt = new ArrayList<>();
    for (int k = 0; k < 5; k++) {
      long target = lineCount(resumed) + 10 + rnd.nextInt(30);
      Process p = judge(in, resumed, "killed-" + k);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (lineCount(resumed) < target && p.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(2);
      }
      // A random moment past the target: mid-line as often as between lines.
      Thread.sleep(rnd.nextInt(15));
      boolean alive = p.isAlive();
      p.destroyForcibly();
      assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as("killed by SIGKILL (128 + 9)").isEqualTo(137);
      assertThat(alive)
          .as("run %d ended before its kill (seed %d): %s", k, seed, log("killed-" + k))
          .isTrue();
      killedAt.add(lineCount(resumed));
    }
    Process rerun = judge(in, resumed, "rerun");
    assertThat(rerun.waitFor(60, TimeUnit.SECONDS)).isTrue();

    // then
    assertThat(rerun.exitValue()).as(log("rerun")).isZero();
    long atLastKill = killedAt.get(killedAt.size() - 1);
    assertThat(atLastKill).as("seed " + seed).isLessThan(RECORDS);
    Matcher skipped = Pattern.compile("(\\d+) skipped as already done").matcher(log("rerun"));
    assertThat(skipped.find()).as(log("rerun")).isTrue();
    // Every newline-terminated line counts as done; a line cut short by the kill is dropped and
    // judged again, unless the cut fell just before its newline (then it is complete JSON).
    assertThat(Long.parseLong(skipped.group(1))).isBetween(atLastKill, atLastKill + 1);
    Map<String, JsonNode> full = byId(uninterrupted);
    Map<String, JsonNode> afterResume = byId(resumed);
    assertThat(full.keySet()).isEqualTo(inputIds);
    assertThat(afterResume.keySet()).as("seed " + seed).isEqualTo(inputIds);
    for (String id : inputIds) {
      JsonNode a = full.get(id);
      JsonNode b = afterResume.get(id);
      assertThat(b.path("status").asText()).as(id).isEqualTo("SCORED");
      assertThat(b.path("score")).as(id).isEqualTo(a.path("score"));
      assertThat(b.path("line")).as(id).isEqualTo(a.path("line"));
      assertThat(b.path("lone_surrogates_escaped"))
          .as(id)
          .isEqualTo(a.path("lone_surrogates_escaped"));
    }
    // Strictly valid UTF-8 throughout: a reader that rejects malformed input reads it all.
    try (var r =
        new java.io.BufferedReader(
            new java.io.InputStreamReader(
                Files.newInputStream(resumed),
                StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)))) {
      assertThat(r.lines().count()).isEqualTo(RECORDS);
    }
  }

  /** The arguments of {@code arbiter judge} against the stub. */
  private static List<String> judgeArgs(Path in, Path out, int concurrency) {
    return List.of(
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
        Integer.toString(concurrency),
        "--no-progress");
  }

  /** The reference run: in-process, with more records in flight than the killed runs. */
  private static int judgeInProcess(Path in, Path out) {
    return ArbiterCli.commandLine()
        .setErr(new PrintWriter(new StringWriter()))
        .execute(judgeArgs(in, out, 16).toArray(String[]::new));
  }

  /** Starts {@code arbiter judge} in a new JVM; its output goes to {@code name.log}. */
  private Process judge(Path in, Path out, String name) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd =
        new ArrayList<>(
            List.of(
                java,
                "-Xmx256m",
                // A short-lived child: the fast compiler tier starts quicker on a loaded machine.
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.arbiter.cli.ArbiterCli"));
    cmd.addAll(judgeArgs(in, out, 4));
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
