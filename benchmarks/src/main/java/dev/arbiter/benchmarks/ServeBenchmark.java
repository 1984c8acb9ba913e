package dev.arbiter.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.core.Judge;
import dev.arbiter.core.JudgeRequest;
import dev.arbiter.core.Mode;
import dev.arbiter.core.Status;
import dev.arbiter.core.Verdict;
import dev.arbiter.core.model.ScriptedJudgeModel;
import dev.arbiter.prompts.Protocols;
import dev.arbiter.server.ArbiterServer;
import dev.arbiter.spec.BuiltJudge;
import dev.arbiter.spec.JudgeSpec;
import dev.arbiter.spec.JudgeSpecs;
import dev.arbiter.spec.Judges;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The reward server measured from outside, in-process with the server it measures.
 *
 * <ol>
 *   <li><b>Overhead</b>: the same pointwise request judged N times by a direct library call ({@code
 *       judge.judge}) and through the server ({@code POST /get_reward}, one query, keep-alive),
 *       alternating, with (a) a zero-latency in-process model and (b) fakevllm with {@code --timing
 *       off} behind the vLLM adapter. Added latency = server percentile − direct percentile.
 *   <li><b>Burst</b>: C concurrent {@code /get_reward} calls (one query each, distinct prompts)
 *       against fakevllm with {@code --timing vllm}; every call must come back 200 with one scored
 *       reward; fakevllm's {@code /stats} (reset just before) gives the simulated GPU utilisation.
 * </ol>
 *
 * <p>Usage: {@code benchmarks/run serve [--calls 2000] [--burst 1000] [--fakevllm PATH]}. Prints
 * Markdown.
 */
