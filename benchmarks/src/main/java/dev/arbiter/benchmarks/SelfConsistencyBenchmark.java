package dev.arbiter.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.core.Judge;
import dev.arbiter.core.JudgeRequest;
import dev.arbiter.core.SamplingParams;
import dev.arbiter.core.Scale;
import dev.arbiter.core.Status;
import dev.arbiter.core.Verdict;
import dev.arbiter.core.model.ChatRequest;
import dev.arbiter.core.model.ChatResponse;
import dev.arbiter.core.model.Choice;
import dev.arbiter.core.model.JudgeModel;
import dev.arbiter.core.model.TokenLogprob;
import dev.arbiter.core.model.TokenUsage;
import dev.arbiter.core.vote.Aggregators;
import dev.arbiter.core.vote.StoppingRule;
import dev.arbiter.core.vote.StoppingRules;
import dev.arbiter.prompts.Protocols;
import dev.arbiter.vllm.VllmJudgeModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Self-consistency at a fraction of the decode: full k = 8 against the logprob-first stop ({@code
 * consistency: logprob-adaptive}) and the plain adaptive rules, pointwise with the {@code mt-bench}
 * protocol ("Rating: [[n]]", scale 1–10); the decision is whether the mean score is at least 5.5.
 *
 * <p><b>Part 1, the simulator</b> ({@code fakevllm --timing vllm}, polyglot replies, temperature 1,
 * 5 top logprobs): decode tokens, simulated engine busy seconds and calls from fakevllm's {@code
 * /stats}, reset before each rule; agreement of each rule's decision with full k = 8. The model is
 * asked for one sample per call (seed base + i), so sample i of an item is the same text under
 * every rule and a disagreement comes from stopping early alone. Caveat, from fakevllm's source: a
 * polyglot sample's score is a hash of (prompt, seed, choice), uniform on 1–10 and independent of
 * the item, and its logprobs put 0.74–0.99 on the written score with the rest on its neighbours. So
 * one sample's verdict token says nothing about the other samples: the worst case for the method.
 *
 * <p><b>Part 2, a synthetic judge with a known relation between its token distribution and its
 * samples</b> (in-process, no HTTP): item i has a true score μᵢ ~ U(1, 10); sample j draws a latent
 * xᵢⱼ = μᵢ + N(0, σ_b²) and writes a score s with P(s) ∝ exp(−(s − xᵢⱼ)² / 2σ_t²) over 1–10; the
 * top 5 of that P are its top logprobs. σ_b = 0 is a calibrated judge (the token distribution is
 * the spread of its samples); σ_b &gt; 0 an overconfident one (the critique before the token has
 * already committed to part of the noise). Every sample is 60 decode tokens, so decode is
 * proportional to samples.
 *
 * <p>Usage: {@code benchmarks/run selfcons [--items 384] [--synthetic-items 2000] [--concurrency
 * 32,128] [--time-scale 2] [--seed 20261207]}. The simulated clock runs at half speed by default
 * ({@code --time-scale 2}) so that the client and fakevllm's own HTTP and JSON work keep up with
 * it; the engine utilization column shows how busy the simulated engine was while the rule ran.
 */
public final class SelfConsistencyBenchmark {
  private static final int K = 8;
  private static final double BOUNDARY = 5.5;
  private static final int TOP_LOGPROBS = 5;
  private static final Pattern ITEM = Pattern.compile("item (\\d+)");
  private static final int SYNTHETIC_TOKENS = 60;

  private final int items;
  private final int syntheticItems;
  private final int[] concurrency;
  private final double timeScale;
  private final long seed;
  private final Path fakevllm;

  private SelfConsistencyBenchmark(
      int items,
      int syntheticItems,
      int[] concurrency,
      double timeScale,
      long seed,
      Path fakevllm) {
    this.items = items;
    this.syntheticItems = syntheticItems;
    this.concurrency = concurrency;
    this.timeScale = timeScale;
    this.seed = seed;
    this.fakevllm = fakevllm;
  }

