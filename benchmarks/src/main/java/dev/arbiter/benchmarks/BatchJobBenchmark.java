package dev.arbiter.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The batch runner end to end: a synthetic pointwise judging job of N records, run through the real
 * CLI jar ({@code arbiter judge}) with a capped heap against the simulated vLLM server ({@code
 * arbiter stub-server}) in a separate process.
 *
 * <ol>
 *   <li>Run A, uninterrupted, under {@code /usr/bin/time -v} and {@code -Xlog:gc}: wall time,
 *       throughput, peak RSS, CPU time, GC pauses and heap used before/after each collection.
 *   <li>Run B, same command, new output file: killed with SIGKILL ({@link
 *       Process#destroyForcibly()}) once a given share of lines is written, then rerun to
 *       completion (timed like run A).
 *   <li>Checks: every input id exactly once in each output (no duplicate, no missing, no extra),
 *       the same id set in A and B, and the same status and score per id (the stub answers from a
 *       hash of the prompt, and one greedy sample sends the same prompt in both runs).
 * </ol>
 *
 * <p>Usage: {@code benchmarks/run batch --lines 100000 [--concurrency 8] [--heap 512m]
 * [--latency-ms 0] [--kill-at 0.5] [--work DIR]}. Prints Markdown; the stub's verdicts are
 * pseudo-random, so nothing here says anything about a judge's quality.
 */
public final class BatchJobBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern GC_PAUSE =
      Pattern.compile(
          "GC\\(\\d+\\) (Pause .*?) (\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\) ([\\d.]+)ms");
  private static final Pattern URL = Pattern.compile("(http://127\\.0\\.0\\.1:\\d+/v1)");

  private final Path java;
  private final Path jar;
  private final Path work;
  private final int lines;
  private final int concurrency;
  private final String heap;
  private final long latencyMs;
  private final double killAt;

  private BatchJobBenchmark(
      Path java,
      Path jar,
      Path work,
      int lines,
      int concurrency,
      String heap,
      long latencyMs,
      double killAt) {
    this.java = java;
    this.jar = jar;
    this.work = work;
    this.lines = lines;
    this.concurrency = concurrency;
    this.heap = heap;
    this.latencyMs = latencyMs;
    this.killAt = killAt;
  }

  public static void main(String[] args) throws Exception {
    Path jar = Path.of("cli/target/arbiter.jar");
    Path work = null;
    int lines = 100_000;
    int concurrency = 8;
    String heap = "512m";
    long latency = 0;
    double killAt = 0.5;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--jar" -> jar = Path.of(args[++i]);
        case "--work" -> work = Path.of(args[++i]);
        case "--lines" -> lines = Integer.parseInt(args[++i]);
        case "--concurrency" -> concurrency = Integer.parseInt(args[++i]);
        case "--heap" -> heap = args[++i];
        case "--latency-ms" -> latency = Long.parseLong(args[++i]);
        case "--kill-at" -> killAt = Double.parseDouble(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (!Files.isRegularFile(jar)) {
      throw new IllegalArgumentException("no CLI jar at " + jar + " (build the eval module)");
    }
    if (lines < 10 || killAt <= 0 || killAt >= 1) {
      throw new IllegalArgumentException("need --lines >= 10 and 0 < --kill-at < 1");
    }
    if (work == null) {
      work = Files.createTempDirectory("arbiter-batch-bench");
    }
    Files.createDirectories(work);
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    new BatchJobBenchmark(java, jar, work, lines, concurrency, heap, latency, killAt).run();
  }

  private void run() throws Exception {
    Path in = work.resolve("in.jsonl");
    List<String> ids = generate(in);
    say("input: %d records, %.1f MB, in %s", lines, Files.size(in) / 1e6, in);
    Process stub = startStub();
    try {
      String endpoint = readUrl(stub);
      say("stub server at %s", endpoint);

      Path outA = work.resolve("out-uninterrupted.jsonl");
      say("run A: uninterrupted");
      Timed a = timed("A", in, outA, endpoint);

      Path outB = work.resolve("out-killed-resumed.jsonl");
      long killLines = Math.round(lines * killAt);
      say("run B: kill -9 after %d lines", killLines);
      Killed k = killAfter(in, outB, endpoint, killLines);
      say(
          "killed at %d complete lines (partial last line: %s), after %.1f s",
          k.linesAtKill, k.partialLine, k.secondsAlive);
      say("run B': resume");
      Timed b = timed("B-resume", in, outB, endpoint);

      Check checkA = check(outA, ids);
      Check checkB = check(outB, ids);
      long sameVerdict = 0;
      for (Map.Entry<String, String> e : checkA.verdictById.entrySet()) {
        if (e.getValue().equals(checkB.verdictById.get(e.getKey()))) {
          sameVerdict++;
        }
      }
      Optional<Duration> stubCpu = stub.toHandle().info().totalCpuDuration();
      report(a, k, b, checkA, checkB, sameVerdict, stubCpu);
    } finally {
      stub.destroy();
      stub.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** Pointwise records of varied length; the text is varied so prompts (and hashes) differ. */
  private List<String> generate(Path in) throws IOException {
    String[] topics = {
      "sorting a list",
      "the boiling point of water",
      "a haiku about rain",
      "compound interest",
      "photosynthesis",
      "a SQL join",
      "the French revolution",
      "binary search",
      "a cover letter",
      "prime numbers",
      "the water cycle",
      "HTTP caching"
    };
    SplittableRandom rnd = new SplittableRandom(20261124L);
    List<String> ids = new ArrayList<>(lines);
    try (BufferedWriter w = Files.newBufferedWriter(in, StandardCharsets.UTF_8)) {
      for (int i = 0; i < lines; i++) {
        String id = String.format(Locale.ROOT, "rec-%07d", i);
        ids.add(id);
        String topic = topics[rnd.nextInt(topics.length)];
        StringBuilder response = new StringBuilder();
        int sentences = 1 + rnd.nextInt(12);
        for (int s = 0; s < sentences; s++) {
          response
              .append("Point ")
              .append(s + 1)
              .append(" about ")
              .append(topic)
              .append(" for request ")
              .append(i)
              .append(" is explained with detail number ")
              .append(rnd.nextInt(1_000_000))
              .append(". ");
        }
        var rec = JSON.createObjectNode();
        rec.put("id", id);
        rec.put("query", "Request " + i + ": explain " + topic + " to a beginner.");
        rec.put("response", response.toString().trim());
        w.write(JSON.writeValueAsString(rec));
        w.write('\n');
      }
    }
    return ids;
  }

  private Process startStub() throws IOException {
    List<String> cmd =
        List.of(
            java.toString(),
            "-Xmx1g",
            "-jar",
            jar.toString(),
            "stub-server",
            "--port",
            "0",
            "--model",
            "stub-judge",
            "--latency-ms",
            Long.toString(latencyMs));
    return new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.PIPE)
        .start();
  }

  private static String readUrl(Process stub) throws IOException {
    BufferedReader r =
        new BufferedReader(new InputStreamReader(stub.getInputStream(), StandardCharsets.UTF_8));
    for (String line; (line = r.readLine()) != null; ) {
      Matcher m = URL.matcher(line);
      if (m.find()) {
        // Keep draining the stub's output so it never blocks on a full pipe.
        Thread.ofVirtual().start(() -> r.lines().forEach(l -> {}));
        return m.group(1);
      }
    }
    throw new IOException("the stub server exited before printing its URL");
  }

  private List<String> judgeCommand(Path in, Path out, Path gcLog) {
    List<String> cmd = new ArrayList<>();
    cmd.add(java.toString());
    cmd.add("-Xmx" + heap);
    if (gcLog != null) {
      cmd.add("-Xlog:gc:file=" + gcLog);
    }
    cmd.addAll(
        List.of(
            "-jar",
            jar.toString(),
            "judge",
            "--in",
            in.toString(),
            "--out",
            out.toString(),
            "--endpoint",
            "",
            "--model",
            "stub-judge",
            "--concurrency",
            Integer.toString(concurrency)));
    return cmd;
  }

  private List<String> withEndpoint(List<String> cmd, String endpoint) {
    List<String> c = new ArrayList<>(cmd);
    c.set(c.indexOf("--endpoint") + 1, endpoint);
    return c;
  }

  record Timed(
      String name,
      List<String> command,
      int exit,
      double wallSeconds,
      double runnerSeconds,
      long written,
      long skipped,
      long maxRssKb,
      double userSeconds,
      double sysSeconds,
      String loadBefore,
      String loadAfter,
      Gc gc) {}

  private Timed timed(String name, Path in, Path out, String endpoint) throws Exception {
    Path time = Path.of("/usr/bin/time");
    if (!Files.isExecutable(time)) {
      throw new IllegalStateException("/usr/bin/time is missing: apt-get install time");
    }
    Path gcLog = work.resolve("gc-" + name + ".log");
    Path timeOut = work.resolve("time-" + name + ".txt");
    Path log = work.resolve("judge-" + name + ".log");
    List<String> judge = withEndpoint(judgeCommand(in, out, gcLog), endpoint);
    List<String> cmd = new ArrayList<>(List.of(time.toString(), "-v", "-o", timeOut.toString()));
    cmd.addAll(judge);
    String loadBefore = loadAverage();
    long t0 = System.nanoTime();
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    int exit = p.waitFor();
    double wall = (System.nanoTime() - t0) / 1e9;
    String loadAfter = loadAverage();
    String t = Files.readString(timeOut, StandardCharsets.UTF_8);
    String l = Files.readString(log, StandardCharsets.UTF_8);
    if (exit != 0) {
      throw new IllegalStateException("run " + name + " exited with " + exit + ":\n" + l);
    }
    return new Timed(
        name,
        judge,
        exit,
        wall,
        number(l, "Done in ([\\d.]+) s"),
        (long) number(l, "(\\d+) written"),
        (long) number(l, "(\\d+) skipped as already done"),
        (long) number(t, "Maximum resident set size \\(kbytes\\): (\\d+)"),
        number(t, "User time \\(seconds\\): ([\\d.]+)"),
        number(t, "System time \\(seconds\\): ([\\d.]+)"),
        loadBefore,
        loadAfter,
        Gc.parse(gcLog));
  }

  record Killed(long linesAtKill, boolean partialLine, double secondsAlive, int exit) {}

  private Killed killAfter(Path in, Path out, String endpoint, long killLines) throws Exception {
    Path log = work.resolve("judge-B-killed.log");
    List<String> cmd = withEndpoint(judgeCommand(in, out, null), endpoint);
    long t0 = System.nanoTime();
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long seen = 0;
    long offset = 0;
    byte[] buf = new byte[1 << 16];
    while (p.isAlive() && seen < killLines) {
      Thread.sleep(2);
      if (!Files.exists(out)) {
        continue;
      }
      try (RandomAccessFile f = new RandomAccessFile(out.toFile(), "r")) {
        f.seek(offset);
        for (int n; (n = f.read(buf)) > 0; ) {
          offset += n;
          for (int i = 0; i < n; i++) {
            if (buf[i] == '\n') {
              seen++;
            }
          }
        }
      }
    }
    if (!p.isAlive()) {
      throw new IllegalStateException(
          "run B finished before the kill point; lower --kill-at or raise --lines");
    }
    p.destroyForcibly();
    int exit = p.waitFor();
    double alive = (System.nanoTime() - t0) / 1e9;
    byte[] all = Files.readAllBytes(out);
    long complete = 0;
    for (byte b : all) {
      if (b == '\n') {
        complete++;
      }
    }
    boolean partial = all.length > 0 && all[all.length - 1] != '\n';
    return new Killed(complete, partial, alive, exit);
  }

  record Check(
      long lines,
      long duplicates,
      long missing,
      long extra,
      Map<String, Long> statuses,
      Set<String> idSet,
      Map<String, String> verdictById) {}

  private static Check check(Path out, List<String> ids) throws IOException {
    Set<String> expected = new HashSet<>(ids);
    Map<String, Integer> count = new HashMap<>();
    Map<String, Long> statuses = new HashMap<>();
    Map<String, String> verdict = new HashMap<>();
    long n = 0;
    long extra = 0;
    try (BufferedReader r = Files.newBufferedReader(out, StandardCharsets.UTF_8)) {
      for (String line; (line = r.readLine()) != null; ) {
        n++;
        JsonNode v = JSON.readTree(line);
        String id = v.path("id").asText();
        count.merge(id, 1, Integer::sum);
        if (!expected.contains(id)) {
          extra++;
        }
        statuses.merge(v.path("status").asText(), 1L, Long::sum);
        verdict.put(id, v.path("status").asText() + " " + v.path("score").asText());
      }
    }
    long dup = count.values().stream().filter(c -> c > 1).count();
    long missing = expected.stream().filter(id -> !count.containsKey(id)).count();
    return new Check(n, dup, missing, extra, statuses, count.keySet(), verdict);
  }

  /**
   * Collections from a {@code -Xlog:gc} file. The heap left after young (and full) collections
   * tracks the live set; remark and cleanup pauses free nothing, so they do not count there.
   */
  record Gc(
      String collector,
      int pauses,
      double totalPauseMs,
      double maxPauseMs,
      long maxBeforeMb,
      long firstAfterYoungMb,
      long lastAfterYoungMb,
      long maxCommittedMb) {
    static Gc parse(Path log) throws IOException {
      String collector = "?";
      int pauses = 0;
      double total = 0;
      double max = 0;
      long before = 0;
      long firstAfter = -1;
      long lastAfter = -1;
      long committed = 0;
      for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
        if (line.contains("Using ")) {
          collector = line.substring(line.indexOf("Using ") + 6).trim();
        }
        Matcher m = GC_PAUSE.matcher(line);
        if (m.find()) {
          pauses++;
          double ms = Double.parseDouble(m.group(8));
          total += ms;
          max = Math.max(max, ms);
          before = Math.max(before, mb(m.group(2), m.group(3)));
          committed = Math.max(committed, mb(m.group(6), m.group(7)));
          if (m.group(1).startsWith("Pause Young") || m.group(1).startsWith("Pause Full")) {
            lastAfter = mb(m.group(4), m.group(5));
            if (firstAfter < 0) {
              firstAfter = lastAfter;
            }
          }
        }
      }
      return new Gc(collector, pauses, total, max, before, firstAfter, lastAfter, committed);
    }

    private static long mb(String n, String unit) {
      long v = Long.parseLong(n);
      return switch (unit) {
        case "K" -> v / 1024;
        case "G" -> v * 1024;
        default -> v;
      };
    }
  }

  private void report(
      Timed a,
      Killed k,
      Timed b,
      Check ca,
      Check cb,
      long sameVerdict,
      Optional<Duration> stubCpu) {
    System.out.printf(
        Locale.ROOT,
        "### Batch job: %d pointwise records, --concurrency %d, -Xmx%s, stub latency %d ms%n%n",
        lines,
        concurrency,
        heap,
        latencyMs);
    System.out.println(
        "| run | wall (process) | runner wall | records written | throughput | peak RSS | CPU user + sys | GC pauses (count, total, max) | heap used before GC (max) | heap after young GC (first → last) | heap committed (max) | load avg 1 min before → after |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---|");
    for (Timed t : List.of(a, b)) {
      System.out.printf(
          Locale.ROOT,
          "| %s | %.1f s | %.1f s | %d | %.0f records/s | %.0f MB | %.1f + %.1f s | %d, %.0f ms, %.1f ms | %d MB | %d → %d MB | %d MB | %s → %s |%n",
          t.name,
          t.wallSeconds,
          t.runnerSeconds,
          t.written,
          t.written / t.wallSeconds,
          t.maxRssKb / 1024.0,
          t.userSeconds,
          t.sysSeconds,
          t.gc.pauses,
          t.gc.totalPauseMs,
          t.gc.maxPauseMs,
          t.gc.maxBeforeMb,
          t.gc.firstAfterYoungMb,
          t.gc.lastAfterYoungMb,
          t.gc.maxCommittedMb,
          t.loadBefore,
          t.loadAfter);
    }
    System.out.printf(
        Locale.ROOT,
        "%nCollector: %s. Throughput = records written / process wall time (JVM start included).%n",
        a.gc.collector);
    System.out.printf(
        Locale.ROOT,
        "Kill: run B got SIGKILL (exit %d) after %.1f s with %d complete lines written (partial last line: %s); the rerun skipped %d as already done and wrote %d.%n",
        k.exit,
        k.secondsAlive,
        k.linesAtKill,
        k.partialLine ? "yes" : "no",
        b.skipped,
        b.written);
    stubCpu.ifPresent(
        d ->
            System.out.printf(
                Locale.ROOT,
                "Stub server CPU time over all runs: %.1f s.%n",
                d.toMillis() / 1000.0));
    System.out.printf(
        Locale.ROOT,
        "%n| check | uninterrupted (A) | killed + resumed (B) |%n|---|---:|---:|%n"
            + "| output lines | %d | %d |%n| duplicate ids | %d | %d |%n| missing ids | %d | %d |%n"
            + "| ids not in the input | %d | %d |%n| statuses | %s | %s |%n",
        ca.lines,
        cb.lines,
        ca.duplicates,
        cb.duplicates,
        ca.missing,
        cb.missing,
        ca.extra,
        cb.extra,
        new java.util.TreeMap<>(ca.statuses),
        new java.util.TreeMap<>(cb.statuses));
    boolean sameIds = ca.idSet.equals(cb.idSet);
    System.out.printf(
        Locale.ROOT,
        "%nSame id set in A and B: %s. Same status and score per id: %d / %d.%n",
        sameIds ? "yes" : "NO",
        sameVerdict,
        ca.verdictById.size());
    boolean ok =
        sameIds
            && ca.duplicates + cb.duplicates + ca.missing + cb.missing + ca.extra + cb.extra == 0
            && ca.lines == lines
            && cb.lines == lines;
    System.out.println(ok ? "RESULT: OK" : "RESULT: FAILED");
    System.out.printf(
        Locale.ROOT,
        "%nCommand of each run (endpoint from the stub):%n%n    %s%n%nFiles in %s%n",
        String.join(" ", a.command),
        work);
    if (!ok) {
      System.exit(1);
    }
  }

  private static double number(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    if (!m.find()) {
      throw new IllegalStateException("no '" + regex + "' in:\n" + text);
    }
    return Double.parseDouble(m.group(1));
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      return "?";
    }
  }

  private static void say(String format, Object... args) {
    System.err.printf(Locale.ROOT, format + "%n", args);
  }
}
