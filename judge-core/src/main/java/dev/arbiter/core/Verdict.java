package dev.arbiter.core;

import dev.arbiter.core.guard.GuardFinding;
import dev.arbiter.core.verify.Evidence;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer to a {@link JudgeRequest}: the decision, how sure it is, why, and what it cost.
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
    List<GuardFinding> guard) {

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
  }

  /** A verdict without guard findings. */
  public Verdict(
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
      Usage usage) {
    this(
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
        List.of());
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
    return new Verdict(
        requestId,
        mode,
        Status.UNSCORED,
        reason,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        confidence,
        critiques,
        samples,
        evidence,
        provenance,
        usage);
  }

  /** A verdict for a judgement that failed; errors are never cached. */
  public static Verdict error(
      String requestId, Mode mode, String reason, Provenance provenance, Usage usage) {
    return new Verdict(
        requestId,
        mode,
        Status.ERROR,
        reason,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        provenance,
        usage);
  }

  /** A copy with different per-order decisions. */
  public Verdict withOrders(List<OrderDecision> newOrders) {
    return new Verdict(
        requestId,
        mode,
        status,
        reason,
        score,
        normalizedScore,
        preference,
        newOrders,
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
        guard);
  }

  /** A copy with the prompt guard's findings. */
  public Verdict withGuard(List<GuardFinding> findings) {
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
        findings);
  }
}
