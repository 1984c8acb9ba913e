package dev.arbiter.eval.render;

import dev.arbiter.eval.metrics.Accuracy;
import dev.arbiter.eval.metrics.Bootstrap;
import dev.arbiter.eval.metrics.Estimate;
import dev.arbiter.eval.metrics.SectionAccuracy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Scores in a benchmark's own published form, next to the report's plain accuracy: RewardBench's
 * section scores with its official weighting, and RMB's best-of-N accuracy.
 *
 * @param rewardBench present when the items' subsets are RewardBench subsets
 * @param bestOfN present when listwise (best-of-N) items were judged
 */
public record BenchmarkScores(Optional<RewardBench> rewardBench, Optional<BestOfN> bestOfN) {

  /** Normalises nulls to empty. */
  public BenchmarkScores {
    rewardBench = rewardBench == null ? Optional.empty() : rewardBench;
    bestOfN = bestOfN == null ? Optional.empty() : bestOfN;
  }

  /** Whether there is anything to show. */
  public boolean isEmpty() {
    return rewardBench.isEmpty() && bestOfN.isEmpty();
  }

  /**
   * RewardBench v1's score (allenai/reward-bench: SUBSET_MAPPING and EXAMPLE_COUNTS in
   * rewardbench/constants.py, calculate_scores_per_section in rewardbench/utils.py): each section
   * is the mean of its subsets' scores weighted by EXAMPLE_COUNTS (math-prm counted as 984 though
   * it has 447 items, to weigh as much as the code subsets together), and the score is the
   * unweighted mean of the sections. Items score as scripts/run_generative.py scores a generative
   * judge: 1 when it prefers the chosen response, 0 when the rejected one, ½ for a tie or no
   * answer.
   *
   * @param score mean of the sections present, in [0, 1]
   * @param sections each section present, in RewardBench's order
   * @param missingSections sections none of whose subsets were judged (the score then averages
   *     fewer than four sections and is not comparable with the leaderboard)
   * @param otherSubsets subsets in the data that belong to no RewardBench section (left out)
   */
  public record RewardBench(
      double score,
      List<Section> sections,
      List<String> missingSections,
      List<String> otherSubsets) {
    /** Copies the lists. */
    public RewardBench {
      sections = List.copyOf(sections);
      missingSections = List.copyOf(missingSections);
      otherSubsets = List.copyOf(otherSubsets);
    }
  }

  /** A RewardBench section: its weighted score and its subsets. */
  public record Section(String name, double score, List<Subset> subsets) {
    /** Copies the subsets. */
    public Section {
      subsets = List.copyOf(subsets);
    }
  }

  /**
   * One subset: items judged, points (½ per tie), score and its weight in the section.
   *
   * @param name the subset
   * @param n items judged
   * @param points points earned
   * @param score points / n
   * @param weight its weight in the section (EXAMPLE_COUNTS)
   */
  public record Subset(String name, long n, double points, double score, double weight) {}

  /**
   * RMB's best-of-N accuracy (Zhou et al. 2024): an item is correct only when the judge puts the
   * labelled best answer above every other candidate, i.e. ranks it first.
   *
   * @param n best-of-N items judged
   * @param correct items whose best answer was ranked first
   * @param accuracy correct / n
   * @param lower lower bootstrap bound
   * @param upper upper bootstrap bound
   */
  public record BestOfN(long n, long correct, double accuracy, double lower, double upper) {}

  /**
   * Builds the scores.
   *
   * @param subsetPoints per subset: {points, items} of the pairwise items (a tie scores ½)
   * @param bestOfN one outcome per listwise item: whether the best answer was ranked first
   */
  static BenchmarkScores of(
      Map<String, double[]> subsetPoints, List<Boolean> bestOfN, Bootstrap bootstrap) {
    return new BenchmarkScores(rewardBench(subsetPoints), bestOfN(bestOfN, bootstrap));
  }

  private static Optional<RewardBench> rewardBench(Map<String, double[]> subsetPoints) {
    Map<String, Double> weights = SectionAccuracy.REWARDBENCH_WEIGHTS;
    if (subsetPoints.keySet().stream().noneMatch(weights::containsKey)) {
      return Optional.empty();
    }
    Map<String, Double> scores = new LinkedHashMap<>();
    Map<String, Long> sizes = new LinkedHashMap<>();
    subsetPoints.forEach(
        (k, v) -> {
          scores.put(k, v[0] / v[1]);
          sizes.put(k, (long) v[1]);
        });
    Map<String, Double> sectionScores =
        SectionAccuracy.weighted(scores, sizes, SectionAccuracy.REWARDBENCH_SECTIONS, weights);
    List<Section> sections = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : SectionAccuracy.REWARDBENCH_SECTIONS.entrySet()) {
      Double s = sectionScores.get(e.getKey());
      if (s == null) {
        missing.add(e.getKey());
        continue;
      }
      List<Subset> subsets = new ArrayList<>();
      for (String name : e.getValue()) {
        double[] v = subsetPoints.get(name);
        if (v != null && v[1] > 0) {
          subsets.add(new Subset(name, (long) v[1], v[0], v[0] / v[1], weights.get(name)));
        }
      }
      sections.add(new Section(e.getKey(), s, subsets));
    }
    TreeSet<String> other = new TreeSet<>(subsetPoints.keySet());
    other.removeAll(weights.keySet());
    return Optional.of(
        new RewardBench(
            SectionAccuracy.meanOfSections(sectionScores),
            sections,
            missing,
            new ArrayList<>(other)));
  }

  private static Optional<BestOfN> bestOfN(List<Boolean> outcomes, Bootstrap bootstrap) {
    if (outcomes.isEmpty()) {
      return Optional.empty();
    }
    Estimate e = Accuracy.withInterval(outcomes, bootstrap);
    long correct = outcomes.stream().filter(Boolean::booleanValue).count();
    return Optional.of(new BestOfN(outcomes.size(), correct, e.value(), e.lower(), e.upper()));
  }
}
