package dev.arbiter.core;

import dev.arbiter.core.cache.CachedSample;
import dev.arbiter.core.guard.GuardFinding;
import dev.arbiter.core.guard.GuardPolicy;
import dev.arbiter.core.guard.PromptGuard;
import dev.arbiter.core.internal.Hashing;
import dev.arbiter.core.model.ChatRequest;
import dev.arbiter.core.model.JudgeModel;
import dev.arbiter.core.model.Reasoning;
import dev.arbiter.core.observe.JudgeListener;
import dev.arbiter.core.protocol.ParseMode;
import dev.arbiter.core.protocol.PromptContext;
import dev.arbiter.core.protocol.Protocol;
import dev.arbiter.core.verify.Evidence;
import dev.arbiter.core.verify.VerifierRunner;
import dev.arbiter.core.vote.Aggregator;
import dev.arbiter.core.vote.ReviewingAggregator;
import dev.arbiter.core.vote.StoppingRule;
import dev.arbiter.core.vote.VerdictDistributions;
import dev.arbiter.core.vote.Votes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/** The default pipeline: rubric → verifiers → samples → parse → vote → verdict. */
final class DefaultJudge implements Judge {

  /** The samples of one presentation order and what they cost. */
  /**
   * The samples of one presentation order, those that vote (all, unless a reviewing aggregator
   * selected some), and what they cost.
   */
  private record OrderRun(int order, List<Sample> samples, List<Sample> voters, Usage usage) {}

  private final JudgeModel model;
  private final Protocol protocol;
  private final SamplingParams sampling;
  private final Scale scale;
  private final Aggregator aggregator;
  private final StoppingRule stoppingRule;
  private final VerifierRunner verifiers;
  private final boolean showEvidence;
  private final Fusion fusion;
  private final double abstainBelow;
  private final RubricScoring rubricScoring;
  private final RubricSource rubricSource;
  private final ParseMode parseMode;
  private final GuardPolicy guard;
  private final Map<String, Object> extraBody;
  private final Sampler sampler;
  private final Sampler reviewSampler;
  private final Provenance provenance;
  private final JudgeListener listener;

  DefaultJudge(Judge.Builder b, VerifierRunner verifiers) {
    this.model = b.model;
    this.protocol = b.protocol;
    this.sampling = b.sampling;
    this.scale = b.scale;
    this.aggregator = b.aggregator;
    this.stoppingRule = b.stoppingRule;
    this.verifiers = verifiers;
    this.showEvidence = b.showEvidence;
    this.fusion = b.fusion;
    this.abstainBelow = b.abstainBelow;
    this.rubricScoring = b.rubricScoring;
    this.rubricSource = b.rubricSource;
    this.parseMode = b.parseMode;
    this.guard = b.guard;
    this.extraBody = Map.copyOf(new LinkedHashMap<>(b.extraBody));
    this.listener = JudgeListener.of(b.listeners);
    this.sampler =
        model == null
            ? null
            : new Sampler(model, b.cache, protocol.id() + "@" + protocol.version());
    this.reviewSampler =
        aggregator instanceof ReviewingAggregator r
            ? new Sampler(r.reviewer(), b.cache, r.reviewKey())
            : null;
    this.provenance =
        new Provenance(
            model == null ? "" : model.id(),
            model == null ? Optional.empty() : model.revision(),
            protocol == null ? "verifiers" : protocol.id(),
            protocol == null ? "1" : protocol.version(),
            Optional.empty(),
            sampling);
  }

  @Override
  public Provenance provenance() {
    return provenance;
  }

  @Override
  public CompletableFuture<Verdict> judgeAsync(JudgeRequest request) {
    long started = System.nanoTime();
    listener.onRequest(request);
    CompletableFuture<Verdict> out;
    try {
      out = guarded(request);
    } catch (RuntimeException e) {
      out = CompletableFuture.failedFuture(e);
    }
    return out.exceptionally(
            e -> {
              listener.onError(request, unwrap(e));
              return Verdict.error(
                  request.id(), request.mode(), describe(e), provenanceFor(request), Usage.ZERO);
            })
        .thenApply(
            v -> {
              listener.onVerdict(
                  request, v, java.time.Duration.ofNanos(System.nanoTime() - started));
              return v;
            });
  }

