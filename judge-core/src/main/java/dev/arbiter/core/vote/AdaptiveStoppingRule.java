package dev.arbiter.core.vote;

import dev.arbiter.core.Judgement;
import dev.arbiter.core.Mode;
import dev.arbiter.core.Preference;
import dev.arbiter.core.Sample;
import dev.arbiter.core.Scale;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The rule {@link StoppingRules.Builder} builds: exact stop, optionally a confident stop. */
final class AdaptiveStoppingRule implements StoppingRule {

  private final Aggregator aggregator;
  private final Scale scale;
  private final double[] boundaries;
  private final int firstRound;
  private final int roundSize;
  private final double z;
  private final int minSamples;
  private final double logprobFirst;

  AdaptiveStoppingRule(StoppingRules.Builder b) {
    // The meta judge's filter would call its model on every check; bound its voter instead.
    this.aggregator = b.aggregator instanceof MetaJudgeAggregator m ? m.voter() : b.aggregator;
    this.scale = b.scale;
    this.boundaries = b.boundaries.clone();
    this.firstRound = b.firstRound;
    this.roundSize = b.roundSize;
    this.z = b.z;
    this.minSamples = b.minSamples;
    this.logprobFirst = b.logprobFirst;
  }

  @Override
  public int nextRound(List<Sample> soFar, int maxSamples) {
    int left = maxSamples - soFar.size();
    if (left <= 1) {
      return 1;
    }
    if (soFar.isEmpty() && !Double.isNaN(logprobFirst)) {
      return 1;
    }
    if (soFar.isEmpty() && firstRound > 0) {
      return Math.min(left, firstRound);
    }
    if (roundSize > 0) {
      if (soFar.isEmpty()) {
        int first = Double.isNaN(z) ? maxSamples / 2 + 1 : minSamples;
        return Math.max(1, Math.min(left, first));
      }
      return Math.min(left, roundSize);
    }
    return fewestThatCouldStop(soFar, maxSamples);
  }

  /**
   * The fewest further samples after which {@link #canStop} could be true. Votes that all go one
   * way are the fastest way to a stop for every check here (a mixed or unscored vote never settles
   * a decision sooner than a unanimous one), so trying each unanimous continuation gives a round
   * that never draws more samples than rounds of one would, in fewer calls.
   */
  private int fewestThatCouldStop(List<Sample> soFar, int maxSamples) {
    int left = maxSamples - soFar.size();
    List<Judgement> votes = continuations(soFar);
    if (votes.isEmpty()) {
      return Math.min(left, 1);
    }
    int best = left;
    for (Judgement vote : votes) {
      for (int d = 1; d < best; d++) {
        List<Sample> next = new ArrayList<>(soFar);
        for (int i = 0; i < d; i++) {
          next.add(new Sample(-1 - i, 0, "", "", List.of(), vote, false));
        }
        if (canStop(modeOf(vote), next, maxSamples)) {
          best = d;
          break;
        }
      }
    }
    return best;
  }

  /** The unanimous votes worth trying next, by the mode the samples so far show. */
  private List<Judgement> continuations(List<Sample> soFar) {
    Judgement seen =
        Aggregators.scored(soFar).stream().map(Sample::judgement).findFirst().orElse(null);
    List<Judgement> out = new ArrayList<>();
    // With no vote yet the mode is unknown: try both kinds, the minimum suits either.
    if (seen == null || seen.preference().isPresent()) {
      for (Preference p : Preference.values()) {
        out.add(Judgement.ofPreference(p, List.of(), ""));
      }
    }
    if ((seen == null || seen.score().isPresent()) && scale != null) {
      List<Double> values = new ArrayList<>(List.of(scale.min(), scale.max()));
      for (double b : boundaries) {
        values.add(b);
      }
      aggregator.score(soFar, scale).ifPresent(values::add);
      for (double v : values) {
        out.add(Judgement.ofScore(v, List.of(), ""));
      }
    }
    // Listwise: one round at a time (a best case for Borda is not one ranking repeated).
    return out;
  }

  private static Mode modeOf(Judgement j) {
    return j.preference().isPresent() ? Mode.PAIRWISE : Mode.POINTWISE;
  }

  @Override
  public boolean canStop(Mode mode, List<Sample> soFar, int maxSamples) {
    int r = maxSamples - soFar.size();
    if (r <= 0) {
      return true;
    }
    boolean decided =
        switch (mode) {
          case PAIRWISE -> pairwiseDecided(soFar, r);
          case LISTWISE -> listwiseDecided(soFar, r);
          case POINTWISE -> pointwiseDecided(soFar, r);
        };
    return decided
        || confident(mode, soFar)
        || (!Double.isNaN(logprobFirst)
            && LogprobFirst.decisive(
                mode,
                soFar,
                logprobFirst,
                scale == null || boundaries.length == 0 ? null : x -> bucket(x)));
  }

  // ---- exact ----

