package dev.arbiter.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.cli.ArbiterCli;
import dev.arbiter.cli.stub.StubVllmServer;
import dev.arbiter.core.Mode;
import dev.arbiter.spark.ArbiterSpark;
import dev.arbiter.spark.SparkJudgeJob;
import dev.arbiter.spark.testing.LocalStandaloneCluster;
import dev.arbiter.spec.JudgeSpec;
import dev.arbiter.spec.JudgeSpecs;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;

/**
 * Arbiter's Spark job measured against simulated vLLM replicas (../shared/tools/fakevllm with
 * {@code --timing vllm}: continuous batching in scaled real time). Prints Markdown tables for
 * docs/benchmarks.md.
 *
 * <ol>
 *   <li><b>Scaling</b>: records/s for 1 and 2 executors (a standalone cluster on 127.0.0.1, one
 *       single-core worker per executor) against 1 and 2 replicas.
 *   <li><b>Rerun with the Redis cache</b>: the same records judged again by fresh executors into a
 *       new output folder: model calls and time.
 *   <li><b>Spark vs the CLI on one JVM</b>: N records through {@code local[2]} and through {@code
 *       arbiter judge}, against the project's zero-latency stub server, so the numbers are the
 *       frameworks' own cost.
 * </ol>
 *
 * <p>Usage: {@code benchmarks/run spark [--records 600] [--cli-records 100000] [--replicas 1,2]
 * [--executors 1,2] [--concurrency 16] [--fakevllm PATH] [--job-jar PATH] [--work DIR]}.
 */
public final class SparkBenchmark {

  public static void main(String[] args) throws Exception {
    int records = 600;
    int cliRecords = 100_000;
    int concurrency = 16;
    List<Integer> replicas = List.of(1, 2);
    List<Integer> executors = List.of(1, 2);
    Path fakevllm = Path.of("../shared/tools/fakevllm/fakevllm.py");
    Path jobJar = Path.of("adapters/spark/target/arbiter-spark.jar");
    Path work = Files.createTempDirectory("arbiter-spark-bench");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--records" -> records = Integer.parseInt(args[++i]);
        case "--cli-records" -> cliRecords = Integer.parseInt(args[++i]);
        case "--concurrency" -> concurrency = Integer.parseInt(args[++i]);
        case "--replicas" -> replicas = ints(args[++i]);
        case "--executors" -> executors = ints(args[++i]);
        case "--fakevllm" -> fakevllm = Path.of(args[++i]);
        case "--job-jar" -> jobJar = Path.of(args[++i]);
        case "--work" -> work = Files.createDirectories(Path.of(args[++i]));
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (!Files.isRegularFile(fakevllm)) {
      throw new IllegalArgumentException("no fakevllm at " + fakevllm + " (give --fakevllm PATH)");
    }
    if (!Files.isRegularFile(jobJar)) {
      throw new IllegalArgumentException("no job jar at " + jobJar + " (give --job-jar PATH)");
    }
    System.out.printf(
        Locale.ROOT,
        "# Spark benchmark (%d cores, Java %s, %d records per scaling run, concurrency %d per"
            + " task)%n%n",
        Runtime.getRuntime().availableProcessors(),
        Runtime.version().feature(),
        records,
        concurrency);
    SparkBenchmark b = new SparkBenchmark(fakevllm, jobJar.toAbsolutePath(), work, concurrency);
    b.scaling(records, executors, replicas);
    b.rerunWithRedis(records);
    if (cliRecords > 0) {
      b.sparkVersusCli(cliRecords);
    }
  }

  private static List<Integer> ints(String csv) {
    List<Integer> out = new ArrayList<>();
    for (String s : csv.split(",")) {
      out.add(Integer.parseInt(s.strip()));
    }
    return out;
  }

  private final Path fakevllm;
  private final Path jobJar;
  private final Path work;
  private final int concurrency;

  private SparkBenchmark(Path fakevllm, Path jobJar, Path work, int concurrency) {
    this.fakevllm = fakevllm;
    this.jobJar = jobJar;
    this.work = work;
    this.concurrency = concurrency;
  }