  /** The guard first: candidate text is untrusted, and looked at before anything is paid for. */
  private CompletableFuture<Verdict> guarded(JudgeRequest request) {
    List<GuardFinding> findings =
        guard == GuardPolicy.OFF ? List.of() : PromptGuard.scan(request.candidates());
    if (findings.isEmpty()) {
      return judgeUnguarded(request);
    }
    Set<String> flagged = new java.util.LinkedHashSet<>();
    findings.forEach(f -> flagged.add(f.candidateId()));
    if (guard == GuardPolicy.ABSTAIN) {
      return CompletableFuture.completedFuture(
          Verdict.unscored(
                  request.id(),
                  request.mode(),
                  "abstained: the prompt guard flagged " + summary(findings),
                  null,
                  null,
                  null,
                  null,
                  provenanceFor(request),
                  Usage.ZERO)
              .withGuard(findings));
    }
    if (guard == GuardPolicy.PENALIZE) {
      Optional<Verdict> decided = penalized(request, flagged);
      if (decided.isPresent()) {
        return CompletableFuture.completedFuture(decided.get().withGuard(findings));
      }
      return judgeUnguarded(request).thenApply(v -> sinkFlagged(v, flagged).withGuard(findings));
    }
    return judgeUnguarded(request).thenApply(v -> v.withGuard(findings));
  }

  /** "candidate A: MASTER_KEY at 0..9 ("Solution:"); ..." */
  private static String summary(List<GuardFinding> findings) {
    StringBuilder sb = new StringBuilder();
    for (GuardFinding f : findings) {
      if (sb.length() > 0) {
        sb.append("; ");
      }
      sb.append("candidate ")
          .append(f.candidateId())
          .append(": ")
          .append(f.kind())
          .append(" at ")
          .append(f.start())
          .append("..")
          .append(f.end())
          .append(" (\"")
          .append(f.excerpt())
          .append("\")");
    }
    return sb.toString();
  }

  /**
   * The verdict {@link GuardPolicy#PENALIZE} fixes without the model: a flagged pointwise candidate
   * gets the scale's minimum; in a pair the flagged side loses (a tie when both are); a listwise
   * request is decided only when every candidate is flagged (then all tie, in request order).
   */
  private Optional<Verdict> penalized(JudgeRequest req, Set<String> flagged) {
    List<Candidate> cs = req.candidates();
    Optional<Double> score = Optional.empty();
    Optional<Double> normalized = Optional.empty();
    Optional<Preference> preference = Optional.empty();
    List<String> ranking = List.of();
    switch (req.mode()) {
      case POINTWISE -> {
        score = Optional.of(scale.min());
        normalized = Optional.of(0.0);
      }
      case PAIRWISE -> {
        boolean a = flagged.contains(cs.get(0).id());
        boolean b = flagged.contains(cs.get(1).id());
        preference =
            Optional.of(
                a && b ? Preference.TIE : a ? Preference.B_MUCH_BETTER : Preference.A_MUCH_BETTER);
      }
      case LISTWISE -> {
        if (!cs.stream().allMatch(c -> flagged.contains(c.id()))) {
          return Optional.empty();
        }
        ranking = cs.stream().map(Candidate::id).toList();
      }
    }
    return Optional.of(
        new Verdict(
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
            List.of(),
            List.of(),
            Confidence.none(0),
            List.of(),
            List.of(),
            List.of(),
            provenanceFor(req),
            Usage.ZERO));
  }

  /** Listwise under PENALIZE: flagged candidates sink below the rest, the model's order kept. */
  private static Verdict sinkFlagged(Verdict v, Set<String> flagged) {
    if (v.ranking().isEmpty()) {
      return v;
    }
    List<String> ranking = new ArrayList<>(v.ranking());
    ranking.sort(Comparator.comparing(flagged::contains));
    return new Verdict(
        v.requestId(),
        v.mode(),
        v.status(),
        v.reason(),
        v.score(),
        v.normalizedScore(),
        v.preference(),
        v.orders(),
        v.positionConsistent(),
        ranking,
        v.candidateScores(),
        v.criterionScores(),
        v.confidence(),
        v.critiques(),
        v.samples(),
        v.evidence(),
        v.provenance(),
        v.usage(),
        v.guard());
  }