  private boolean pairwiseDecided(List<Sample> soFar, int r) {
    int a = 0;
    int t = 0;
    int b = 0;
    int sum = 0;
    for (Sample s : Aggregators.scored(soFar)) {
      var p = s.judgement().preference();
      if (p.isEmpty()) {
        continue;
      }
      sum += p.get().signedStrength();
      switch (p.get().vote()) {
        case 1 -> a++;
        case -1 -> b++;
        default -> t++;
      }
    }
    if (a + t + b == 0) {
      return false;
    }
    if ("sum".equals(aggregator.name())) {
      // Each remaining sample moves the sum by at most 2 either way.
      return sum > 2 * r || sum < -2 * r;
    }
    int outcome = direction(a, t, b);
    for (int da = 0; da <= r; da++) {
      for (int dt = 0; dt + da <= r; dt++) {
        for (int db = 0; db + dt + da <= r; db++) {
          if (direction(a + da, t + dt, b + db) != outcome) {
            return false;
          }
        }
      }
    }
    return true;
  }

  private static int direction(int a, int t, int b) {
    if (a > b && a > t) {
      return 1;
    }
    if (b > a && b > t) {
      return -1;
    }
    return 0;
  }

  private static boolean listwiseDecided(List<Sample> soFar, int r) {
    int n =
        Aggregators.scored(soFar).stream()
            .mapToInt(s -> s.judgement().ranking().size())
            .max()
            .orElse(0);
    if (n < 2) {
      return false;
    }
    double[] points = Aggregators.bordaPoints(soFar, n);
    if (points == null) {
      return false;
    }
    int leader = Aggregators.borda(soFar, n).get(0);
    // One more ranking can give any other candidate up to n - 1 points more than the leader.
    double swing = (double) r * (n - 1);
    for (int c = 0; c < n; c++) {
      if (c == leader) {
        continue;
      }
      double gap = points[leader] - points[c];
      boolean safe = gap > swing || (gap == swing && leader < c);
      if (!safe) {
        return false;
      }
    }
    return true;
  }

  private boolean pointwiseDecided(List<Sample> soFar, int r) {
    if (scale == null || boundaries.length == 0) {
      return false;
    }
    double[] v = Aggregators.scores(soFar);
    if (v.length == 0) {
      return false;
    }
    if ("majority".equals(aggregator.name())) {
      Map<Double, Integer> counts = new HashMap<>();
      for (double x : v) {
        counts.merge(x, 1, Integer::sum);
      }
      List<Integer> c = new ArrayList<>(counts.values());
      c.sort(Collections.reverseOrder());
      int second = c.size() > 1 ? c.get(1) : 0;
      return c.get(0) - second > r;
    }
    // Mean, median, sum, logprob are monotone in each vote: the extremes bound every completion.
    Optional<Double> now = aggregator.score(soFar, scale);
    Optional<Double> lo = aggregator.score(withExtra(soFar, r, scale.min()), scale);
    Optional<Double> hi = aggregator.score(withExtra(soFar, r, scale.max()), scale);
    if (now.isEmpty() || lo.isEmpty() || hi.isEmpty()) {
      return false;
    }
    int bucket = bucket(now.get());
    return bucket(lo.get()) == bucket && bucket(hi.get()) == bucket;
  }

  private static List<Sample> withExtra(List<Sample> soFar, int r, double score) {
    List<Sample> out = new ArrayList<>(soFar);
    Judgement j = Judgement.ofScore(score, List.of(), "");
    for (int i = 0; i < r; i++) {
      out.add(new Sample(-1 - i, 0, "", "", List.of(), j, false));
    }
    return out;
  }

  private int bucket(double x) {
    int b = 0;
    for (double edge : boundaries) {
      if (x >= edge) {
        b++;
      }
    }
    return b;
  }

  // ---- confident ----

  private boolean confident(Mode mode, List<Sample> soFar) {
    if (Double.isNaN(z)) {
      return false;
    }
    Map<String, Integer> votes = new HashMap<>();
    for (Sample s : Aggregators.scored(soFar)) {
      String outcome =
          switch (mode) {
            case PAIRWISE -> s.judgement().preference().map(p -> "d" + p.vote()).orElse(null);
            case LISTWISE ->
                s.judgement().ranking().isEmpty() ? null : "c" + s.judgement().ranking().get(0);
            case POINTWISE ->
                scale == null || boundaries.length == 0
                    ? null
                    : s.judgement().score().map(x -> "b" + bucket(x)).orElse(null);
          };
      if (outcome != null) {
        votes.merge(outcome, 1, Integer::sum);
      }
    }
    int n = votes.values().stream().mapToInt(Integer::intValue).sum();
    if (n < minSamples) {
      return false;
    }
    int top = votes.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    return Votes.wilsonLowerBound(top, n, z) > 0.5;
  }

  @Override
  public String toString() {
    return "StoppingRule[adaptive aggregator="
        + aggregator.name()
        + " boundaries="
        + java.util.Arrays.toString(boundaries)
        + " round="
        + roundSize
        + (Double.isNaN(z) ? "" : " z=" + z)
        + (Double.isNaN(logprobFirst) ? "" : " logprobFirst=" + logprobFirst)
        + "]";
  }
}
