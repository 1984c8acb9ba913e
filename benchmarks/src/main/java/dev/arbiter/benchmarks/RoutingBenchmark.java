package dev.arbiter.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arbiter.core.Judge;
import dev.arbiter.core.JudgeRequest;
import dev.arbiter.core.Mode;
import dev.arbiter.core.SamplingParams;
import dev.arbiter.core.Status;
import dev.arbiter.prompts.Protocols;
import dev.arbiter.vllm.RoutingJudgeModel;
import dev.arbiter.vllm.VllmJudgeModel;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Several simulated vLLM replicas behind one {@link RoutingJudgeModel}: throughput with 1, 2 and 4
 * replicas, and the share of prompt tokens served from the replicas' prefix caches with prefix
 * affinity against round-robin.
 *
 * <p>Each configuration starts fresh {@code fakevllm --timing vllm} processes (continuous batching
 * and an automatic prefix cache, simulated in scaled real time; cold caches), runs the same
 * pairwise workload through the real pipeline ({@code Judge} → arena-hard protocol → sampler → the
 * router → {@code VllmJudgeModel} over HTTP), then reads each replica's {@code /stats}. Times are
 * in the simulator's seconds: the run's wall time divided by {@code --time-scale}, so a slow host
 * shows up as lower utilisation rather than as a faster engine.
 *
 * <p>The workload: {@code --queries} queries of {@code --query-words} words, each with {@code
 * --pairs} pairs of answers of {@code --answer-words} words, judged pairwise in both orders with k
 * samples per order in one call ({@code n = k}), in a shuffled order; {@code --concurrency}
 * judgements in flight. Usage: {@code benchmarks/run routing [--replicas 1,2,4] [--queries 640]
 * [--pairs 1] [--k 4] [--query-words 400] [--answer-words 120] [--concurrency 128] [--time-scale 2]
 * [--seed 7]}. Prints Markdown.
 */
