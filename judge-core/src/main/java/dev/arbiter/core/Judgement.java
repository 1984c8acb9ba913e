package dev.arbiter.core;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one sample of a judge model said, once parsed: a score (pointwise), a preference (pairwise),
 * a ranking (listwise), per-criterion scores and the critique; or {@link #unscored} with the reason
 * it could not be parsed. An unscored judgement never votes and is never read as a default score.
 *
 * @param scored whether the sample could be parsed into a decision
 * @param reason why it could not (empty when scored)
 * @param score the overall score on the request's scale (pointwise)
 * @param preference the preference between the candidates as shown to the model (pairwise)
 * @param ranking candidate positions (0-based, as shown to the model), best first (listwise)
 * @param criteria per-criterion scores when the protocol asks for them
 * @param critique the judge's free-text reasoning
 * @param stepLabels one label per step, each -1, 0 or +1 (steps mode)
 */
public record Judgement(
    boolean scored,
    String reason,
    Optional<Double> score,
    Optional<Preference> preference,
    List<Integer> ranking,
    List<CriterionScore> criteria,
    String critique,
    List<Integer> stepLabels) {

  public Judgement {
    reason = reason == null ? "" : reason;
    score = score == null ? Optional.empty() : score;
    preference = preference == null ? Optional.empty() : preference;
    ranking = ranking == null ? List.of() : List.copyOf(ranking);
    criteria = criteria == null ? List.of() : List.copyOf(criteria);
    critique = critique == null ? "" : critique;
    stepLabels = stepLabels == null ? List.of() : List.copyOf(stepLabels);
    for (int l : stepLabels) {
      if (l < -1 || l > 1) {
        throw new IllegalArgumentException("a step label is -1, 0 or +1 but was " + l);
      }
    }
    if (!scored && reason.isBlank()) {
      throw new IllegalArgumentException("an unscored judgement needs a reason");
    }
  }

  /** A judgement without step labels (every mode but steps). */
  public Judgement(
      boolean scored,
      String reason,
      Optional<Double> score,
      Optional<Preference> preference,
      List<Integer> ranking,
      List<CriterionScore> criteria,
      String critique) {
    this(scored, reason, score, preference, ranking, criteria, critique, List.of());
  }

  /** A sample that could not be parsed, with the reason and whatever critique text there was. */
  public static Judgement unscored(String reason, String critique) {
    Objects.requireNonNull(reason, "reason");
    return new Judgement(
        false, reason, Optional.empty(), Optional.empty(), List.of(), List.of(), critique);
  }

  /** A pointwise score. */
  public static Judgement ofScore(double score, List<CriterionScore> criteria, String critique) {
    return new Judgement(
        true, "", Optional.of(score), Optional.empty(), List.of(), criteria, critique);
  }

  /** A pairwise preference. */
  public static Judgement ofPreference(
      Preference p, List<CriterionScore> criteria, String critique) {
    return new Judgement(true, "", Optional.empty(), Optional.of(p), List.of(), criteria, critique);
  }

  /** A listwise ranking, best first, as 0-based positions. */
  public static Judgement ofRanking(List<Integer> ranking, String critique) {
    return new Judgement(
        true, "", Optional.empty(), Optional.empty(), ranking, List.of(), critique);
  }

  /** Step labels (steps mode), one per step in order, each -1, 0 or +1. */
  public static Judgement ofStepLabels(List<Integer> labels, String critique) {
    if (labels.isEmpty()) {
      throw new IllegalArgumentException("a step judgement needs at least one label");
    }
    return new Judgement(
        true, "", Optional.empty(), Optional.empty(), List.of(), List.of(), critique, labels);
  }
}