  public static void main(String[] args) throws Exception {
    int items = 384;
    int synthetic = 2000;
    int[] concurrency = {32, 128};
    double timeScale = 2.0;
    long seed = 20261207L;
    Path fakevllm = Path.of("../shared/tools/fakevllm/fakevllm.py");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--items" -> items = Integer.parseInt(args[++i]);
        case "--synthetic-items" -> synthetic = Integer.parseInt(args[++i]);
        case "--concurrency" ->
            concurrency =
                java.util.Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
        case "--time-scale" -> timeScale = Double.parseDouble(args[++i]);
        case "--seed" -> seed = Long.parseLong(args[++i]);
        case "--fakevllm" -> fakevllm = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (!Files.isRegularFile(fakevllm)) {
      throw new IllegalArgumentException("no fakevllm at " + fakevllm + " (give --fakevllm PATH)");
    }
    new SelfConsistencyBenchmark(items, synthetic, concurrency, timeScale, seed, fakevllm).run();
  }

  /** The rules compared, full k first. */
  private static Map<String, StoppingRule> rules() {
    Map<String, StoppingRule> rules = new LinkedHashMap<>();
    rules.put("full k = 8", StoppingRule.never());
    rules.put("exact adaptive", base().build());
    rules.put("exact + Wilson 0.95", base().confidence(0.95).build());
    rules.put("logprob-adaptive 0.90", base().logprobFirst(0.9).build());
    rules.put("logprob-adaptive 0.99", base().logprobFirst(0.99).build());
    rules.put(
        "logprob-adaptive 0.90 + Wilson 0.95", base().logprobFirst(0.9).confidence(0.95).build());
    return rules;
  }

  private static StoppingRules.Builder base() {
    return StoppingRules.builder()
        .aggregator(Aggregators.mean())
        .pointwise(Scale.ONE_TO_TEN, BOUNDARY);
  }

  private static Judge judge(JudgeModel model, StoppingRule rule) {
    return Judge.builder()
        .model(model)
        .protocol(Protocols.get("mt-bench"))
        .scale(Scale.ONE_TO_TEN)
        .aggregator(Aggregators.mean())
        .sampling(new SamplingParams(K, 1.0, 1.0, 512, Optional.of(0L), TOP_LOGPROBS))
        .stoppingRule(rule)
        .build();
  }

  private static JudgeRequest request(int item) {
    return JudgeRequest.builder()
        .id("item-" + item)
        .query(
            "Question for item "
                + item
                + ": explain in a few sentences why the sky looks blue at noon and red at sunset,"
                + " and name the physical effect involved.")
        .candidate(
            "answer",
            "This is the answer for item "
                + item
                + ". Sunlight is scattered by air molecules; shorter wavelengths scatter more"
                + " (Rayleigh scattering), so the sky looks blue, and at sunset the light crosses"
                + " more air, leaving the reds.")
        .build();
  }

  /** One judgement's outcome. */
  private record Outcome(String decision, int samples, boolean firstHadDistribution) {}

  private static List<Outcome> judgeAll(Judge judge, int n, int inFlight) throws Exception {
    List<Future<Verdict>> futures = new ArrayList<>(n);
    try (ExecutorService pool = Executors.newFixedThreadPool(inFlight)) {
      for (int i = 0; i < n; i++) {
        JudgeRequest r = request(i);
        futures.add(pool.submit(() -> judge.judge(r)));
      }
      List<Outcome> out = new ArrayList<>(n);
      for (Future<Verdict> f : futures) {
        Verdict v = f.get();
        if (v.status() == Status.ERROR) {
          throw new IllegalStateException("judgement failed: " + v.reason());
        }
        String decision = v.score().map(s -> s >= BOUNDARY ? "pass" : "fail").orElse("none");
        boolean dist =
            !v.samples().isEmpty() && v.samples().get(0).verdictDistribution().isPresent();
        out.add(new Outcome(decision, v.samples().size(), dist));
      }
      return out;
    }
  }

