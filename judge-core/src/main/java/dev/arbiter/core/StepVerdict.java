package dev.arbiter.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The step-level part of a {@link Mode#STEPS} verdict.
 *
 * <p>Labels follow PRM800K's step ratings (openai/prm800k, README.md, "rating": -1, 0 or +1; 0 is a
 * step that "isn't incorrect, but does not make any progress"). With k samples, each step's label
 * is the majority of the samples' labels for it (a tie goes to the lower label: a judge that is
 * split on whether a step is wrong does not vouch for it), and each step's score is the share of
 * samples that did not label it −1 — the analogue of a process reward model's probability that the
 * step is correct. The solution-level rewards aggregate those scores the ways the process-reward
 * literature compares: the product (Lightman et al. 2023, "Let's Verify Step by Step": a solution
 * is correct only when every step is), the minimum (Wang et al. 2024, Math-Shepherd) and the last
 * step's score (as compared by Snell et al. 2024, "Scaling LLM Test-Time Compute Optimally").
 *
 * @param steps the step texts, in order
 * @param labels each step's label, -1, 0 or +1
 * @param scores each step's score in [0, 1]: the share of scored samples not labelling it −1
 * @param firstWrong the 1-based number of the first step labelled −1, if any
 * @param minReward the smallest step score
 * @param productReward the product of the step scores
 * @param lastReward the last step's score
 */
public record StepVerdict(
    List<String> steps,
    List<Integer> labels,
    List<Double> scores,
    Optional<Integer> firstWrong,
    double minReward,
    double productReward,
    double lastReward) {

  public StepVerdict {
    steps = List.copyOf(steps);
    labels = List.copyOf(labels);
    scores = List.copyOf(scores);
    firstWrong = firstWrong == null ? Optional.empty() : firstWrong;
    if (steps.isEmpty() || labels.size() != steps.size() || scores.size() != steps.size()) {
      throw new IllegalArgumentException(
          "steps, labels and scores must be non-empty and of one length but were "
              + steps.size()
              + ", "
              + labels.size()
              + ", "
              + scores.size());
    }
  }

  /**
   * Pools the samples' label vectors (each of {@code steps.size()} labels) into per-step labels,
   * scores and the three rewards.
   *
   * @throws IllegalArgumentException when there is no vector or one has the wrong length
   */
  public static StepVerdict pool(List<String> steps, List<List<Integer>> votes) {
    Objects.requireNonNull(votes, "votes");
    int n = steps.size();
    if (votes.isEmpty()) {
      throw new IllegalArgumentException("no label vectors to pool");
    }
    List<Integer> labels = new ArrayList<>(n);
    List<Double> scores = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int[] count = new int[3];
      for (List<Integer> v : votes) {
        if (v.size() != n) {
          throw new IllegalArgumentException(
              "a label vector has " + v.size() + " labels for " + n + " steps");
        }
        count[v.get(i) + 1]++;
      }
      int best = 0;
      for (int l = 1; l < 3; l++) {
        if (count[l] > count[best]) {
          best = l;
        }
      }
      labels.add(best - 1);
      scores.add(1.0 - (double) count[0] / votes.size());
    }
    return of(steps, labels, scores);
  }

  /** A step verdict from per-step labels and scores; the first wrong step and rewards computed. */
  public static StepVerdict of(List<String> steps, List<Integer> labels, List<Double> scores) {
    Optional<Integer> firstWrong = Optional.empty();
    for (int i = 0; i < labels.size(); i++) {
      if (labels.get(i) == -1) {
        firstWrong = Optional.of(i + 1);
        break;
      }
    }
    double min = 1;
    double product = 1;
    for (double s : scores) {
      min = Math.min(min, s);
      product *= s;
    }
    double last = scores.isEmpty() ? 0 : scores.get(scores.size() - 1);
    return new StepVerdict(steps, labels, scores, firstWrong, min, product, last);
  }

  /**
   * A sequence of step labels as one key ({@code +1,0,-1}), so whole labelings can be voted on and
   * compared.
   */
  public static String labelKey(List<Integer> labels) {
    StringBuilder b = new StringBuilder();
    for (int l : labels) {
      if (!b.isEmpty()) {
        b.append(',');
      }
      b.append(l > 0 ? "+1" : Integer.toString(l));
    }
    return b.toString();
  }
}
