package dev.arbiter.core;

import dev.arbiter.core.cache.SampleCache;
import dev.arbiter.core.guard.GuardPolicy;
import dev.arbiter.core.model.JudgeModel;
import dev.arbiter.core.observe.JudgeListener;
import dev.arbiter.core.protocol.ParseMode;
import dev.arbiter.core.protocol.Protocol;
import dev.arbiter.core.verify.Verifier;
import dev.arbiter.core.verify.VerifierRunner;
import dev.arbiter.core.vote.AbstentionSignals;
import dev.arbiter.core.vote.Aggregator;
import dev.arbiter.core.vote.Aggregators;
import dev.arbiter.core.vote.StoppingRule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Judges requests: rubric, verifiers, k samples from the judge model, parsing, voting, verdict. A
 * judge is immutable and thread-safe; build one with {@link #builder()} and share it.
 *
 * {@snippet :
 * Judge judge = Judge.builder()
 *     .model(model)                    // a JudgeModel, e.g. VllmJudgeModel
 *     .protocol(protocol)              // e.g. Protocols.get("arena-hard")
 *     .sampling(SamplingParams.DEFAULT.withSamples(5).withTemperature(0.7))
 *     .build();
 * Verdict v = judge.judge(request);
 * }
 */
public interface Judge {

  /**
   * Judges one request. Never throws for model or parsing trouble: a failed call gives a verdict
   * with status ERROR, unparseable output gives UNSCORED; both carry the reason.
   */
  CompletableFuture<Verdict> judgeAsync(JudgeRequest request);

  /** Blocking form of {@link #judgeAsync}. */
  default Verdict judge(JudgeRequest request) {
    return judgeAsync(request).join();
  }

  /** The provenance this judge stamps on its verdicts (rubric hash aside). */
  Provenance provenance();

  static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link Judge}; validates eagerly and names the bad value. */
  final class Builder {
    JudgeModel model;
    Protocol protocol;
    SamplingParams sampling = SamplingParams.DEFAULT;
    Scale scale = Scale.ONE_TO_TEN;
    Aggregator aggregator = Aggregators.mean();
    SampleCache cache = SampleCache.none();
    StoppingRule stoppingRule = StoppingRule.never();
    final List<Verifier> verifiers = new ArrayList<>();
    Duration verifierTimeout = Duration.ofSeconds(30);
    boolean showEvidence = false;
    Fusion fusion = Fusion.CAP_ON_FAILED_CHECK;
    double abstainBelow = 0.0;
    AbstentionSignals.Signal abstainSignal = AbstentionSignals.Signal.AGREEMENT;
    StepSplit stepSplit = StepSplit.LINES;
    RubricScoring rubricScoring = RubricScoring.DEFAULT;
    RubricSource rubricSource = RubricSource.fromRequest();
    ParseMode parseMode = ParseMode.ROBUST;
    GuardPolicy guard = GuardPolicy.FLAG;
    final Map<String, Object> extraBody = new LinkedHashMap<>();
    final List<JudgeListener> listeners = new ArrayList<>();

    private Builder() {}

    /** The judge model; leave unset for a verifier-only judge. */
    public Builder model(JudgeModel model) {
      this.model = Objects.requireNonNull(model, "model");
      return this;
    }

    /** How prompts are written and answers read. Required with a model. */
    public Builder protocol(Protocol protocol) {
      this.protocol = Objects.requireNonNull(protocol, "protocol");
      return this;
    }

    public Builder sampling(SamplingParams sampling) {
      this.sampling = Objects.requireNonNull(sampling, "sampling");
      return this;
    }

    /** The pointwise scale (default 1–10). */
    public Builder scale(Scale scale) {
      this.scale = Objects.requireNonNull(scale, "scale");
      return this;
    }

    /** How samples vote (default: mean score, majority preference, Borda ranking). */
    public Builder aggregator(Aggregator aggregator) {
      this.aggregator = Objects.requireNonNull(aggregator, "aggregator");
      return this;
    }

    /** Where samples are looked up before the model is paid (default: no cache). */
    public Builder cache(SampleCache cache) {
      this.cache = Objects.requireNonNull(cache, "cache");
      return this;
    }

    /** Adaptive sampling: draw in rounds until the rule says more samples cannot matter. */
    public Builder stoppingRule(StoppingRule rule) {
      this.stoppingRule = Objects.requireNonNull(rule, "stoppingRule");
      return this;
    }

    /** Adds verifiers; each runs on every candidate it applies to. */
    public Builder verifiers(List<? extends Verifier> vs) {
      verifiers.addAll(vs);
      return this;
    }

    public Builder verifier(Verifier v) {
      verifiers.add(Objects.requireNonNull(v, "verifier"));
      return this;
    }

    /** The per-verifier time limit (default 30 s); a verifier over it yields ERROR evidence. */
    public Builder verifierTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw InvalidInputException.of("verifierTimeout", "must be > 0 but was " + timeout);
      }
      this.verifierTimeout = timeout;
      return this;
    }

    /** Whether verifier evidence is written into the judge's prompt (default false). */
    public Builder showEvidenceToModel(boolean show) {
      this.showEvidence = show;
      return this;
    }

    /** How verifier evidence is combined with the judge's score (see {@link Fusion}). */
    public Builder fusion(Fusion fusion) {
      this.fusion = Objects.requireNonNull(fusion, "fusion");
      return this;
    }

    /**
     * Abstain (status UNSCORED, reason "abstained") when the winning outcome's share of votes is
     * below this threshold; 0 (default) never abstains.
     */
    public Builder abstainBelow(double agreement) {
      if (agreement < 0 || agreement > 1) {
        throw InvalidInputException.of("abstainBelow", "must be in [0, 1] but was " + agreement);
      }
      this.abstainBelow = agreement;
      return this;
    }

    /**
     * The confidence signal {@link #abstainBelow} compares with (default {@code agreement}); see
     * {@link AbstentionSignals}. A pairwise verdict without both orders' decisions has no {@code
     * order} signal and abstains under it. {@code panel} is a panel's signal, not a judge's.
     */
    public Builder abstainSignal(AbstentionSignals.Signal signal) {
      if (signal == AbstentionSignals.Signal.PANEL) {
        throw InvalidInputException.of(
            "abstainSignal",
            "panel is the signal of a panel's verdict; a judge abstains on agreement, direction,"
                + " entropy, order or combined");
      }
      this.abstainSignal = java.util.Objects.requireNonNull(signal, "signal");
      return this;
    }

    /** How steps mode cuts a solution into steps (default: one step per line). */
    public Builder stepSplit(StepSplit split) {
      this.stepSplit = Objects.requireNonNull(split, "stepSplit");
      return this;
    }

    /**
     * How per-criterion scores make the pointwise score (default {@link RubricScoring#DEFAULT}).
     */
    public Builder rubricScoring(RubricScoring scoring) {
      this.rubricScoring = Objects.requireNonNull(scoring, "rubricScoring");
      return this;
    }

    /** Where rubrics come from (default: the request's own rubric, if any). */
    public Builder rubricSource(RubricSource source) {
      this.rubricSource = Objects.requireNonNull(source, "rubricSource");
      return this;
    }

    /**
     * How the protocol reads the judge's answers (default {@link ParseMode#ROBUST}: only the final
     * verdict counts; {@link ParseMode#EXACT} reads as the protocol's publisher does).
     */
    public Builder parseMode(ParseMode mode) {
      this.parseMode = Objects.requireNonNull(mode, "parseMode");
      return this;
    }

    /**
     * What a candidate the prompt guard flags costs (default {@link GuardPolicy#FLAG}: judged as
     * usual, findings listed in the verdict). The guard scans every candidate of every request
     * unless this is {@link GuardPolicy#OFF}.
     */
    public Builder guard(GuardPolicy policy) {
      this.guard = Objects.requireNonNull(policy, "guard");
      return this;
    }

    /** Backend-specific body fields sent with every call (vLLM: top_k, chat_template_kwargs). */
    public Builder extraBody(String key, Object value) {
      extraBody.put(key, value);
      return this;
    }

    /**
     * Adds a listener told of every request, sample, error and verdict (metrics, tracing). A
     * listener that throws never fails a judgement.
     */
    public Builder listener(JudgeListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    public Judge build() {
      if (model != null && protocol == null) {
        throw InvalidInputException.of(
            "protocol", "a judge with a model needs a protocol (e.g. Protocols.get(\"json\"))");
      }
      if (model == null && verifiers.isEmpty()) {
        throw InvalidInputException.of(
            "model", "a judge needs a model, or at least one verifier to judge without one");
      }
      return new DefaultJudge(this, new VerifierRunner(verifiers, verifierTimeout));
    }
  }

  /** Where a judge gets the rubric for a request. */
  @FunctionalInterface
  interface RubricSource {
    CompletableFuture<Optional<Rubric>> rubricFor(JudgeRequest request);

    /** The request's own rubric. */
    static RubricSource fromRequest() {
      return r -> CompletableFuture.completedFuture(r.rubric());
    }
  }
}