  private void run() throws Exception {
    System.out.printf(
        Locale.ROOT,
        "Self-consistency benchmark: k = %d, mt-bench pointwise, decision mean >= %.1f, seed %d%n%n",
        K,
        BOUNDARY,
        seed);
    for (int c : concurrency) {
      simulator(c);
    }
    synthetic(0.0, 1.5);
    synthetic(1.2, 0.9);
  }

  // ---- part 1: fakevllm --timing vllm ----

  private void simulator(int inFlight) throws Exception {
    System.out.printf(
        Locale.ROOT,
        "### Simulator: fakevllm --timing vllm (polyglot, temperature 1, top_logprobs %d), %d"
            + " items, %d in flight%n%n",
        TOP_LOGPROBS,
        items,
        inFlight);
    System.out.println(
        "| rule | samples / judgement | stopped after 1 | decode tokens | decode vs full k |"
            + " busy s | busy vs full k | engine utilization | calls | agreement with full k |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    try (FakeVllm fake =
            FakeVllm.start(
                fakevllm, "--timing", "vllm", "--time-scale", Double.toString(timeScale));
        JudgeModel model =
            VllmJudgeModel.builder()
                .baseUrl(fake.baseUrl())
                .model("judge")
                .timeout(Duration.ofSeconds(300))
                .maxInFlight(8 * inFlight)
                .supportsN(false)
                .build()) {
      List<Outcome> full = null;
      double fullDecode = 0;
      double fullBusy = 0;
      int withDistribution = 0;
      for (var e : rules().entrySet()) {
        fake.reset();
        List<Outcome> got = judgeAll(judge(model, e.getValue()), items, inFlight);
        JsonNode stats = fake.stats();
        double decode = stats.path("decode_tokens").asDouble();
        double busy = stats.path("busy_seconds").asDouble();
        if (full == null) {
          full = got;
          fullDecode = decode;
          fullBusy = busy;
          withDistribution = (int) got.stream().filter(Outcome::firstHadDistribution).count();
        }
        System.out.printf(
            Locale.ROOT,
            "| %s | %.2f | %s | %,.0f | %.3f× | %.2f | %.3f× | %.0f %% | %d | %s |%n",
            e.getKey(),
            mean(got),
            stoppedAfterOne(got),
            decode,
            decode / fullDecode,
            busy,
            busy / fullBusy,
            100 * stats.path("utilization").asDouble(),
            stats.path("requests").asLong(),
            agreement(got, full));
      }
      System.out.printf(
          Locale.ROOT,
          "%nFirst samples with a verdict-token distribution: %d / %d.%n%n",
          withDistribution,
          items);
    }
  }

  // ---- part 2: a synthetic judge ----

  private void synthetic(double sigmaB, double sigmaT) throws Exception {
    System.out.printf(
        Locale.ROOT,
        "### Synthetic judge: σ_b = %.1f, σ_t = %.1f (%s), %d items%n%n",
        sigmaB,
        sigmaT,
        sigmaB == 0 ? "calibrated" : "overconfident",
        syntheticItems);
    System.out.println(
        "| rule | samples / judgement | stopped after 1 | decode vs full k | agreement with full k |");
    System.out.println("|---|---:|---:|---:|---:|");
    SyntheticJudge model = new SyntheticJudge(seed, syntheticItems, sigmaB, sigmaT);
    List<Outcome> full = null;
    for (var e : rules().entrySet()) {
      List<Outcome> got = judgeAll(judge(model, e.getValue()), syntheticItems, 8);
      if (full == null) {
        full = got;
      }
      System.out.printf(
          Locale.ROOT,
          "| %s | %.2f | %s | %.3f× | %s |%n",
          e.getKey(),
          mean(got),
          stoppedAfterOne(got),
          mean(got) / K,
          agreement(got, full));
    }
    System.out.println();
  }

