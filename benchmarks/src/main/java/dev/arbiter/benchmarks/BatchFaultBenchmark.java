package dev.arbiter.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * A batch job under injected faults: N pointwise records judged through the real CLI jar ({@code
 * arbiter judge}) against the vLLM simulator {@code ../shared/tools/fakevllm} failing a share of
 * calls (429, 503, connection reset, malformed 200, slow, truncated), then one {@code
 * --retry-failed} pass.
 *
 * <p>Reports, per pass: exit status, wall time, output lines, ids seen more than once or missing,
 * statuses, error records grouped by the first words of their reason, and the simulator's count of
 * each fault it injected.
 *
 * <p>Usage: {@code benchmarks/run batch-faults [--lines 10000] [--fault-rate 0.2] [--slow-ms 1000]
 * [--fault-kinds 429,503,reset,malformed,slow,truncate] [--concurrency 16] [--fakevllm PATH]
 * [--work DIR]}.
 */
public final class BatchFaultBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();

  public static void main(String[] args) throws Exception {
    Path jar = Path.of("cli/target/arbiter.jar");
    Path fakevllm = Path.of("../shared/tools/fakevllm/fakevllm.py");
    Path work = null;
    int lines = 10_000;
    double faultRate = 0.2;
    int slowMs = 1000;
    int concurrency = 16;
    String faultKinds = "429,503,reset,malformed,slow,truncate";
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--jar" -> jar = Path.of(args[++i]);
        case "--fakevllm" -> fakevllm = Path.of(args[++i]);
        case "--work" -> work = Path.of(args[++i]);
        case "--lines" -> lines = Integer.parseInt(args[++i]);
        case "--fault-rate" -> faultRate = Double.parseDouble(args[++i]);
        case "--slow-ms" -> slowMs = Integer.parseInt(args[++i]);
        case "--concurrency" -> concurrency = Integer.parseInt(args[++i]);
        case "--fault-kinds" -> faultKinds = args[++i];
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (!Files.isRegularFile(jar) || !Files.isRegularFile(fakevllm)) {
      throw new IllegalArgumentException(
          "need the CLI jar (" + jar + ") and fakevllm.py (" + fakevllm + ")");
    }
    if (work == null) {
      work = Files.createTempDirectory("arbiter-fault-bench");
    }
    Files.createDirectories(work);
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path in = work.resolve("in.jsonl");
    List<String> ids = generate(in, lines);
    Path portFile = work.resolve("fakevllm.port");
    Files.deleteIfExists(portFile);
    Process server =
        new ProcessBuilder(
                "python3",
                fakevllm.toString(),
                "--port",
                "0",
                "--port-file",
                portFile.toString(),
                "--model",
                "stub-judge",
                "--fault-rate",
                Double.toString(faultRate),
                "--slow-ms",
                Integer.toString(slowMs),
                "--fault-kinds",
                faultKinds)
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("fakevllm.log").toFile())
            .start();
    try {
      String base = waitForPort(portFile, server);
      String endpoint = base + "/v1";
      Path out = work.resolve("out.jsonl");
      List<String> judge =
          List.of(
              java.toString(),
              "-Xmx512m",
              "-jar",
              jar.toString(),
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
              Integer.toString(concurrency),
              "--no-progress");
      System.out.printf(
          Locale.ROOT,
          "### Batch job under faults: %d pointwise records, fault rate %.2f (fakevllm, kinds %s, slow = %d ms), --concurrency %d%n%n",
          lines,
          faultRate,
          faultKinds,
          slowMs,
          concurrency);
      System.out.println(
          "| pass | exit | wall | output lines | duplicate ids | missing ids | statuses | error records | faults injected (fakevllm) |");
      System.out.println("|---|---:|---:|---:|---:|---:|---|---:|---|");
      Map<String, Long> firstErrors = pass("1: one pass", judge, out, ids, work, base);
      List<String> retry = new ArrayList<>(judge);
      retry.add("--retry-failed");
      Map<String, Long> secondErrors = pass("2: --retry-failed", retry, out, ids, work, base);
      System.out.println();
      System.out.println("Error records by reason after pass 1: " + firstErrors);
      System.out.println("Error records by reason after pass 2: " + secondErrors);
      System.out.printf(Locale.ROOT, "%nCommand of pass 1:%n%n    %s%n", String.join(" ", judge));
    } finally {
      server.destroy();
      server.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static Map<String, Long> pass(
      String name, List<String> cmd, Path out, List<String> ids, Path work, String base)
      throws Exception {
    Map<String, Long> before = faults(base);
    Path log = work.resolve("judge-" + name.charAt(0) + ".log");
    long t0 = System.nanoTime();
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    int exit = p.waitFor();
    double wall = (System.nanoTime() - t0) / 1e9;
    Map<String, Long> injected = faults(base);
    before.forEach((k, v) -> injected.merge(k, -v, Long::sum));
    Map<String, Integer> count = new HashMap<>();
    Map<String, Long> statuses = new TreeMap<>();
    Map<String, Long> reasons = new TreeMap<>();
    long n = 0;
    long errors = 0;
    try (BufferedReader r = Files.newBufferedReader(out, StandardCharsets.UTF_8)) {
      for (String line; (line = r.readLine()) != null; ) {
        n++;
        JsonNode v = JSON.readTree(line);
        count.merge(v.path("id").asText(), 1, Integer::sum);
        statuses.merge(v.path("status").asText(), 1L, Long::sum);
        if ("ERROR".equals(v.path("status").asText())) {
          errors++;
          reasons.merge(reasonKind(v.path("reason").asText()), 1L, Long::sum);
        }
      }
    }
    long dup = count.values().stream().filter(c -> c > 1).count();
    long missing = ids.stream().filter(id -> !count.containsKey(id)).count();
    System.out.printf(
        Locale.ROOT,
        "| %s | %d | %.1f s | %d | %d | %d | %s | %d (%.2f %%) | %s |%n",
        name,
        exit,
        wall,
        n,
        dup,
        missing,
        statuses,
        errors,
        100.0 * errors / ids.size(),
        injected);
    return reasons;
  }

  /** The reason's kind: its start, with URLs, ids and numbers blanked out. */
  private static String reasonKind(String reason) {
    String r =
        reason
            .replaceAll("https?://\\S+", "URL")
            .replaceAll("[0-9a-f]{8,}", "…")
            .replaceAll("\\d+", "N");
    int cut = r.indexOf(" (");
    return (cut > 0 ? r.substring(0, cut) : r.substring(0, Math.min(r.length(), 90))).strip();
  }

  /** The simulator's fault counters ({@code by_kind} entries starting with {@code fault:}). */
  private static Map<String, Long> faults(String base) throws Exception {
    try (HttpClient c = HttpClient.newHttpClient()) {
      HttpResponse<String> r =
          c.send(
              HttpRequest.newBuilder(URI.create(base + "/stats")).build(),
              HttpResponse.BodyHandlers.ofString());
      Map<String, Long> m = new TreeMap<>();
      JSON.readTree(r.body())
          .path("by_kind")
          .fields()
          .forEachRemaining(
              e -> {
                if (e.getKey().startsWith("fault:")) {
                  m.put(e.getKey().substring(6), e.getValue().asLong());
                }
              });
      return m;
    }
  }

  private static String waitForPort(Path portFile, Process server) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (Files.exists(portFile) && Files.size(portFile) > 0) {
        return "http://127.0.0.1:" + Files.readString(portFile).strip();
      }
      if (!server.isAlive()) {
        throw new IllegalStateException("fakevllm exited with " + server.exitValue());
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("fakevllm did not start within 30 s");
  }

  private static List<String> generate(Path in, int lines) throws IOException {
    List<String> ids = new ArrayList<>(lines);
    try (BufferedWriter w = Files.newBufferedWriter(in, StandardCharsets.UTF_8)) {
      for (int i = 0; i < lines; i++) {
        String id = String.format(Locale.ROOT, "rec-%06d", i);
        ids.add(id);
        var rec = JSON.createObjectNode();
        rec.put("id", id);
        rec.put("query", "Request " + i + ": explain step " + (i % 97) + " of the recipe.");
        rec.put("response", "Step " + (i % 97) + " is to stir for " + (i % 13 + 1) + " minutes.");
        w.write(JSON.writeValueAsString(rec));
        w.write('\n');
      }
    }
    return ids;
  }
}
