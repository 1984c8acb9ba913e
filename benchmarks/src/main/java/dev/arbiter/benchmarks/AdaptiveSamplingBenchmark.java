package dev.arbiter.benchmarks;

import dev.arbiter.core.Judge;
import dev.arbiter.core.JudgeRequest;
import dev.arbiter.core.Mode;
import dev.arbiter.core.Preference;
import dev.arbiter.core.SamplingParams;
import dev.arbiter.core.Scale;
import dev.arbiter.core.Status;
import dev.arbiter.core.Verdict;
import dev.arbiter.core.model.ChatRequest;
import dev.arbiter.core.model.ScriptedJudgeModel;
import dev.arbiter.core.vote.Aggregator;
import dev.arbiter.core.vote.Aggregators;
import dev.arbiter.core.vote.StoppingRule;
import dev.arbiter.core.vote.StoppingRules;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How many samples adaptive stopping saves, and how often its decision equals the full-k one.
 *
 * <p>The judge is synthetic: a {@link ScriptedJudgeModel} whose every answer is drawn at random
 * from an item-specific distribution, seeded by (run seed, item, order, sample index). Sample i of
 * an item is therefore the same text whichever rule drew it, so a disagreement with the full-k
 * decision is caused by stopping early and nothing else.
 *
 * <ul>
 *   <li>Pairwise: item i has a preference rate q_i ~ U(0, 1) for its first candidate; a sample says
 *       tie with probability 0.1, otherwise A (in the shown order) with probability q_i, else B;
 *       strong with probability 0.4. The pooled direction over both orders is the decision.
 *   <li>Pointwise (1–10): item i has a true score μ_i ~ U(1, 10); a sample writes round(μ_i + ε), ε
 *       ~ N(0, 1.5²), clamped to the scale. The decision is whether the mean is at least 5.5.
 * </ul>
 *
 * <p>Usage: {@code benchmarks/run adaptive [--items N] [--seed S]}. Prints Markdown tables.
 */
public final class AdaptiveSamplingBenchmark {
  private static final Pattern ITEM = Pattern.compile("item (\\d+) (first|second)");
  private static final double TIE_RATE = 0.1;
  private static final double STRONG_RATE = 0.4;
  private static final double NOISE_SD = 1.5;
  private static final double BOUNDARY = 5.5;

  private final int items;
  private final long seed;
  private final double[] prefRate;
  private final double[] trueScore;

  private AdaptiveSamplingBenchmark(int items, long seed) {
    this.items = items;
    this.seed = seed;
    SplittableRandom r = new SplittableRandom(seed);
    prefRate = new double[items];
    trueScore = new double[items];
    for (int i = 0; i < items; i++) {
      prefRate[i] = r.nextDouble();
      trueScore[i] = 1 + 9 * r.nextDouble();
    }
  }