public final class RoutingBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path fakevllm;
  private final int queries;
  private final int pairs;
  private final int k;
  private final int queryWords;
  private final int answerWords;
  private final int concurrency;
  private final double timeScale;
  private final long seed;
  private final HttpClient http = HttpClient.newHttpClient();

  private RoutingBenchmark(Args a) {
    this.fakevllm = Path.of(a.get("fakevllm", "../shared/tools/fakevllm/fakevllm.py"));
    this.queries = Integer.parseInt(a.get("queries", "640"));
    this.pairs = Integer.parseInt(a.get("pairs", "1"));
    this.k = Integer.parseInt(a.get("k", "4"));
    this.queryWords = Integer.parseInt(a.get("query-words", "400"));
    this.answerWords = Integer.parseInt(a.get("answer-words", "120"));
    this.concurrency = Integer.parseInt(a.get("concurrency", "128"));
    this.timeScale = Double.parseDouble(a.get("time-scale", "2"));
    this.seed = Long.parseLong(a.get("seed", "7"));
  }

  /** One configuration's measurements. */
  record Result(
      int replicas,
      RoutingJudgeModel.Policy policy,
      int judgements,
      int scored,
      int errors,
      long calls,
      double simSeconds,
      double meanUtilisation,
      long promptTokens,
      long cachedTokens,
      List<Long> callsPerReplica) {
    double throughput() {
      return judgements / simSeconds;
    }

    double cachedShare() {
      return promptTokens == 0 ? 0 : (double) cachedTokens / promptTokens;
    }
  }

  public static void main(String[] argv) throws Exception {
    Args a = new Args(argv);
    RoutingBenchmark b = new RoutingBenchmark(a);
    List<Integer> counts = new ArrayList<>();
    for (String s : a.get("replicas", "1,2,4").split(",")) {
      counts.add(Integer.parseInt(s.trim()));
    }
    b.run(counts);
  }

  private void run(List<Integer> counts) throws Exception {
    if (!Files.isRegularFile(fakevllm)) {
      throw new IllegalArgumentException("--fakevllm: no such file " + fakevllm);
    }
    List<JudgeRequest> work = workload();
    // Warm-up, not reported: the first run would otherwise pay for class loading and JIT.
    measure(
        1, RoutingJudgeModel.Policy.PREFIX_AFFINITY, work.subList(0, Math.min(64, work.size())));
    List<Result> results = new ArrayList<>();
    for (int n : counts) {
      results.add(measure(n, RoutingJudgeModel.Policy.PREFIX_AFFINITY, work));
      if (n > 1) {
        results.add(measure(n, RoutingJudgeModel.Policy.ROUND_ROBIN, work));
      }
    }
    print(results, work.size());
  }

  /** Pairwise judgements: each query has {@code pairs} pairs of fresh answers. */
  private List<JudgeRequest> workload() {
    Random rnd = new Random(seed);
    List<JudgeRequest> out = new ArrayList<>();
    for (int q = 0; q < queries; q++) {
      String query = "Question " + q + ": " + words(rnd, queryWords);
      for (int p = 0; p < pairs; p++) {
        out.add(
            JudgeRequest.builder()
                .id("q" + q + "-p" + p)
                .mode(Mode.PAIRWISE)
                .query(query)
                .candidate("a", words(rnd, answerWords))
                .candidate("b", words(rnd, answerWords))
                .build());
      }
    }
    Collections.shuffle(out, rnd);
    return out;
  }

  private static String words(Random rnd, int n) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append(i == 0 ? "" : " ").append("w").append(Integer.toString(rnd.nextInt(1 << 20), 36));
    }
    return b.toString();
  }

  private Result measure(int n, RoutingJudgeModel.Policy policy, List<JudgeRequest> work)
      throws Exception {
    List<Process> procs = new ArrayList<>();
    List<Integer> ports = new ArrayList<>();
    Path dir = Files.createTempDirectory("arbiter-routing-bench");
    try {
      for (int i = 0; i < n; i++) {
        Path portFile = dir.resolve("port-" + i);
        procs.add(
            new ProcessBuilder(
                    "python3",
                    fakevllm.toString(),
                    "--port",
                    "0",
                    "--port-file",
                    portFile.toString(),
                    "--model",
                    "judge",
                    "--timing",
                    "vllm",
                    "--time-scale",
                    Double.toString(timeScale))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("fakevllm-" + i + ".log").toFile())
                .start());
        ports.add(awaitPort(portFile, procs.get(i)));
      }
      RoutingJudgeModel.Builder rb = RoutingJudgeModel.builder().policy(policy);
      for (int port : ports) {
        rb.replica(
            VllmJudgeModel.builder()
                .baseUrl("http://127.0.0.1:" + port + "/v1")
                .model("judge")
                .maxRetries(0)
                .maxInFlight(256)
                .timeout(Duration.ofMinutes(5))
                .build());
      }
      try (RoutingJudgeModel model = rb.build()) {
        Judge judge =
            Judge.builder()
                .model(model)
                .protocol(Protocols.get("arena-hard"))
                .sampling(new SamplingParams(k, 0.7, 1.0, 512, Optional.of(seed), 0))
                .build();
        for (int port : ports) {
          post(port, "/reset");
        }
        AtomicInteger scored = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        Semaphore inFlight = new Semaphore(concurrency);
        CountDownLatch done = new CountDownLatch(work.size());
        long t0 = System.nanoTime();
        for (JudgeRequest r : work) {
          inFlight.acquire();
          judge
              .judgeAsync(r)
              .whenComplete(
                  (v, e) -> {
                    Status s = e == null ? v.status() : Status.ERROR;
                    (s == Status.ERROR ? errors : scored).incrementAndGet();
                    if (s == Status.ERROR && errors.get() <= 3) {
                      System.err.println("error: " + (e != null ? e : v.reason()));
                    }
                    inFlight.release();
                    done.countDown();
                  });
        }
        done.await();
        double wall = (System.nanoTime() - t0) / 1e9;
        double sim = wall / timeScale;
        long prompt = 0;
        long cached = 0;
        long calls = 0;
        double util = 0;
        List<Long> perReplica = new ArrayList<>();
        for (int port : ports) {
          JsonNode st = JSON.readTree(get(port, "/stats"));
          prompt += st.path("prompt_tokens").asLong();
          cached += st.path("cached_prompt_tokens").asLong();
          calls += st.path("requests").asLong();
          perReplica.add(st.path("requests").asLong());
          // Busy time over this run's span (not the simulator's own wall clock, which started at
          // the reset and keeps running until this read).
          util += st.path("busy_seconds").asDouble() / sim;
        }
        return new Result(
            n,
            policy,
            work.size(),
            scored.get(),
            errors.get(),
            calls,
            sim,
            util / n,
            prompt,
            cached,
            perReplica);
      }
    } finally {
      for (Process p : procs) {
        p.destroy();
      }
      for (Process p : procs) {
        p.waitFor();
      }
    }
  }

  private static int awaitPort(Path portFile, Process p) throws Exception {
    for (int i = 0; i < 300; i++) {
      if (Files.isRegularFile(portFile)) {
        String s = Files.readString(portFile).trim();
        if (!s.isEmpty()) {
          return Integer.parseInt(s);
        }
      }
      if (!p.isAlive()) {
        throw new IOException("fakevllm exited with status " + p.exitValue());
      }
      Thread.sleep(50);
    }
    throw new IOException("fakevllm did not write " + portFile + " within 15 s");
  }

  private String get(int port, String path) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private void post(int port, String path) throws Exception {
    http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.discarding());
  }

  private void print(List<Result> results, int judgements) {
    System.out.printf(
        Locale.ROOT,
        "Workload: %d pairwise judgements (%d queries x %d pairs), both orders, k=%d per order"
            + " (n=%d in one call): %d calls; query %d words, answers %d words; %d judgements in"
            + " flight; fakevllm --timing vllm --time-scale %s.%n%n",
        judgements,
        queries,
        pairs,
        k,
        k,
        judgements * 2,
        queryWords,
        answerWords,
        concurrency,
        timeScale);
    System.out.println(
        "| replicas | routing | scored / errors | simulated span (s) | judgements / simulated s |"
            + " speed-up vs 1 | mean utilisation | calls per replica | prompt tokens | from prefix"
            + " cache |");
    System.out.println("|---:|---|---:|---:|---:|---:|---:|---|---:|---:|");
    double base =
        results.stream()
            .filter(r -> r.replicas() == 1)
            .findFirst()
            .map(Result::throughput)
            .orElse(Double.NaN);
    for (Result r : results) {
      System.out.printf(
          Locale.ROOT,
          "| %d | %s | %d / %d | %.2f | %.2f | %s | %.3f | %s | %d | %.1f %% |%n",
          r.replicas(),
          r.policy().name().toLowerCase(Locale.ROOT).replace('_', '-'),
          r.scored(),
          r.errors(),
          r.simSeconds(),
          r.throughput(),
          Double.isNaN(base) ? "n/a" : String.format(Locale.ROOT, "%.2fx", r.throughput() / base),
          r.meanUtilisation(),
          r.callsPerReplica(),
          r.promptTokens(),
          100 * r.cachedShare());
    }
    System.out.println();
    for (Result a : results) {
      if (a.policy() != RoutingJudgeModel.Policy.PREFIX_AFFINITY || a.replicas() == 1) {
        continue;
      }
      for (Result rr : results) {
        if (rr.replicas() == a.replicas() && rr.policy() == RoutingJudgeModel.Policy.ROUND_ROBIN) {
          System.out.printf(
              Locale.ROOT,
              "%d replicas: prefix-cache share with affinity / round-robin = %.1f %% / %.1f %% ="
                  + " %.2fx%n",
              a.replicas(),
              100 * a.cachedShare(),
              100 * rr.cachedShare(),
              a.cachedShare() / rr.cachedShare());
        }
      }
    }
  }

  /** {@code --name value} pairs. */
  private static final class Args {
    private final java.util.Map<String, String> values = new java.util.HashMap<>();

    Args(String[] argv) {
      for (int i = 0; i + 1 < argv.length; i += 2) {
        if (!argv[i].startsWith("--")) {
          throw new IllegalArgumentException("expected --name value but got " + argv[i]);
        }
        values.put(argv[i].substring(2), argv[i + 1]);
      }
    }

    String get(String name, String fallback) {
      return values.getOrDefault(name, fallback);
    }
  }
}
