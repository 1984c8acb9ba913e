package dev.arbiter.core.reward;

import dev.arbiter.core.Candidate;
import dev.arbiter.core.Confidence;
import dev.arbiter.core.Critique;
import dev.arbiter.core.Judge;
import dev.arbiter.core.JudgeRequest;
import dev.arbiter.core.Mode;
import dev.arbiter.core.Preference;
import dev.arbiter.core.Provenance;
import dev.arbiter.core.Rubric;
import dev.arbiter.core.SamplingParams;
import dev.arbiter.core.Scale;
import dev.arbiter.core.Status;
import dev.arbiter.core.Usage;
import dev.arbiter.core.Verdict;
import dev.arbiter.core.guard.GuardFinding;
import dev.arbiter.core.guard.GuardPolicy;
import dev.arbiter.core.guard.PromptGuard;
import dev.arbiter.core.verify.Evidence;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/** The judge {@link RewardJudge.Builder} builds. */
final class RewardModelJudge implements Judge {
  /** A pairwise probability at least this far from 0.5 makes a strong preference (A>>B). */
  static final double STRONG = 0.75;

  /** Reward models compute on the CPU; a virtual thread per request keeps callers free. */
  private static final Executor EXECUTOR = Executors.newVirtualThreadPerTaskExecutor();

  private final RewardModel model;
  private final Scale scale;
  private final GuardPolicy guard;
  private final Judge verifiers;
  private final Provenance provenance;

  RewardModelJudge(RewardModel model, Scale scale, GuardPolicy guard, Judge verifiers) {
    this.model = model;
    this.scale = scale;
    this.guard = guard;
    this.verifiers = verifiers;
    this.provenance =
        new Provenance(
            model.id(),
            model.revision(),
            "reward-model",
            "1",
            Optional.empty(),
            SamplingParams.DEFAULT);
  }

  @Override
  public Provenance provenance() {
    return provenance;
  }

  @Override
  public CompletableFuture<Verdict> judgeAsync(JudgeRequest request) {
    if (verifiers == null) {
      List<GuardFinding> findings =
          guard == GuardPolicy.OFF ? List.of() : PromptGuard.scan(request.candidates());
      return score(request, List.of(), findings);
    }
    return verifiers
        .judgeAsync(request)
        .thenCompose(
            first -> {
              boolean abstained = guard == GuardPolicy.ABSTAIN && !first.guard().isEmpty();
              if (first.status() != Status.UNSCORED || abstained) {
                return CompletableFuture.completedFuture(first);
              }
              return score(request, first.evidence(), first.guard());
            });
  }

  private CompletableFuture<Verdict> score(
      JudgeRequest request, List<Evidence> evidence, List<GuardFinding> findings) {
    Provenance p = provenanceFor(request);
    if (guard == GuardPolicy.ABSTAIN && !findings.isEmpty()) {
      return CompletableFuture.completedFuture(
          Verdict.unscored(
                  request.id(),
                  request.mode(),
                  "abstained: the prompt guard flagged candidate(s) "
                      + findings.stream().map(GuardFinding::candidateId).distinct().toList(),
                  null,
                  null,
                  null,
                  evidence,
                  p,
                  Usage.ZERO)
              .withGuard(findings));
    }
    if (!request.images().isEmpty()) {
      return CompletableFuture.completedFuture(
          Verdict.error(
              request.id(),
              request.mode(),
              "not retriable: the request holds images and the reward model "
                  + model.id()
                  + " reads text only",
              p,
              Usage.ZERO));
    }
    return CompletableFuture.supplyAsync(() -> model.rewards(request), EXECUTOR)
        .handle(
            (rewards, e) -> {
              if (e != null) {
                Throwable t =
                    e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                String kind =
                    t instanceof dev.arbiter.core.ArbiterException ae
                        ? (ae.retriable() ? "retriable" : "not retriable")
                        : t.getClass().getSimpleName();
                return Verdict.error(
                    request.id(), request.mode(), kind + ": " + t.getMessage(), p, Usage.ZERO);
              }
              Set<String> flagged = new HashSet<>();
              if (guard == GuardPolicy.PENALIZE) {
                findings.forEach(f -> flagged.add(f.candidateId()));
              }
              return verdict(request, rewards, evidence, flagged, p).withGuard(findings);
            });
  }

