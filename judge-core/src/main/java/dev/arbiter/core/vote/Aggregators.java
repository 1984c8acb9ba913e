package dev.arbiter.core.vote;

import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.Preference;
import dev.arbiter.core.Sample;
import dev.arbiter.core.Scale;
import dev.arbiter.core.VerdictDistribution;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The built-in aggregators, by the names the CLI's {@code --vote} accepts: {@code mean}, {@code
 * median}, {@code sum}, {@code majority}, {@code logprob}; plus {@code meta-judge}, which needs a
 * second model and is built with {@link MetaJudge#builder()}.
 *
 * <p>Every aggregator skips unscored samples, returns empty when no sample voted, and gives the
 * same result for any order of its input list. Pairwise preferences are pooled by {@link
 * #majorityPreference} in every aggregator except {@code sum}; rankings by Borda count in all of
 * them. See {@code docs/voting-and-caching.md} for the formulas and the tie rules.
 */
public final class Aggregators {
  private Aggregators() {}

  /** The names {@link #byName} accepts, in the order the documentation lists them. */
  public static final List<String> NAMES =
      List.of("mean", "median", "sum", "majority", "logprob", "meta-judge");

  /**
   * Mean of scores; majority of preferences; Borda count of rankings. The default: it is what
   * self-consistency (Wang et al. 2023) and most judge harnesses report.
   */
  public static Aggregator mean() {
    return BasicAggregator.MEAN;
  }

  /**
   * Median of scores (the mean of the two middle scores when an even number voted), robust to a
   * single outlying sample; majority of preferences; Borda count of rankings.
   */
  public static Aggregator median() {
    return BasicAggregator.MEDIAN;
  }

  /**
   * Sums the samples' votes, as DeepSeek-GRM (Liu et al. 2025) sums the per-sample scores of its k
   * samples. Pairwise: the signed strengths (+2 for A≫B ... −2 for B≫A) are summed; the sign is the
   * direction (0 is TIE) and the preference is strong when the sum's magnitude is at least 1.5 per
   * voting sample. Pointwise: the verdict's score must lie on the declared scale, so the sum over
   * the {@code v} voting samples, which lies in {@code [v·min, v·max]}, is mapped linearly back
   * onto {@code [min, max]}, i.e. divided by {@code v}; the raw sum is {@link #scoreSum}. Listwise:
   * Borda count, itself a sum of positional scores.
   */
  public static Aggregator sum() {
    return BasicAggregator.SUM;
  }

  /**
   * Plurality of votes. Pointwise: the modal score; when several scores share the top count, the
   * one closest to the mean of all votes wins, and if two are equally close, their mean (which is
   * then the mean of all votes). Pairwise: {@link #majorityPreference}. Listwise: Borda count.
   */
  public static Aggregator majority() {
    return BasicAggregator.MAJORITY;
  }

  /**
   * G-Eval's probability-weighted score (Liu et al. 2023): each sample's score is the expectation
   * over the score token's top-logprob alternatives that are integers on the scale — at the token
   * the protocol points to ({@link Sample#verdictDistribution}) when it can, else where {@link
   * LogprobScores#expected} finds it; a sample without usable logprobs falls back to its parsed
   * score. The aggregate is the mean of those per-sample scores. Preferences by majority, rankings
   * by Borda. Ask the model for logprobs ({@code SamplingParams.withTopLogprobs(5)} or more) to use
   * it.
   */
  public static Aggregator logprob() {
    return BasicAggregator.LOGPROB;
  }

  /**
   * Looks an aggregator up by its {@code --vote} name.
   *
   * @throws InvalidInputException when the name is unknown (the message lists the known names), or
   *     for {@code meta-judge}, which needs a model and is built with {@link MetaJudge#builder()}
   */
  public static Aggregator byName(String name) {
    String n = name == null ? "" : name.strip().toLowerCase(java.util.Locale.ROOT);
    return switch (n) {
      case "mean" -> mean();
      case "median" -> median();
      case "sum" -> sum();
      case "majority" -> majority();
      case "logprob", "logprob-weighted", "g-eval" -> logprob();
      case "meta-judge" ->
          throw InvalidInputException.of(
              "vote",
              "'meta-judge' needs a second (cheap) judge model: build it with"
                  + " MetaJudge.builder().model(m).keep(4).voter(Aggregators.mean()).build()");
      default ->
          throw InvalidInputException.of(
              "vote", "unknown aggregator '" + name + "'; known: " + String.join(", ", NAMES));
    };
  }

  // ---- the voting rules, shared by the aggregators ----

  static List<Sample> scored(List<Sample> samples) {
    return samples.stream().filter(s -> s.judgement().scored()).toList();
  }

  static double[] scores(List<Sample> samples) {
    return scored(samples).stream()
        .map(s -> s.judgement().score())
        .flatMap(Optional::stream)
        .mapToDouble(Double::doubleValue)
        .toArray();
  }

  /**
   * The sum of the scored samples' scores (DeepSeek-GRM's raw reward, on a scale k times as wide as
   * the declared one), or empty when no sample gave a score.
   */
  public static Optional<Double> scoreSum(List<Sample> samples) {
    double[] v = scores(samples);
    if (v.length == 0) {
      return Optional.empty();
    }
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return Optional.of(s);
  }

  static Optional<Double> meanOf(double[] v) {
    if (v.length == 0) {
      return Optional.empty();
    }
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return Optional.of(s / v.length);
  }

  static Optional<Double> medianOf(double[] v) {
    if (v.length == 0) {
      return Optional.empty();
    }
    double[] s = v.clone();
    java.util.Arrays.sort(s);
    int m = s.length / 2;
    return Optional.of(s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2);
  }

  static Optional<Double> modeOf(double[] v) {
    if (v.length == 0) {
      return Optional.empty();
    }
    Map<Double, Integer> counts = new TreeMap<>();
    for (double x : v) {
      counts.merge(x, 1, Integer::sum);
    }
    int top = counts.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
    List<Double> modes =
        counts.entrySet().stream().filter(e -> e.getValue() == top).map(Map.Entry::getKey).toList();
    if (modes.size() == 1) {
      return Optional.of(modes.get(0));
    }
    double mean = meanOf(v).orElseThrow();
    double best = modes.stream().mapToDouble(m -> Math.abs(m - mean)).min().orElseThrow();
    // Ties are settled by closeness to the mean of all votes, never by which mode came first.
    double[] closest =
        modes.stream()
            .mapToDouble(Double::doubleValue)
            .filter(m -> Math.abs(m - mean) == best)
            .toArray();
    return meanOf(closest);
  }

  /**
   * Majority vote over preferences. Direction first (A, tie, B by vote sign): a direction wins only
   * with strictly more votes than each of the other two; otherwise the result is TIE, never
   * whichever came first. Within the winning direction the preference is strong only when strictly
   * more samples said so strongly than mildly. Empty when no sample gave a preference.
   */
  public static Optional<Preference> majorityPreference(List<Sample> samples) {
    Map<Preference, Integer> counts = new EnumMap<>(Preference.class);
    for (Sample s : scored(samples)) {
      s.judgement().preference().ifPresent(p -> counts.merge(p, 1, Integer::sum));
    }
    if (counts.isEmpty()) {
      return Optional.empty();
    }
    int a = 0;
    int b = 0;
    int t = 0;
    for (var e : counts.entrySet()) {
      switch (e.getKey().vote()) {
        case 1 -> a += e.getValue();
        case -1 -> b += e.getValue();
        default -> t += e.getValue();
      }
    }
    if (a > b && a > t) {
      return Optional.of(strongerIfMajority(counts, Preference.A_MUCH_BETTER, Preference.A_BETTER));
    }
    if (b > a && b > t) {
      return Optional.of(strongerIfMajority(counts, Preference.B_MUCH_BETTER, Preference.B_BETTER));
    }
    return Optional.of(Preference.TIE);
  }

  private static Preference strongerIfMajority(
      Map<Preference, Integer> counts, Preference strong, Preference weak) {
    int s = counts.getOrDefault(strong, 0);
    int w = counts.getOrDefault(weak, 0);
    // Strong only when strictly more samples said so: a split falls back to the milder claim.
    return s > w ? strong : weak;
  }

  /** DeepSeek-GRM style: the sum of signed strengths decides; see {@link #sum()}. */
  static Optional<Preference> summedPreference(List<Sample> samples) {
    int sum = 0;
    int voters = 0;
    for (Sample s : scored(samples)) {
      if (s.judgement().preference().isPresent()) {
        sum += s.judgement().preference().get().signedStrength();
        voters++;
      }
    }
    if (voters == 0) {
      return Optional.empty();
    }
    if (sum == 0) {
      return Optional.of(Preference.TIE);
    }
    // |sum| >= 1.5 per voter means the average claim rounds to "much better".
    boolean strong = 2 * Math.abs(sum) >= 3 * voters;
    return Optional.of(Preference.ofSignedStrength(Integer.signum(sum) * (strong ? 2 : 1)));
  }

  /**
   * Borda count: position p of n earns n − 1 − p points; samples whose ranking does not list all n
   * candidates do not vote; equal points are broken by the lower position index (the order the
   * candidates were shown in, which is part of the request, not of the sample list).
   */
  public static List<Integer> borda(List<Sample> samples, int n) {
    double[] points = bordaPoints(samples, n);
    if (points == null) {
      return List.of();
    }
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      idx.add(i);
    }
    idx.sort(Comparator.<Integer>comparingDouble(i -> -points[i]).thenComparingInt(i -> i));
    return List.copyOf(idx);
  }

  /** Borda points per position, or null when no sample ranked all n candidates. */
  static double[] bordaPoints(List<Sample> samples, int n) {
    double[] points = new double[n];
    boolean any = false;
    for (Sample s : scored(samples)) {
      List<Integer> r = s.judgement().ranking();
      if (r.size() != n || r.stream().distinct().count() != n) {
        continue;
      }
      if (r.stream().anyMatch(i -> i < 0 || i >= n)) {
        continue;
      }
      any = true;
      for (int p = 0; p < n; p++) {
        points[r.get(p)] += n - 1 - p;
      }
    }
    return any ? points : null;
  }

  /**
   * Per-sample scores of the logprob aggregator: the expected score at the verdict token the
   * protocol pointed to, else the one {@link LogprobScores} finds, else the parsed score.
   */
  static double[] logprobScores(List<Sample> samples, Scale scale) {
    return scored(samples).stream()
        .filter(s -> s.judgement().score().isPresent())
        .mapToDouble(
            s ->
                s.verdictDistribution()
                    .flatMap(VerdictDistribution::expectedScore)
                    .or(() -> LogprobScores.expected(s, scale))
                    .orElseGet(() -> s.judgement().score().get()))
        .toArray();
  }
}
