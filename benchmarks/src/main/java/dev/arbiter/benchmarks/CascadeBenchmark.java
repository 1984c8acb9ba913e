package dev.arbiter.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.core.Judge;
import dev.arbiter.core.JudgeRequest;
import dev.arbiter.core.Mode;
import dev.arbiter.core.Usage;
import dev.arbiter.core.Verdict;
import dev.arbiter.core.ensemble.Cascade;
import dev.arbiter.core.ensemble.CascadeCalibration;
import dev.arbiter.core.ensemble.CascadeTally;
import dev.arbiter.core.ensemble.Outcomes;
import dev.arbiter.spec.BuiltJudge;
import dev.arbiter.spec.JudgeSpecs;
import dev.arbiter.spec.Judges;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * What a cascade saves, on the simulator: two fakevllm processes play a cheap judge (a small model:
 * 5 samples at temperature 0.7, short replies, fast prefill and decode) and a strong judge (one
 * greedy sample, long replies, slow prefill and decode). Pairwise records, judged in both orders.
 *
 * <p>The first half of the records is the dev set: both judges judge it and {@link
 * CascadeCalibration} picks the threshold for each target agreement. The second half is the test
 * set: the strong judge alone judges it once (the reference), then the cascade at each threshold.
 * Reported per run: the strong judge's share of records, tokens on each server, simulated busy
 * seconds on each server (fakevllm's {@code /stats}, reset before each run, which also clears its
 * prefix cache) and the cascade's agreement with the strong-only decisions.
 *
 * <p>The simulated judges' decisions are pseudo-random functions of the prompt and seed, unrelated
 * to the candidates' quality and to each other: the numbers measure the machinery (routing, token
 * and time accounting, calibration on a dev set carrying over to a test set), not how well a real
 * cheap judge would track a real strong one.
 *
 * <p>Usage: {@code java -cp benchmarks/target/arbiter-benchmarks.jar
 * dev.arbiter.benchmarks.CascadeBenchmark [--records 400] [--fakevllm PATH]}. Prints Markdown.
 */
public final class CascadeBenchmark {
  private static final double[] TARGETS = {0.95, 0.9, 0.8, 0.7, 0.0};
  private static final int CONCURRENCY = 16;

  public static void main(String[] args) throws Exception {
    int records = 400;
    Path fakevllm = Path.of("../shared/tools/fakevllm/fakevllm.py");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--records" -> records = Integer.parseInt(args[++i]);
        case "--fakevllm" -> fakevllm = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (!Files.isRegularFile(fakevllm)) {
      throw new IllegalArgumentException("no fakevllm at " + fakevllm + " (give --fakevllm PATH)");
    }
    new CascadeBenchmark().run(records, fakevllm);
  }