  private Verdict verdict(
      JudgeRequest req,
      List<Double> rewards,
      List<Evidence> evidence,
      Set<String> flagged,
      Provenance p) {
    List<Candidate> cs = req.candidates();
    if (rewards.size() != cs.size()) {
      throw new IllegalStateException(
          "reward model " + model.id() + " gave " + rewards.size() + " rewards for " + cs.size());
    }
    List<Double> probs = rewards.stream().map(RewardModelJudge::sigmoid).toList();
    StringBuilder critique = new StringBuilder("reward model ").append(model.id()).append(":");
    for (int i = 0; i < cs.size(); i++) {
      critique
          .append(i == 0 ? " " : ", ")
          .append(cs.get(i).id())
          .append(String.format(Locale.ROOT, " reward %.4f", rewards.get(i)));
    }
    req.rubric()
        .ifPresent(
            r ->
                critique.append(
                    "; the rubric was not applied (a reward model scores the whole response)"));
    Optional<Double> score = Optional.empty();
    Optional<Double> normalized = Optional.empty();
    Optional<Preference> preference = Optional.empty();
    List<String> ranking = List.of();
    double agreement;
    String outcome;
    switch (req.mode()) {
      case POINTWISE -> {
        double n = flagged.isEmpty() ? probs.get(0) : 0.0;
        normalized = Optional.of(n);
        score = Optional.of(scale.denormalize(n));
        agreement = Math.max(n, 1 - n);
        outcome = formatScore(score.get());
      }
      case PAIRWISE -> {
        boolean a = flagged.contains(cs.get(0).id());
        boolean b = flagged.contains(cs.get(1).id());
        double pa = sigmoid(rewards.get(0) - rewards.get(1));
        if (a != b) {
          pa = a ? 0.0 : 1.0;
        }
        Preference pref = preference(pa);
        preference = Optional.of(pref);
        agreement = Math.max(pa, 1 - pa);
        outcome = pref.label();
        critique.append(String.format(Locale.ROOT, "; P(%s preferred) = %.4f", cs.get(0).id(), pa));
      }
      case LISTWISE -> {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < cs.size(); i++) {
          idx.add(i);
        }
        idx.sort(
            Comparator.<Integer, Boolean>comparing(i -> flagged.contains(cs.get(i).id()))
                .thenComparing(i -> -rewards.get(i))
                .thenComparingInt(i -> i));
        ranking = idx.stream().map(i -> cs.get(i).id()).toList();
        agreement = sigmoid(rewards.get(idx.get(0)) - rewards.get(idx.get(1)));
        outcome = ranking.get(0);
      }
      default -> throw new AssertionError(req.mode());
    }
    if (!flagged.isEmpty()) {
      critique
          .append("; the prompt guard's penalty decided for flagged candidate(s) ")
          .append(flagged);
    }
    Confidence confidence =
        new Confidence(Map.of(outcome, 1), agreement, 0.0, Optional.empty(), 1, 0);
    return new Verdict(
        req.id(),
        req.mode(),
        Status.SCORED,
        "",
        score,
        normalized,
        preference,
        List.of(),
        Optional.empty(),
        ranking,
        req.mode() == Mode.POINTWISE ? List.of() : probs,
        List.of(),
        confidence,
        List.of(new Critique(0, 0, critique.toString())),
        List.of(),
        evidence,
        p,
        Usage.ZERO);
  }

  /** The five-grade preference for the probability that A is preferred. */
  static Preference preference(double pa) {
    if (pa == 0.5) {
      return Preference.TIE;
    }
    int sign = pa > 0.5 ? 1 : -1;
    boolean strong = pa >= STRONG || pa <= 1 - STRONG;
    return Preference.ofSignedStrength(sign * (strong ? 2 : 1));
  }

  private Provenance provenanceFor(JudgeRequest r) {
    return new Provenance(
        provenance.model(),
        provenance.modelRevision(),
        provenance.protocolId(),
        provenance.protocolVersion(),
        r.rubric().map(Rubric::hash),
        provenance.sampling());
  }

  static double sigmoid(double z) {
    return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
  }

  private static String formatScore(double v) {
    return String.format(Locale.ROOT, "%.0f", v);
  }
}