  private static double mean(List<Outcome> got) {
    return got.stream().mapToInt(Outcome::samples).average().orElse(0);
  }

  private static String stoppedAfterOne(List<Outcome> got) {
    long n = got.stream().filter(o -> o.samples() == 1).count();
    return String.format(Locale.ROOT, "%.1f %%", 100.0 * n / got.size());
  }

  private static String agreement(List<Outcome> got, List<Outcome> full) {
    int agree = 0;
    for (int i = 0; i < got.size(); i++) {
      if (got.get(i).decision().equals(full.get(i).decision())) {
        agree++;
      }
    }
    return String.format(
        Locale.ROOT, "%.2f %% (%d / %d)", 100.0 * agree / got.size(), agree, got.size());
  }

  /**
   * The synthetic judge of part 2: one sample per call, a function of (run seed, item, sample
   * seed), written as an MT-Bench rating whose token carries the top 5 of the distribution it was
   * drawn from.
   */
  static final class SyntheticJudge implements JudgeModel {
    private final long seed;
    private final double[] trueScore;
    private final double sigmaB;
    private final double sigmaT;

    SyntheticJudge(long seed, int items, double sigmaB, double sigmaT) {
      this.seed = seed;
      this.sigmaB = sigmaB;
      this.sigmaT = sigmaT;
      SplittableRandom r = new SplittableRandom(seed);
      trueScore = new double[items];
      for (int i = 0; i < items; i++) {
        trueScore[i] = 1 + 9 * r.nextDouble();
      }
    }

    @Override
    public String id() {
      return "synthetic";
    }

    @Override
    public boolean supportsN() {
      return false;
    }

    @Override
    public CompletableFuture<ChatResponse> chat(ChatRequest request) {
      String prompt = request.messages().get(request.messages().size() - 1).content();
      Matcher m = ITEM.matcher(prompt);
      if (!m.find()) {
        return CompletableFuture.failedFuture(new IllegalStateException("no item in the prompt"));
      }
      int item = Integer.parseInt(m.group(1));
      long sampleSeed = request.seed().orElse(0L);
      SplittableRandom r = new SplittableRandom(seed * 1_000_003L + item * 65_537L + sampleSeed);
      double x = trueScore[item] + sigmaB * AdaptiveSamplingBenchmark.gaussian(r);
      double[] p = new double[10];
      double total = 0;
      for (int s = 1; s <= 10; s++) {
        p[s - 1] = Math.exp(-(s - x) * (s - x) / (2 * sigmaT * sigmaT));
        total += p[s - 1];
      }
      double u = r.nextDouble() * total;
      int written = 10;
      for (int s = 1; s <= 10; s++) {
        u -= p[s - 1];
        if (u <= 0) {
          written = s;
          break;
        }
      }
      List<Integer> order = new ArrayList<>(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
      order.sort(Comparator.comparingDouble((Integer s) -> -p[s - 1]));
      List<TokenLogprob.TopLogprob> top = new ArrayList<>();
      for (int s : order.subList(0, TOP_LOGPROBS)) {
        top.add(new TokenLogprob.TopLogprob(Integer.toString(s), Math.log(p[s - 1] / total)));
      }
      String critique = "The answer is judged on accuracy, completeness and clarity.";
      List<TokenLogprob> tokens =
          List.of(
              new TokenLogprob(critique, -0.1, List.of()),
              new TokenLogprob("\nRating: [[", -0.01, List.of()),
              new TokenLogprob(Integer.toString(written), Math.log(p[written - 1] / total), top),
              new TokenLogprob("]]", -0.01, List.of()));
      String text = critique + "\nRating: [[" + written + "]]";
      Choice c = new Choice(0, text, "stop", tokens, List.of());
      return CompletableFuture.completedFuture(
          new ChatResponse(
              "synthetic",
              Optional.empty(),
              List.of(c),
              new TokenUsage(prompt.length() / 4, SYNTHETIC_TOKENS, 0)));
    }
  }
}