public final class ServeBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  public static void main(String[] args) throws Exception {
    int calls = 2000;
    int burst = 1000;
    Path fakevllm = Path.of("../shared/tools/fakevllm/fakevllm.py");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--calls" -> calls = Integer.parseInt(args[++i]);
        case "--burst" -> burst = Integer.parseInt(args[++i]);
        case "--fakevllm" -> fakevllm = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (!Files.isRegularFile(fakevllm)) {
      throw new IllegalArgumentException("no fakevllm at " + fakevllm + " (give --fakevllm PATH)");
    }
    new ServeBenchmark().run(calls, burst, fakevllm);
  }

  void run(int calls, int burst, Path fakevllm) throws Exception {
    System.out.printf(
        Locale.ROOT,
        "# Reward server benchmark%n%nJava %s, %d cores%n%n",
        System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors());
    System.out.println("## Server overhead over a direct library call (one query per call)\n");
    System.out.println("| model | path | p50 ms | p90 ms | p99 ms |");
    System.out.println("|---|---|---|---|---|");
    // (a) zero-latency in-process model: what the server itself costs.
    Judge zero =
        Judge.builder()
            .model(ScriptedJudgeModel.constant("zero", "{\"reasoning\": \"fine\", \"score\": 7}"))
            .protocol(Protocols.get("json"))
            .build();
    overhead("zero-latency in-process", zero, calls);
    // (b) fakevllm answering at once, through the vLLM adapter.
    try (FakeVllm fake = FakeVllm.start(fakevllm, "--timing", "off")) {
      JudgeSpec spec =
          JudgeSpecs.parse(
              "models:\n  - endpoint: "
                  + fake.baseUrl()
                  + "\n    model: judge\nverifiers:\n  enabled: false\n",
              "bench");
      try (BuiltJudge built = Judges.fromSpec(spec)) {
        overhead("fakevllm --timing off", built.judge(), calls);
      }
    }
    System.out.println();
    try (FakeVllm fake = FakeVllm.start(fakevllm, "--timing", "vllm")) {
      burst(fake, burst);
    }
  }

  private void overhead(String label, Judge judge, int calls) throws Exception {
    try (ArbiterServer server = ArbiterServer.builder().judge(judge).port(0).build().start()) {
      URI uri = URI.create("http://127.0.0.1:" + server.port() + "/get_reward");
      String prompt = "What is the capital of France? Answer in one word.";
      String body = rewardCall(List.of(prompt + " Paris."), List.of(prompt));
      JudgeRequest request =
          JudgeRequest.builder()
              .id("direct")
              .mode(Mode.POINTWISE)
              .query(prompt)
              .candidate("A", "Paris.")
              .build();
      int warmup = Math.max(200, calls / 5);
      long[] direct = new long[calls];
      long[] served = new long[calls];
      for (int i = -warmup; i < calls; i++) {
        long t0 = System.nanoTime();
        Verdict v = judge.judge(request);
        long t1 = System.nanoTime();
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        long t2 = System.nanoTime();
        if (v.status() != Status.SCORED || r.statusCode() != 200) {
          throw new IllegalStateException("unexpected answer: " + v.status() + " / " + r.body());
        }
        if (i >= 0) {
          direct[i] = t1 - t0;
          served[i] = t2 - t1;
        }
      }
      Arrays.sort(direct);
      Arrays.sort(served);
      row(label, "direct `judge.judge`", direct);
      row(label, "`POST /get_reward`", served);
      System.out.printf(
          Locale.ROOT,
          "| %s | **added by the server** | **%.2f** | %.2f | **%.2f** |%n",
          label,
          ms(pct(served, 0.5)) - ms(pct(direct, 0.5)),
          ms(pct(served, 0.9)) - ms(pct(direct, 0.9)),
          ms(pct(served, 0.99)) - ms(pct(direct, 0.99)));
    }
  }

  private void burst(FakeVllm fake, int n) throws Exception {
    JudgeSpec spec =
        JudgeSpecs.parse(
            "models:\n  - endpoint: "
                + fake.baseUrl()
                + "\n    model: judge\n    timeout_seconds: 600\nverifiers:\n  enabled: false\n"
                + "concurrency:\n  requests: 512\n  model_calls: 512\n",
            "bench");
    try (BuiltJudge built = Judges.fromSpec(spec);
        ArbiterServer server =
            ArbiterServer.builder()
                .judge(built.judge())
                .port(0)
                .concurrency(512)
                .maxQueue(4096)
                .build()
                .start()) {
      URI uri = URI.create("http://127.0.0.1:" + server.port() + "/get_reward");
      fake.reset();
      long t0 = System.nanoTime();
      List<CompletableFuture<HttpResponse<String>>> futures = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        String prompt = "Question " + i + ": explain why the sky looks blue at noon.";
        String body =
            rewardCall(List.of(prompt + " Because of Rayleigh scattering, " + i), List.of(prompt));
        futures.add(
            http.sendAsync(
                HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofMinutes(10))
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString()));
      }
      int ok = 0;
      int scored = 0;
      int other = 0;
      for (CompletableFuture<HttpResponse<String>> f : futures) {
        try {
          HttpResponse<String> r = f.get(10, TimeUnit.MINUTES);
          if (r.statusCode() == 200) {
            ok++;
            JsonNode b = JSON.readTree(r.body());
            if (b.get("rewards").size() == 1 && b.at("/extra_logs/judge_scored/0").asInt() == 1) {
              scored++;
            }
          } else {
            other++;
          }
        } catch (Exception e) {
          other++;
        }
      }
      double wall = (System.nanoTime() - t0) / 1e9;
      JsonNode stats = fake.stats();
      System.out.println(
          "## "
              + n
              + " concurrent `/get_reward` calls, fakevllm `--timing vllm` (one query each)\n");
      System.out.println("| measure | value |");
      System.out.println("|---|---|");
      System.out.printf(Locale.ROOT, "| calls sent | %d |%n", n);
      System.out.printf(Locale.ROOT, "| answered 200 | %d |%n", ok);
      System.out.printf(Locale.ROOT, "| with one scored reward | %d |%n", scored);
      System.out.printf(Locale.ROOT, "| lost or failed | %d |%n", n - scored);
      System.out.printf(Locale.ROOT, "| other status or transport error | %d |%n", other);
      System.out.printf(Locale.ROOT, "| wall seconds | %.2f |%n", wall);
      System.out.printf(
          Locale.ROOT, "| model requests (fakevllm) | %d |%n", stats.get("requests").asLong());
      System.out.printf(
          Locale.ROOT,
          "| max concurrency seen by fakevllm | %d |%n",
          stats.get("max_concurrency_seen").asLong());
      System.out.printf(
          Locale.ROOT,
          "| largest simulated batch | %d |%n",
          stats.get("max_running_seqs_seen").asLong());
      System.out.printf(
          Locale.ROOT,
          "| simulated busy / wall seconds | %.2f / %.2f |%n",
          stats.get("busy_seconds").asDouble(),
          stats.get("simulated_wall_seconds").asDouble());
      System.out.printf(
          Locale.ROOT,
          "| **simulated GPU utilisation** | **%.3f** |%n",
          stats.get("utilization").asDouble());
    }
  }

  private static String rewardCall(List<String> queries, List<String> prompts) {
    ObjectNode o = JSON.createObjectNode();
    queries.forEach(o.putArray("query")::add);
    prompts.forEach(o.putArray("prompts")::add);
    return o.toString();
  }

  private static void row(String label, String path, long[] sorted) {
    System.out.printf(
        Locale.ROOT,
        "| %s | %s | %.2f | %.2f | %.2f |%n",
        label,
        path,
        ms(pct(sorted, 0.5)),
        ms(pct(sorted, 0.9)),
        ms(pct(sorted, 0.99)));
  }

  private static long pct(long[] sorted, double p) {
    int i = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }
}