  /** Verifiers and model: the pipeline the guard's policy lets through. */
  private CompletableFuture<Verdict> judgeUnguarded(JudgeRequest request) {
    CompletableFuture<Verdict> out;
    try {
      if (model == null) {
        ImageChecks.requireNone(request);
      }
      out =
          rubricSource
              .rubricFor(request)
              .thenCompose(
                  rubric -> {
                    JudgeRequest req = rubric.map(request::withRubric).orElse(request);
                    CompletableFuture<List<Evidence>> evidence =
                        verifiers.isEmpty()
                            ? CompletableFuture.completedFuture(List.of())
                            : verifiers.run(req);
                    return evidence.thenCompose(
                        ev ->
                            model == null
                                ? CompletableFuture.completedFuture(verifierOnly(req, ev))
                                : withModel(req, ev));
                  });
    } catch (RuntimeException e) {
      out = CompletableFuture.failedFuture(e);
    }
    return out;
  }

  private static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while ((t instanceof CompletionException
            || t instanceof java.util.concurrent.ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static String describe(Throwable e) {
    Throwable t = unwrap(e);
    String kind =
        t instanceof ArbiterException ae
            ? (ae.retriable() ? "retriable" : "not retriable")
            : t.getClass().getSimpleName();
    return kind + ": " + t.getMessage();
  }

  private Provenance provenanceFor(JudgeRequest r) {
    return new Provenance(
        provenance.model(),
        provenance.modelRevision(),
        provenance.protocolId(),
        provenance.protocolVersion(),
        r.rubric().map(Rubric::hash),
        sampling);
  }

  // ---- the model path ----

  private CompletableFuture<Verdict> withModel(JudgeRequest req, List<Evidence> evidence) {
    ImageChecks.requireModelTakes(req, model);
    List<Candidate> cs = req.candidates();
    return switch (req.mode()) {
      case POINTWISE ->
          runOrder(req, cs, 0, evidence).thenApply(run -> pointwise(req, run, evidence));
      case PAIRWISE -> {
        // Judged in both orders: LLM judges favour one position (Zheng et al. 2023, MT-Bench;
        // Arena-Hard and JudgeBench swap too), and a disagreement must be reported, not hidden.
        var first = runOrder(req, cs, 0, evidence);
        var second = runOrder(req, List.of(cs.get(1), cs.get(0)), 1, evidence);
        yield first.thenCombine(second, (a, b) -> pairwise(req, a, b, evidence));
      }
      case LISTWISE ->
          runOrder(req, cs, 0, evidence).thenApply(run -> listwise(req, run, evidence));
    };
  }

  private CompletableFuture<OrderRun> runOrder(
      JudgeRequest req, List<Candidate> shown, int order, List<Evidence> evidence) {
    PromptContext ctx =
        new PromptContext(
            req.mode(),
            req.conversation(),
            shown,
            req.reference(),
            req.rubric(),
            scale,
            showEvidence ? evidence : List.of(),
            parseMode);
    List<Message> prompt = protocol.render(ctx);
    ImageChecks.requireAllShown(ctx, prompt, protocol);
    ChatRequest.Builder cb =
        ChatRequest.builder()
            .messages(prompt)
            .temperature(sampling.temperature())
            .topP(sampling.topP())
            .maxTokens(sampling.maxTokens())
            .seed(sampling.seed().orElse(null))
            .topLogprobs(sampling.topLogprobs())
            .affinityKey(affinityKey(req));
    protocol.responseSchema(ctx).ifPresent(cb::responseSchema);
    extraBody.forEach(cb::extra);
    ChatRequest base = cb.build();
    return drawRounds(req, base, ctx, order, evidence, new ArrayList<>(), Usage.ZERO)
        .thenCompose(run -> review(run, ctx));
  }

  /**
   * Has a reviewing aggregator (the meta judge) review the order's scored samples with the case in
   * view, drawing each review like a sample (cache, single flight, usage), and keeps its selection.
   */
  private CompletableFuture<OrderRun> review(OrderRun run, PromptContext ctx) {
    if (!(aggregator instanceof ReviewingAggregator reviewing)) {
      return CompletableFuture.completedFuture(run);
    }
    List<Sample> scored = run.samples().stream().filter(s -> s.judgement().scored()).toList();
    if (!reviewing.needsReview(scored)) {
      return CompletableFuture.completedFuture(run);
    }
    List<CompletableFuture<Sampler.Round>> rounds = new ArrayList<>(scored.size());
    for (Sample s : scored) {
      rounds.add(reviewSampler.draw(reviewing.reviewRequest(s, ctx), 0, 1));
    }
    return CompletableFuture.allOf(rounds.toArray(CompletableFuture[]::new))
        .thenApply(
            v -> {
              Usage u = run.usage();
              List<String> reviews = new ArrayList<>(scored.size());
              for (CompletableFuture<Sampler.Round> r : rounds) {
                Sampler.Round round = r.join();
                u = u.plus(round.usage());
                CachedSample review = round.samples().get(0).sample();
                reviews.add(Reasoning.split(review.text(), review.reasoning()).answer());
              }
              return new OrderRun(run.order(), run.samples(), reviewing.select(scored, reviews), u);
            });
  }

  /**
   * What every prompt of this request shares before its candidates (protocols render shared text
   * first): both orders of a pair, all k samples and every response judged against one query under
   * one rubric get the same key, so a replicated model keeps them on one replica's prefix cache.
   */
  private String affinityKey(JudgeRequest req) {
    Map<String, Object> k = new LinkedHashMap<>();
    k.put("protocol", protocol.id() + "@" + protocol.version());
    k.put("mode", req.mode());
    k.put("rubric", req.rubric().map(Rubric::hash).orElse(""));
    k.put("conversation", req.conversation());
    k.put("reference", req.reference().orElse(null));
    return Hashing.sha256Json(k);
  }

  private CompletableFuture<OrderRun> drawRounds(
      JudgeRequest req,
      ChatRequest base,
      PromptContext ctx,
      int order,
      List<Evidence> evidence,
      List<Sample> soFar,
      Usage usage) {
    int k = sampling.samples();
    int size = Math.max(1, Math.min(k - soFar.size(), stoppingRule.nextRound(soFar, k)));
    return sampler
        .draw(base, soFar.size(), size)
        .thenCompose(
            round -> {
              List<Sample> all = new ArrayList<>(soFar);
              for (Sampler.Drawn d : round.samples()) {
                Sample sample = toSample(d, order, ctx, evidence);
                listener.onSample(req, sample);
                all.add(sample);
              }
              Usage u = usage.plus(round.usage());
              if (all.size() >= k || stoppingRule.canStop(ctx.mode(), all, k)) {
                return CompletableFuture.completedFuture(new OrderRun(order, all, all, u));
              }
              return drawRounds(req, base, ctx, order, evidence, all, u);
            });
  }

  private Sample toSample(Sampler.Drawn d, int order, PromptContext ctx, List<Evidence> evidence) {
    CachedSample s = d.sample();
    // Thinking is kept for audit but never parsed: a label the judge (or a candidate it quotes)
    // writes while reasoning must not decide, nor veto, the verdict in the final answer.
    Reasoning.Parts parts = Reasoning.split(s.text(), s.reasoning());
    Judgement j;
    if (parts.unfinished() || (parts.answer().isBlank() && !parts.thinking().isEmpty())) {
      j =
          Judgement.unscored(
              "no final answer after the judge's thinking"
                  + ("length".equals(s.finishReason())
                      ? " (output cut short, finish_reason=length; raise the completion budget)"
                      : ""),
              "");
    } else {
      try {
        j = protocol.parse(parts.answer(), s.finishReason(), ctx);
      } catch (RuntimeException e) {
        // A parser bug must not lose the verdict; the sample is kept and reported unscored.
        j = Judgement.unscored("parser failed: " + e, parts.answer());
      }
    }
    Optional<VerdictDistribution> atVerdict = verdictDistribution(s, parts, j, ctx);
    if (j.scored() && ctx.mode() == Mode.POINTWISE && ctx.rubric().isPresent()) {
      List<CriterionScore> criteria =
          verifierCriteria(
              ctx.rubric().get(), j.criteria(), evidence, ctx.candidates().get(0).id());
      j = new Judgement(true, "", j.score(), j.preference(), j.ranking(), criteria, j.critique());
      Optional<Double> fromCriteria =
          rubricScoring.normalizedScore(ctx.rubric().get(), j.criteria());
      if (fromCriteria.isPresent()) {
        j =
            Judgement.ofScore(
                ctx.scale().denormalize(fromCriteria.get()), j.criteria(), j.critique());
        // The score now comes from the criteria, not from one token.
        atVerdict = Optional.empty();
      }
    }
    return new Sample(
        d.index(),
        order,
        parts.answer(),
        s.finishReason(),
        s.logprobs(),
        j,
        d.cached(),
        s.transcript(),
        parts.thinking(),
        atVerdict);
  }

  /**
   * The judge's probabilities at its verdict token, when the protocol points to that token in the
   * final answer and the server returned top logprobs. A protocol that fails here costs the
   * distribution, never the sample.
   */
  private Optional<VerdictDistribution> verdictDistribution(
      CachedSample s, Reasoning.Parts parts, Judgement j, PromptContext ctx) {
    if (!j.scored() || s.logprobs().isEmpty() || ctx.mode() == Mode.LISTWISE) {
      return Optional.empty();
    }
    try {
      return protocol
          .verdictSlot(parts.answer(), s.finishReason(), j, ctx)
          .flatMap(
              slot -> VerdictDistributions.of(s.logprobs(), parts.answer(), slot, j, ctx.scale()));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * A verifier acting as a criterion: for each criterion tagged {@code verifier:ID}, the score is
   * that verifier's evidence score for the candidate (mapped to the criterion's scale) instead of
   * the model's. Without informative evidence the model's score, if any, stands.
   */
  static List<CriterionScore> verifierCriteria(
      Rubric rubric, List<CriterionScore> fromModel, List<Evidence> evidence, String candidateId) {
    List<CriterionScore> out = new ArrayList<>(fromModel);
    for (Criterion c : rubric.criteria()) {
      Optional<String> vid = c.verifierId();
      if (vid.isEmpty()) {
        continue;
      }
      Optional<Evidence> e =
          evidence.stream()
              .filter(x -> x.candidateId().equals(candidateId) && x.verifierId().equals(vid.get()))
              .filter(x -> x.informative() && x.score().isPresent())
              .findFirst();
      if (e.isEmpty()) {
        continue;
      }
      out.removeIf(cs -> cs.criterion().equals(c.name()));
      double v = c.scale().denormalize(Math.max(0, Math.min(1, e.get().score().get())));
      out.add(
          new CriterionScore(
              c.name(),
              v,
              "verifier " + vid.get() + ": " + e.get().outcome() + " " + e.get().detail()));
    }
    return out;
  }

  private Verdict pointwise(JudgeRequest req, OrderRun run, List<Evidence> evidence) {
    Candidate c = req.candidates().get(0);
    Optional<Double> agg = aggregator.score(run.voters(), scale);
    Confidence conf =
        Votes.confidence(run.samples(), s -> formatScore(s.judgement().score().orElse(Double.NaN)));
    if (agg.isEmpty()) {
      return unscored(req, run.samples(), conf, evidence, run.usage());
    }
    double normalized = fusion.fuse(scale.normalize(agg.get()), evidence, c.id());
    double score = scale.denormalize(normalized);
    return finish(
        req,
        Optional.of(score),
        Optional.of(normalized),
        Optional.empty(),
        List.of(),
        Optional.empty(),
        List.of(),
        List.of(),
        conf,
        run.samples(),
        evidence,
        run.usage());
  }

  private Verdict pairwise(
      JudgeRequest req, OrderRun first, OrderRun second, List<Evidence> evidence) {
    Optional<Preference> p0 = aggregator.preference(first.voters());
    Optional<Preference> p1 = aggregator.preference(second.voters()).map(Preference::flip);
    List<Sample> all = new ArrayList<>(first.samples());
    all.addAll(second.samples());
    Function<Sample, String> mapped =
        s ->
            s.judgement()
                .preference()
                .map(p -> s.order() == 1 ? p.flip() : p)
                .map(Preference::label)
                .orElse("?");
    OrderDecision d0 =
        new OrderDecision(
            0, p0, p0.map(Preference::vote).orElse(0), Votes.confidence(first.samples(), mapped));
    OrderDecision d1 =
        new OrderDecision(
            1, p1, p1.map(Preference::vote).orElse(0), Votes.confidence(second.samples(), mapped));
    Usage usage = first.usage().plus(second.usage());
    Confidence conf = Votes.confidence(all, mapped);
    if (p0.isEmpty() && p1.isEmpty()) {
      return unscored(req, all, conf, evidence, usage).withOrders(List.of(d0, d1));
    }
    int sum = d0.vote() + d1.vote();
    Preference pooled;
    if (sum == 0) {
      pooled = Preference.TIE;
    } else {
      // Strong only when every order that decided said so strongly in the winning direction.
      boolean strong =
          java.util.stream.Stream.of(p0, p1)
              .flatMap(Optional::stream)
              .filter(p -> p.vote() == Integer.signum(sum))
              .allMatch(p -> Math.abs(p.signedStrength()) == 2);
      pooled = Preference.ofSignedStrength(Integer.signum(sum) * (strong ? 2 : 1));
    }
    pooled = capPairwise(req, pooled, evidence);
    Optional<Boolean> consistent =
        p0.isPresent() && p1.isPresent() ? Optional.of(d0.vote() == d1.vote()) : Optional.empty();
    return finish(
        req,
        Optional.empty(),
        Optional.empty(),
        Optional.of(pooled),
        List.of(d0, d1),
        consistent,
        List.of(),
        List.of(),
        conf,
        all,
        evidence,
        usage);
  }

  private Preference capPairwise(JudgeRequest req, Preference p, List<Evidence> evidence) {
    if (fusion == Fusion.NONE) {
      return p;
    }
    boolean aFailed = Fusion.failed(evidence, req.candidates().get(0).id());
    boolean bFailed = Fusion.failed(evidence, req.candidates().get(1).id());
    if (aFailed && !bFailed) {
      return Preference.B_MUCH_BETTER;
    }
    if (bFailed && !aFailed) {
      return Preference.A_MUCH_BETTER;
    }
    return p;
  }

  private Verdict listwise(JudgeRequest req, OrderRun run, List<Evidence> evidence) {
    int n = req.candidates().size();
    List<Integer> positions = aggregator.ranking(run.voters(), n);
    Confidence conf =
        Votes.confidence(
            run.samples(),
            s ->
                s.judgement().ranking().isEmpty()
                    ? "?"
                    : req.candidates().get(s.judgement().ranking().get(0)).id());
    if (positions.isEmpty()) {
      return unscored(req, run.samples(), conf, evidence, run.usage());
    }
    List<String> ranking =
        new ArrayList<>(positions.stream().map(i -> req.candidates().get(i).id()).toList());
    if (fusion != Fusion.NONE) {
      // Stable: candidates that failed a check sink below all that did not, in model order.
      ranking.sort(Comparator.comparing(id -> Fusion.failed(evidence, id)));
    }
    return finish(
        req,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        List.of(),
        Optional.empty(),
        ranking,
        List.of(),
        conf,
        run.samples(),
        evidence,
        run.usage());
  }

  // ---- verifiers alone ----

  private Verdict verifierOnly(JudgeRequest req, List<Evidence> evidence) {
    List<Double> scores = new ArrayList<>();
    boolean any = false;
    for (Candidate c : req.candidates()) {
      Optional<Double> s = Fusion.evidenceScore(evidence, c.id());
      double v = s.orElse(Double.NaN);
      if (s.isPresent() && fusion != Fusion.NONE && Fusion.failed(evidence, c.id())) {
        v = 0.0;
      }
      any |= s.isPresent();
      scores.add(v);
    }
    if (!any) {
      String why =
          evidence.isEmpty()
              ? "no verifier applies to this request (and no judge model is configured)"
              : "no verifier produced usable evidence: "
                  + evidence.stream()
                      .map(e -> e.verifierId() + " " + e.outcome() + " " + e.detail())
                      .toList();
      return Verdict.unscored(
          req.id(), req.mode(), why, null, null, null, evidence, provenanceFor(req), Usage.ZERO);
    }
    List<Double> finite = scores.stream().map(d -> d.isNaN() ? null : d).toList();
    Confidence conf = new Confidence(Map.of(), 1.0, 0.0, Optional.empty(), 0, 0);
    return switch (req.mode()) {
      case POINTWISE -> {
        double n = scores.get(0);
        yield finish(
            req,
            Optional.of(scale.denormalize(n)),
            Optional.of(n),
            Optional.empty(),
            List.of(),
            Optional.empty(),
            List.of(),
            finite,
            conf,
            List.of(),
            evidence,
            Usage.ZERO);
      }
      case PAIRWISE -> {
        double a = scores.get(0).isNaN() ? 0 : scores.get(0);
        double b = scores.get(1).isNaN() ? 0 : scores.get(1);
        double diff = a - b;
        // A difference of half the range or more (e.g. pass vs fail) is a strong preference.
        Preference p =
            diff == 0
                ? Preference.TIE
                : Preference.ofSignedStrength(
                    (int) Math.signum(diff) * (Math.abs(diff) >= 0.5 ? 2 : 1));
        yield finish(
            req,
            Optional.empty(),
            Optional.empty(),
            Optional.of(p),
            List.of(),
            Optional.empty(),
            List.of(),
            finite,
            conf,
            List.of(),
            evidence,
            Usage.ZERO);
      }
      case LISTWISE -> {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < scores.size(); i++) {
          idx.add(i);
        }
        idx.sort(
            Comparator.<Integer>comparingDouble(i -> scores.get(i).isNaN() ? -1 : -scores.get(i))
                .thenComparingInt(i -> i));
        List<String> ranking = idx.stream().map(i -> req.candidates().get(i).id()).toList();
        yield finish(
            req,
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            List.of(),
            Optional.empty(),
            ranking,
            finite,
            conf,
            List.of(),
            evidence,
            Usage.ZERO);
      }
    };
  }

  // ---- assembling verdicts ----

  private Verdict unscored(
      JudgeRequest req,
      List<Sample> samples,
      Confidence conf,
      List<Evidence> evidence,
      Usage usage) {
    Map<String, Integer> reasons = new LinkedHashMap<>();
    for (Sample s : samples) {
      if (!s.judgement().scored()) {
        reasons.merge(s.judgement().reason(), 1, Integer::sum);
      }
    }
    String why = "no sample could be parsed (" + samples.size() + " unscored): " + reasons;
    return Verdict.unscored(
        req.id(),
        req.mode(),
        why,
        conf,
        critiques(samples),
        samples,
        evidence,
        provenanceFor(req),
        usage);
  }

  private Verdict finish(
      JudgeRequest req,
      Optional<Double> score,
      Optional<Double> normalized,
      Optional<Preference> preference,
      List<OrderDecision> orders,
      Optional<Boolean> consistent,
      List<String> ranking,
      List<Double> candidateScores,
      Confidence conf,
      List<Sample> samples,
      List<Evidence> evidence,
      Usage usage) {
    Status status = Status.SCORED;
    String reason = "";
    if (abstainBelow > 0 && conf.scoredSamples() > 0 && conf.agreement() < abstainBelow) {
      status = Status.UNSCORED;
      reason =
          String.format(
              java.util.Locale.ROOT,
              "abstained: agreement %.3f is below %.3f",
              conf.agreement(),
              abstainBelow);
    }
    return new Verdict(
        req.id(),
        req.mode(),
        status,
        reason,
        score,
        normalized,
        preference,
        orders,
        consistent,
        ranking,
        candidateScores,
        criterionMeans(samples),
        conf,
        critiques(samples),
        samples,
        evidence,
        provenanceFor(req),
        usage);
  }

  private static List<Critique> critiques(List<Sample> samples) {
    return samples.stream()
        .filter(s -> !s.judgement().critique().isBlank())
        .map(s -> new Critique(s.index(), s.order(), s.judgement().critique()))
        .toList();
  }

  /** Per-criterion mean over scored samples; critiques joined from each sample that gave one. */
  private static List<CriterionScore> criterionMeans(List<Sample> samples) {
    Map<String, double[]> acc = new LinkedHashMap<>();
    Map<String, StringBuilder> notes = new LinkedHashMap<>();
    for (Sample s : samples) {
      if (!s.judgement().scored()) {
        continue;
      }
      // Pairwise criterion scores are signed from the shown A's side: the swapped order's flip.
      double sign = s.order() == 1 ? -1 : 1;
      for (CriterionScore c : s.judgement().criteria()) {
        acc.computeIfAbsent(c.criterion(), k -> new double[2]);
        acc.get(c.criterion())[0] += sign * c.score();
        acc.get(c.criterion())[1] += 1;
        if (!c.critique().isBlank()) {
          StringBuilder sb = notes.computeIfAbsent(c.criterion(), k -> new StringBuilder());
          if (sb.length() > 0) {
            sb.append("\n");
          }
          sb.append(c.critique());
        }
      }
    }
    List<CriterionScore> out = new ArrayList<>();
    acc.forEach(
        (k, v) ->
            out.add(
                new CriterionScore(
                    k, v[0] / v[1], notes.getOrDefault(k, new StringBuilder()).toString())));
    return out;
  }

  private static String formatScore(double v) {
    if (Double.isNaN(v)) {
      return "?";
    }
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
