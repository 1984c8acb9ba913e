package dev.arbiter.core;

import dev.arbiter.core.guard.GuardFinding;
import dev.arbiter.core.verify.Evidence;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer to a {@link JudgeRequest}: the decision, how sure it is, why, and what it cost.
 *
 * <p>Build one with {@link #builder(String, Mode, Status)}; copy one with a field changed with
 * {@link #toBuilder()}. Every component not set is empty (or {@link Usage#ZERO}, {@link
 * Confidence#none(int) no confidence}), so adding a component touches only this file.
 *
 * @param requestId the request's id
 * @param mode how it was judged
 * @param status SCORED, UNSCORED (with reason) or ERROR (with reason)
 * @param reason why the verdict is unscored or an error; empty when scored
 * @param score pointwise: the aggregated score on the declared scale
 * @param normalizedScore pointwise: the score mapped to [0, 1]
 * @param preference pairwise: the pooled preference over both orders, relative to the request's
 *     candidates A (first) and B (second)
 * @param orders pairwise: each order's decision, mapped back to the request's candidates
 * @param positionConsistent pairwise: whether both orders agreed; empty when an order had no
 *     decision
 * @param ranking listwise: candidate ids, best first
 * @param candidateScores listwise or verifier-only: a score per candidate id, in request order
 * @param criterionScores per-criterion scores averaged over the scored samples
 * @param confidence the vote spread
 * @param critiques every sample's critique
 * @param samples every sample, raw and parsed, including unscored ones
 * @param evidence every verifier's evidence
 * @param provenance model, protocol, rubric and sampling behind the verdict
 * @param usage calls, tokens and cache hits
 * @param guard what the prompt guard found in the candidates (kind and span), whatever the judge's
 *     guard policy made of it; empty when nothing was found or the guard is off
 * @param composition for a panel or a cascade: each member judge's decision and, for a cascade, the
 *     stage that decided; empty for a single judge
 * @param steps steps mode: per-step labels, the first wrong step and step-aggregated rewards
 */
public record Verdict(
    String requestId,
    Mode mode,
    Status status,
    String reason,
    Optional<Double> score,
    Optional<Double> normalizedScore,
    Optional<Preference> preference,
    List<OrderDecision> orders,
    Optional<Boolean> positionConsistent,
    List<String> ranking,
    List<Double> candidateScores,
    List<CriterionScore> criterionScores,
    Confidence confidence,
    List<Critique> critiques,
    List<Sample> samples,
    List<Evidence> evidence,
    Provenance provenance,
    Usage usage,
    List<GuardFinding> guard,
    Optional<Composition> composition,
    Optional<StepVerdict> steps) {

  public Verdict {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(status, "status");
    reason = reason == null ? "" : reason;
    score = score == null ? Optional.empty() : score;
    normalizedScore = normalizedScore == null ? Optional.empty() : normalizedScore;
    preference = preference == null ? Optional.empty() : preference;
    orders = orders == null ? List.of() : List.copyOf(orders);
    positionConsistent = positionConsistent == null ? Optional.empty() : positionConsistent;
    ranking = ranking == null ? List.of() : List.copyOf(ranking);
    candidateScores = candidateScores == null ? List.of() : List.copyOf(candidateScores);
    criterionScores = criterionScores == null ? List.of() : List.copyOf(criterionScores);
    confidence = confidence == null ? Confidence.none(0) : confidence;
    critiques = critiques == null ? List.of() : List.copyOf(critiques);
    samples = samples == null ? List.of() : List.copyOf(samples);
    evidence = evidence == null ? List.of() : List.copyOf(evidence);
    usage = usage == null ? Usage.ZERO : usage;
    guard = guard == null ? List.of() : List.copyOf(guard);
    composition = composition == null ? Optional.empty() : composition;
    steps = steps == null ? Optional.empty() : steps;
  }

  /** A builder for a verdict of {@code requestId} judged in {@code mode}, with {@code status}. */
  public static Builder builder(String requestId, Mode mode, Status status) {
    return new Builder(requestId, mode, status);
  }

  /** A builder holding every component of this verdict, to build a copy with some changed. */
  public Builder toBuilder() {
    Builder b = new Builder(requestId, mode, status);
    b.reason = reason;
    b.score = score;
    b.normalizedScore = normalizedScore;
    b.preference = preference;
    b.orders = orders;
    b.positionConsistent = positionConsistent;
    b.ranking = ranking;
    b.candidateScores = candidateScores;
    b.criterionScores = criterionScores;
    b.confidence = confidence;
    b.critiques = critiques;
    b.samples = samples;
    b.evidence = evidence;
    b.provenance = provenance;
    b.usage = usage;
    b.guard = guard;
    b.composition = composition;
    b.steps = steps;
    return b;
  }

  /**
   * A verdict without a decision: no sample could be parsed, no verifier had evidence, or the judge
   * abstained. The reason says which; samples and evidence are kept.
   */
  public static Verdict unscored(
      String requestId,
      Mode mode,
      String reason,
      Confidence confidence,
      List<Critique> critiques,
      List<Sample> samples,
      List<Evidence> evidence,
      Provenance provenance,
      Usage usage) {
    return builder(requestId, mode, Status.UNSCORED)
        .reason(reason)
        .confidence(confidence)
        .critiques(critiques)
        .samples(samples)
        .evidence(evidence)
        .provenance(provenance)
        .usage(usage)
        .build();
  }

  /** A verdict for a judgement that failed; errors are never cached. */
  public static Verdict error(
      String requestId, Mode mode, String reason, Provenance provenance, Usage usage) {
    return builder(requestId, mode, Status.ERROR)
        .reason(reason)
        .provenance(provenance)
        .usage(usage)
        .build();
  }

  /**
   * Collects a verdict's components; each setter names the component it sets (see {@link Verdict}
   * for their meaning). Components never set are empty.
   */
  public static final class Builder {
    private String requestId;
    private Mode mode;
    private Status status;
    private String reason;
    private Optional<Double> score;
    private Optional<Double> normalizedScore;
    private Optional<Preference> preference;
    private List<OrderDecision> orders;
    private Optional<Boolean> positionConsistent;
    private List<String> ranking;
    private List<Double> candidateScores;
    private List<CriterionScore> criterionScores;
    private Confidence confidence;
    private List<Critique> critiques;
    private List<Sample> samples;
    private List<Evidence> evidence;
    private Provenance provenance;
    private Usage usage;
    private List<GuardFinding> guard;
    private Optional<Composition> composition;
    private Optional<StepVerdict> steps;

    private Builder(String requestId, Mode mode, Status status) {
      this.requestId = requestId;
      this.mode = mode;
      this.status = status;
    }

    public Builder requestId(String v) {
      requestId = v;
      return this;
    }

    public Builder mode(Mode v) {
      mode = v;
      return this;
    }

    public Builder status(Status v) {
      status = v;
      return this;
    }

    public Builder reason(String v) {
      reason = v;
      return this;
    }

    public Builder score(Optional<Double> v) {
      score = v;
      return this;
    }

    public Builder normalizedScore(Optional<Double> v) {
      normalizedScore = v;
      return this;
    }

    public Builder preference(Optional<Preference> v) {
      preference = v;
      return this;
    }

    public Builder orders(List<OrderDecision> v) {
      orders = v;
      return this;
    }

    public Builder positionConsistent(Optional<Boolean> v) {
      positionConsistent = v;
      return this;
    }

    public Builder ranking(List<String> v) {
      ranking = v;
      return this;
    }

    public Builder candidateScores(List<Double> v) {
      candidateScores = v;
      return this;
    }

    public Builder criterionScores(List<CriterionScore> v) {
      criterionScores = v;
      return this;
    }

    public Builder confidence(Confidence v) {
      confidence = v;
      return this;
    }

    public Builder critiques(List<Critique> v) {
      critiques = v;
      return this;
    }

    public Builder samples(List<Sample> v) {
      samples = v;
      return this;
    }

    public Builder evidence(List<Evidence> v) {
      evidence = v;
      return this;
    }

    public Builder provenance(Provenance v) {
      provenance = v;
      return this;
    }

    public Builder usage(Usage v) {
      usage = v;
      return this;
    }

    public Builder guard(List<GuardFinding> v) {
      guard = v;
      return this;
    }

    /** How a panel or cascade reached the verdict. */
    public Builder composition(Composition v) {
      composition = Optional.of(v);
      return this;
    }

    /** Steps mode's per-step labels and rewards. */
    public Builder steps(StepVerdict v) {
      steps = Optional.of(v);
      return this;
    }

    public Verdict build() {
      return new Verdict(
          requestId,
          mode,
          status,
          reason,
          score,
          normalizedScore,
          preference,
          orders,
          positionConsistent,
          ranking,
          candidateScores,
          criterionScores,
          confidence,
          critiques,
          samples,
          evidence,
          provenance,
          usage,
          guard,
          composition,
          steps);
    }
  }
}