  public static void main(String[] args) {
    int items = 2000;
    long seed = 20261124L;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--items" -> items = Integer.parseInt(args[++i]);
        case "--seed" -> seed = Long.parseLong(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    new AdaptiveSamplingBenchmark(items, seed).run();
  }

  /** One sample's text: depends only on (seed, item, what is shown first, sample index). */
  private String answer(ChatRequest request, int choice) {
    String prompt = request.messages().get(0).content();
    Matcher m = ITEM.matcher(prompt);
    m.find();
    int item = Integer.parseInt(m.group(1));
    boolean swapped = m.group(2).equals("second");
    long index = request.seed().orElse(0L) + choice;
    boolean pairwise = prompt.startsWith("pairwise");
    SplittableRandom r =
        new SplittableRandom(
            seed * 1_000_003L + item * 1_009L * 64 + index * 2 + (swapped ? 1 : 0));
    if (!pairwise) {
      double v = trueScore[item] + NOISE_SD * gaussian(r);
      long s = Math.max(1, Math.min(10, Math.round(v)));
      return "Rating: [[" + s + "]]";
    }
    if (r.nextDouble() < TIE_RATE) {
      return "[[A=B]]";
    }
    // The item's first candidate wins with q_i, whatever position it is shown in.
    boolean firstWins = r.nextDouble() < prefRate[item];
    boolean shownAWins = firstWins != swapped;
    boolean strong = r.nextDouble() < STRONG_RATE;
    return "[[" + (shownAWins ? (strong ? "A>>B" : "A>B") : (strong ? "B>>A" : "B>A")) + "]]";
  }

  static double gaussian(SplittableRandom r) {
    // Box–Muller: SplittableRandom has no nextGaussian before Java 17's RandomGenerator default.
    double u = 1 - r.nextDouble();
    double v = r.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  private JudgeRequest request(Mode mode, int item) {
    JudgeRequest.Builder b =
        JudgeRequest.builder()
            .id(mode + "-" + item)
            .mode(mode)
            .query(mode.name().toLowerCase(Locale.ROOT))
            .candidate("first", "item " + item + " first");
    if (mode == Mode.PAIRWISE) {
      b.candidate("second", "item " + item + " second");
    }
    return b.build();
  }

  /** Per-item outcome of one configuration. */
  private record Outcome(String decision, int samples, long calls) {}

  private List<Outcome> judgeAll(Mode mode, int k, Aggregator agg, StoppingRule rule) {
    ScriptedJudgeModel model = ScriptedJudgeModel.of("synthetic", this::answer);
    Judge judge =
        Judge.builder()
            .model(model)
            .protocol(new VerdictProtocol())
            .sampling(SamplingParams.DEFAULT.withSamples(k).withTemperature(1.0))
            .scale(Scale.ONE_TO_TEN)
            .aggregator(agg)
            .stoppingRule(rule)
            .build();
    List<Outcome> out = new ArrayList<>(items);
    for (int i = 0; i < items; i++) {
      Verdict v = judge.judge(request(mode, i));
      if (v.status() == Status.ERROR) {
        throw new IllegalStateException(v.reason());
      }
      String decision =
          mode == Mode.POINTWISE
              ? v.score().map(s -> s >= BOUNDARY ? "pass" : "fail").orElse("none")
              : v.preference().map(Preference::vote).map(String::valueOf).orElse("none");
      out.add(new Outcome(decision, v.samples().size(), v.usage().calls()));
    }
    return out;
  }

  private void run() {
    System.out.printf(
        Locale.ROOT, "Adaptive sampling benchmark: %d items per mode, seed %d%n%n", items, seed);
    for (Mode mode : List.of(Mode.PAIRWISE, Mode.POINTWISE)) {
      for (int k : List.of(8, 16)) {
        table(mode, k);
      }
    }
  }

  private void table(Mode mode, int k) {
    Aggregator agg = Aggregators.mean();
    Map<String, StoppingRule> rules = new LinkedHashMap<>();
    rules.put("full k (never stop)", StoppingRule.never());
    StoppingRules.Builder base = StoppingRules.builder().aggregator(agg);
    if (mode == Mode.POINTWISE) {
      base.pointwise(Scale.ONE_TO_TEN, BOUNDARY);
    }
    rules.put("exact (default rounds)", base.build());
    rules.put("exact, rounds of 1", base.roundSize(1).firstRound(1).build());
    rules.put("exact, rounds of 2", base.roundSize(2).firstRound(2).build());
    for (double level : new double[] {0.9, 0.95, 0.99}) {
      StoppingRules.Builder b = StoppingRules.builder().aggregator(agg);
      if (mode == Mode.POINTWISE) {
        b.pointwise(Scale.ONE_TO_TEN, BOUNDARY);
      }
      rules.put(
          String.format(Locale.ROOT, "exact + Wilson %.2f (default rounds)", level),
          b.confidence(level).build());
    }
    List<Outcome> full = null;
    int orders = mode == Mode.PAIRWISE ? 2 : 1;
    System.out.printf(Locale.ROOT, "### %s, k = %d%n%n", mode.name().toLowerCase(Locale.ROOT), k);
    System.out.println(
        "| rule | samples / judgement | saved vs full k | calls / judgement | agreement with full-k decision |");
    System.out.println("|---|---:|---:|---:|---:|");
    for (var e : rules.entrySet()) {
      List<Outcome> got = judgeAll(mode, k, agg, e.getValue());
      if (full == null) {
        full = got;
      }
      double samples = got.stream().mapToInt(Outcome::samples).average().orElse(0);
      double calls = got.stream().mapToLong(Outcome::calls).average().orElse(0);
      int agree = 0;
      for (int i = 0; i < items; i++) {
        if (got.get(i).decision().equals(full.get(i).decision())) {
          agree++;
        }
      }
      System.out.printf(
          Locale.ROOT,
          "| %s | %.2f | %.1f %% | %.2f | %.2f %% (%d / %d) |%n",
          e.getKey(),
          samples,
          100 * (1 - samples / (k * orders)),
          calls,
          100.0 * agree / items,
          agree,
          items);
    }
    System.out.println();
  }
}