  void run(int records, Path script) throws Exception {
    List<String> common = List.of("--timing", "vllm", "--time-scale", "0.05");
    List<String> cheapFlags = new ArrayList<>(common);
    cheapFlags.addAll(
        List.of(
            "--model",
            "small",
            "--output-tokens",
            "60",
            "--prefill-tps",
            "40000",
            "--decode-step-ms",
            "6"));
    List<String> strongFlags = new ArrayList<>(common);
    strongFlags.addAll(
        List.of(
            "--model",
            "large",
            "--output-tokens",
            "400",
            "--prefill-tps",
            "5000",
            "--decode-step-ms",
            "30"));
    try (FakeVllm small = FakeVllm.start(script, cheapFlags.toArray(String[]::new));
        FakeVllm large = FakeVllm.start(script, strongFlags.toArray(String[]::new));
        BuiltJudge cheap =
            Judges.fromSpec(
                JudgeSpecs.parse(
                    spec(small.baseUrl(), "small", "k: 5\n  temperature: 0.7\n  max_tokens: 256"),
                    "cheap.yaml"));
        BuiltJudge strong =
            Judges.fromSpec(
                JudgeSpecs.parse(
                    spec(large.baseUrl(), "large", "k: 1\n  max_tokens: 1024"), "strong.yaml"))) {
      List<JudgeRequest> all = requests(records);
      List<JudgeRequest> dev = all.subList(0, records / 2);
      List<JudgeRequest> test = all.subList(records / 2, records);

      List<Verdict> devCheap = judgeAll(cheap.judge(), dev);
      List<Verdict> devStrong = judgeAll(strong.judge(), dev);

      small.reset();
      large.reset();
      List<Verdict> reference = judgeAll(strong.judge(), test);
      JsonNode refStats = large.stats();
      Usage refUsage = total(reference);

      System.out.printf(
          Locale.ROOT,
          "%d pairwise records: %d dev (calibration), %d test. Strong only on test: %d records"
              + " decided, %d tokens, %.1f simulated busy s.%n%n",
          records,
          dev.size(),
          test.size(),
          reference.stream().filter(v -> Outcomes.of(v).isPresent()).count(),
          refUsage.totalTokens(),
          refStats.get("busy_seconds").asDouble());
      System.out.println(
          "| target | threshold | dev agreement | test: strong share | test agreement with strong"
              + " only | strong tokens (saved) | cheap tokens spent | strong busy s (saved) | cheap"
              + " busy s spent |");
      System.out.println("|---|---|---|---|---|---|---|---|---|");
      for (double target : TARGETS) {
        // Target 0: the lowest threshold, so the cheap judge decides every record it can decide.
        CascadeCalibration.Result cal =
            CascadeCalibration.calibrate(devCheap, devStrong, target == 0 ? 1e-9 : target);
        Judge cascade =
            Cascade.builder()
                .cheap("small", cheap.judge())
                .strong("large", strong.judge())
                .threshold(cal.threshold())
                .build();
        CascadeTally tally = CascadeTally.create();
        small.reset();
        large.reset();
        List<Verdict> got = judgeAll(tally.observe(cascade), test);
        double busyCheap = small.stats().get("busy_seconds").asDouble();
        double busyStrong = large.stats().get("busy_seconds").asDouble();
        int agree = 0;
        int labelled = 0;
        for (int i = 0; i < test.size(); i++) {
          var ref = Outcomes.of(reference.get(i));
          if (ref.isPresent()) {
            labelled++;
            agree += ref.equals(Outcomes.of(got.get(i))) ? 1 : 0;
          }
        }
        double refBusy = refStats.get("busy_seconds").asDouble();
        long strongTokens = tally.strongUsage().totalTokens();
        System.out.printf(
            Locale.ROOT,
            "| %s | %s | %.3f | %.3f (%d/%d) | %.3f | %d (%d) | %d | %.1f (%.1f) | %.1f |%n",
            target == 0 ? "0 (lowest threshold)" : String.format(Locale.ROOT, "%.2f", target),
            Double.isInfinite(cal.threshold())
                ? "never (all to strong)"
                : String.format(Locale.ROOT, "%.2f", cal.threshold()),
            cal.agreement(),
            (double) tally.strongDecided() / tally.records(),
            tally.strongDecided(),
            tally.records(),
            (double) agree / labelled,
            strongTokens,
            refUsage.totalTokens() - strongTokens,
            tally.cheapUsage().totalTokens(),
            busyStrong,
            refBusy - busyStrong,
            busyCheap);
      }
    }
  }

  private static String spec(String url, String model, String sampling) {
    return "models:\n  - endpoint: "
        + url
        + "\n    model: "
        + model
        + "\nprotocol: {name: json}\nverifiers: {enabled: false}\nsampling:\n  "
        + sampling
        + "\n  seed: 7\n";
  }

  /** Synthetic pairwise records: varied enough that every prompt differs. */
  private static List<JudgeRequest> requests(int n) {
    List<JudgeRequest> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(
          JudgeRequest.builder()
              .id("r" + i)
              .mode(Mode.PAIRWISE)
              .query(
                  "Question " + i + ": explain in two sentences why " + (i * 7 % 97) + " matters.")
              .candidate("A", "Answer one to question " + i + ": because it is prime-adjacent.")
              .candidate("B", "Answer two to question " + i + ": it does not matter much at all.")
              .build());
    }
    return out;
  }

  private static List<Verdict> judgeAll(Judge judge, List<JudgeRequest> requests) {
    Semaphore slots = new Semaphore(CONCURRENCY);
    List<CompletableFuture<Verdict>> futures = new ArrayList<>();
    for (JudgeRequest r : requests) {
      slots.acquireUninterruptibly();
      futures.add(judge.judgeAsync(r).whenComplete((v, e) -> slots.release()));
    }
    return futures.stream().map(CompletableFuture::join).toList();
  }

  private static Usage total(List<Verdict> verdicts) {
    Usage u = Usage.ZERO;
    for (Verdict v : verdicts) {
      u = u.plus(v.usage());
    }
    return u;
  }
}