  /** Pointwise records with distinct queries (no two share a cache entry). */
  private Path input(String name, int n) throws IOException {
    Path in = work.resolve(name + ".jsonl");
    List<String> lines = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      lines.add(
          String.format(
              Locale.ROOT,
              "{\"id\": \"r%d\", \"query\": \"Question %d (%s): what is %d + %d?\", \"response\":"
                  + " \"It is %d.\"}",
              i,
              i,
              name,
              i,
              i + 1,
              2 * i + 1));
    }
    Files.write(in, lines);
    return in;
  }

  private JudgeSpec spec(List<FakeVllm> servers, String extra) {
    StringBuilder yaml = new StringBuilder("models:\n");
    for (FakeVllm f : servers) {
      yaml.append("  - endpoint: ").append(f.baseUrl()).append("\n    model: judge\n");
    }
    yaml.append("protocol:\n  name: json\n");
    yaml.append("verifiers:\n  enabled: false\n");
    yaml.append("concurrency:\n  requests: ").append(concurrency).append('\n');
    yaml.append("  model_calls: ").append(concurrency * 4).append('\n');
    yaml.append(extra);
    return JudgeSpecs.parse(yaml.toString(), "benchmark spec");
  }

  private List<FakeVllm> replicas(int n) throws Exception {
    List<FakeVllm> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      // max-seqs = the concurrency one executor offers, so one replica is saturated by one
      // executor and scaling needs both more executors and more replicas.
      out.add(
          FakeVllm.start(
              fakevllm,
              "--timing",
              "vllm",
              "--max-seqs",
              String.valueOf(concurrency),
              "--output-tokens",
              "64"));
    }
    return out;
  }

  private static void closeAll(List<FakeVllm> servers) throws InterruptedException {
    for (FakeVllm f : servers) {
      f.close();
    }
  }

  private SparkSession clusterSession(LocalStandaloneCluster cluster, int executors) {
    return SparkSession.builder()
        .master(cluster.masterUrl())
        .appName("arbiter-spark-bench")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.jars", jobJar.toString())
        .config("spark.executor.memory", "768m")
        .config("spark.cores.max", String.valueOf(executors))
        .config("spark.sql.shuffle.partitions", String.valueOf(executors * 2))
        .getOrCreate();
  }

  private static ArbiterSpark.Options pointwise(Path in) {
    return ArbiterSpark.Options.defaults().withMode(Mode.POINTWISE).withSource(in.toString());
  }

  void scaling(int records, List<Integer> executors, List<Integer> replicaCounts) throws Exception {
    System.out.println("## Scaling: records/s, fakevllm --timing vllm (max-seqs = concurrency)\n");
    System.out.println(
        "| executors | replicas | records | wall s | records/s | vs 1×1 | model requests |"
            + " errors | replica utilisation |");
    System.out.println("|---|---|---|---|---|---|---|---|---|");
    double base = 0;
    for (int e : executors) {
      Path dir = Files.createDirectories(work.resolve("cluster-" + e));
      try (LocalStandaloneCluster cluster = LocalStandaloneCluster.start(dir, e)) {
        SparkSession spark = clusterSession(cluster, e);
        try {
          // Warm-up: executors start and build their judges before the clock runs.
          List<FakeVllm> warm = replicas(1);
          try {
            Path w = input("warmup-" + e, e * 8);
            new SparkJudgeJob(spark, spec(warm, ""), pointwise(w))
                .run(
                    w,
                    work.resolve("warm-out-" + e),
                    SparkJudgeJob.InputFormat.JSONL,
                    SparkJudgeJob.OutputFormat.JSONL,
                    false);
          } finally {
            closeAll(warm);
          }
          for (int r : replicaCounts) {
            List<FakeVllm> servers = replicas(r);
            try {
              Path in = input("scale-e" + e + "-r" + r, records);
              long t0 = System.nanoTime();
              SparkJudgeJob.Summary s =
                  new SparkJudgeJob(spark, spec(servers, ""), pointwise(in))
                      .run(
                          in,
                          work.resolve("out-e" + e + "-r" + r),
                          SparkJudgeJob.InputFormat.JSONL,
                          SparkJudgeJob.OutputFormat.JSONL,
                          false);
              double wall = (System.nanoTime() - t0) / 1e9;
              double rate = s.written() / wall;
              if (e == executors.get(0) && r == replicaCounts.get(0)) {
                base = rate;
              }
              long requests = 0;
              StringBuilder util = new StringBuilder();
              for (FakeVllm f : servers) {
                JsonNode st = f.stats();
                requests += st.get("requests").asLong();
                util.append(util.isEmpty() ? "" : ", ")
                    .append(String.format(Locale.ROOT, "%.2f", st.get("utilization").asDouble()));
              }
              System.out.printf(
                  Locale.ROOT,
                  "| %d | %d | %d | %.1f | %.1f | %.2f× | %d | %d | %s |%n",
                  e,
                  r,
                  s.written(),
                  wall,
                  rate,
                  rate / base,
                  requests,
                  s.errors(),
                  util);
            } finally {
              closeAll(servers);
            }
          }
        } finally {
          spark.stop();
        }
      }
    }
    System.out.println();
  }

  void rerunWithRedis(int records) throws Exception {
    System.out.println(
        "## Rerun of a finished job with the Redis cache (2 executors, 1 replica)\n");
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Process redis =
        new ProcessBuilder(
                "redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                String.valueOf(port),
                "--save",
                "",
                "--appendonly",
                "no")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    Path dir = Files.createDirectories(work.resolve("cluster-redis"));
    List<FakeVllm> servers = replicas(1);
    try (LocalStandaloneCluster cluster = LocalStandaloneCluster.start(dir, 2)) {
      Thread.sleep(500);
      String cache = "cache:\n  store: redis://127.0.0.1:" + port + "\n";
      Path in = input("redis", records);
      System.out.println("| run | records | wall s | model requests | cache hits |");
      System.out.println("|---|---|---|---|---|");
      for (String run : List.of("first run", "rerun (new output folder, fresh executors)")) {
        SparkSession spark = clusterSession(cluster, 2);
        try {
          servers.get(0).reset();
          long t0 = System.nanoTime();
          SparkJudgeJob.Summary s =
              new SparkJudgeJob(spark, spec(servers, cache), pointwise(in))
                  .run(
                      in,
                      work.resolve("redis-out-" + System.nanoTime()),
                      SparkJudgeJob.InputFormat.JSONL,
                      SparkJudgeJob.OutputFormat.JSONL,
                      false);
          double wall = (System.nanoTime() - t0) / 1e9;
          System.out.printf(
              Locale.ROOT,
              "| %s | %d | %.1f | %d | %d |%n",
              run,
              s.written(),
              wall,
              servers.get(0).stats().get("requests").asLong(),
              s.cacheHits());
        } finally {
          // A new application on the next run: new executor JVMs, empty in-memory caches.
          spark.stop();
        }
      }
    } finally {
      closeAll(servers);
      redis.destroy();
      redis.waitFor(10, TimeUnit.SECONDS);
    }
    System.out.println();
  }

  void sparkVersusCli(int n) throws Exception {
    System.out.printf(
        Locale.ROOT,
        "## %,d records: Spark local[2] vs the CLI on one JVM (zero-latency stub server)%n%n",
        n);
    System.out.println("| runner | records | wall s | records/s | errors |");
    System.out.println("|---|---|---|---|---|");
    Path in = input("cli-vs-spark", n);
    try (StubVllmServer stub = StubVllmServer.start(0, "stub-judge", 0)) {
      String spec =
          "models:\n  - endpoint: "
              + stub.baseUrl()
              + "\n    model: stub-judge\nconcurrency:\n  requests: "
              + concurrency
              + "\n";
      Path specFile = work.resolve("stub-spec.yaml");
      Files.writeString(specFile, spec);

      Path cliOut = work.resolve("cli-out.jsonl");
      long t0 = System.nanoTime();
      int exit =
          ArbiterCli.commandLine()
              .setErr(new PrintWriter(new StringWriter(), true))
              .setOut(new PrintWriter(new StringWriter(), true))
              .execute(
                  "judge",
                  "--in",
                  in.toString(),
                  "--out",
                  cliOut.toString(),
                  "--spec",
                  specFile.toString(),
                  "--no-progress");
      double cliWall = (System.nanoTime() - t0) / 1e9;
      long cliErrors;
      try (var lines = Files.lines(cliOut)) {
        cliErrors = lines.filter(l -> l.contains("\"status\":\"ERROR\"")).count();
      }
      System.out.printf(
          Locale.ROOT,
          "| arbiter judge (exit %d) | %d | %.1f | %.0f | %d |%n",
          exit,
          n,
          cliWall,
          n / cliWall,
          cliErrors);

      SparkSession spark =
          SparkSession.builder()
              .master("local[2]")
              .appName("arbiter-spark-bench-local")
              .config("spark.ui.enabled", "false")
              .config("spark.driver.host", "127.0.0.1")
              .config("spark.driver.bindAddress", "127.0.0.1")
              .config("spark.sql.shuffle.partitions", "4")
              .getOrCreate();
      try {
        long t1 = System.nanoTime();
        SparkJudgeJob.Summary s =
            new SparkJudgeJob(spark, JudgeSpecs.parse(spec, "stub spec"), pointwise(in))
                .run(
                    in,
                    work.resolve("spark-local-out"),
                    SparkJudgeJob.InputFormat.JSONL,
                    SparkJudgeJob.OutputFormat.JSONL,
                    false);
        double wall = (System.nanoTime() - t1) / 1e9;
        System.out.printf(
            Locale.ROOT,
            "| arbiter-spark local[2] | %d | %.1f | %.0f | %d |%n",
            s.written(),
            wall,
            s.written() / wall,
            s.errors());
      } finally {
        spark.stop();
      }
    }
    System.out.println();
  }
}
