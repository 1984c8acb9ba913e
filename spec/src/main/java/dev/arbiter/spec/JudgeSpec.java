package dev.arbiter.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.arbiter.core.Fusion;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.Scale;
import dev.arbiter.core.internal.Redaction;
import dev.arbiter.core.protocol.ParseMode;
import dev.arbiter.core.protocol.ProtocolDefaults;
import dev.arbiter.core.vote.Aggregators;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * One declarative description of a judge: which model endpoints it calls, how it prompts and
 * parses, which rubric it applies, how it samples and votes, what it caches, which verifiers run,
 * how evidence fuses with the model's score, and how much runs at once. Read one from YAML or JSON
 * with {@link JudgeSpecs#load}; build the judge with {@link Judges#fromSpec}. The CLI, the server
 * and the Spark job all describe their judge with this one record.
 *
 * <p>Every part has a default, so an empty document is a valid spec (a verifier-only judge). Values
 * are checked when the record is made; a bad one throws {@link InvalidInputException} naming the
 * field (and, when read from a file, the file and line).
 *
 * @param models the judge model endpoints (empty: verifiers alone judge). Several endpoints are
 *     replicas of one model.
 * @param protocol how prompts are written and answers read
 * @param scale the pointwise score scale, {@code MIN-MAX}
 * @param rubric the rubric applied to requests that bring none
 * @param sampling how many samples, at which temperature and budget
 * @param vote how samples vote
 * @param cache where samples are cached
 * @param verifiers which built-in verifiers run
 * @param fusion how verifier evidence meets the model's score: none, cap, weighted
 * @param guard what a candidate the prompt guard flags costs: {@code flag} (default), {@code
 *     penalize}, {@code abstain} or {@code off} (see {@link dev.arbiter.core.guard.GuardPolicy})
 * @param tools the tools the judge model may call
 * @param concurrency how much runs at once
 * @param panel judges that each judge every request, their votes pooled (empty: one judge, the one
 *     this spec describes); see docs/panels.md
 * @param profiles a directory of learned per-user profiles ({@code arbiter profile fit} writes it):
 *     a request record's {@code user} picks {@code <user>.yaml}, an unknown user gets {@code
 *     _population.yaml} and is flagged (absent: records' users are ignored). Relative paths in a
 *     spec file are resolved against the file's folder ({@link JudgeSpecs#load}); see
 *     docs/personalisation.md
 */
@JsonPropertyOrder({
  "models",
  "protocol",
  "scale",
  "rubric",
  "sampling",
  "vote",
  "cache",
  "verifiers",
  "fusion",
  "guard",
  "tools",
  "concurrency",
  "panel",
  "profiles"
})
public record JudgeSpec(
    List<ModelEndpoint> models,
    ProtocolSpec protocol,
    String scale,
    RubricSpec rubric,
    SamplingSpec sampling,
    VoteSpec vote,
    CacheSpec cache,
    VerifierSpec verifiers,
    String fusion,
    String guard,
    ToolSpec tools,
    ConcurrencySpec concurrency,
    List<PanelMember> panel,
    @JsonInclude(JsonInclude.Include.NON_NULL) String profiles) {

  /** The guard policies, by {@link dev.arbiter.core.guard.GuardPolicy} name. */
  static final List<String> GUARDS = List.of("flag", "penalize", "abstain", "off");

  public JudgeSpec {
    models = models == null ? List.of() : List.copyOf(models);
    protocol = protocol == null ? new ProtocolSpec(null, null, null) : protocol;
    scale = scale == null ? "1-10" : scale;
    parseScale(scale);
    rubric = rubric == null ? new RubricSpec(null, null, null, null, null) : rubric;
    sampling = sampling == null ? SamplingSpec.DEFAULT : sampling;
    vote = vote == null ? new VoteSpec(null, null, null) : vote;
    cache = cache == null ? new CacheSpec(null, null, null) : cache;
    verifiers = verifiers == null ? new VerifierSpec(null, null, null) : verifiers;
    fusion = fusion == null ? "cap" : fusion;
    Fusion.parse(fusion);
    guard = guard == null ? "flag" : guard.strip().toLowerCase(Locale.ROOT);
    if (!GUARDS.contains(guard)) {
      throw InvalidInputException.of(
          "guard", "expected one of " + GUARDS + " but was '" + guard + "'");
    }
    tools = tools == null ? new ToolSpec(null, null, null) : tools;
    concurrency = concurrency == null ? new ConcurrencySpec(null, null) : concurrency;
    panel = panel == null ? List.of() : List.copyOf(panel);
    if (panel.size() == 1) {
      throw InvalidInputException.of("panel", "a panel needs at least two members but has 1");
    }
    if (profiles != null && profiles.isBlank()) {
      throw InvalidInputException.of(
          "profiles", "expected a directory of profiles (arbiter profile fit --out DIR)");
    }
  }

  /** The spec with every default: no model, built-in verifiers only. */
  public static JudgeSpec defaults() {
    return new JudgeSpec(
        null, null, null, null, null, null, null, null, null, null, null, null, null, null);
  }

  /** This spec with another profiles directory (null: none). */
  public JudgeSpec withProfiles(String dir) {
    return new JudgeSpec(
        models,
        protocol,
        scale,
        rubric,
        sampling,
        vote,
        cache,
        verifiers,
        fusion,
        guard,
        tools,
        concurrency,
        panel,
        dir);
  }

  /** The pointwise scale this spec names. */
  public Scale parsedScale() {
    return parseScale(scale);
  }

  private static Scale parseScale(String scale) {
    String[] parts = scale.split("-", 2);
    try {
      return Scale.of(Double.parseDouble(parts[0].trim()), Double.parseDouble(parts[1].trim()));
    } catch (InvalidInputException e) {
      throw InvalidInputException.of("scale", e.problem());
    } catch (RuntimeException e) {
      throw InvalidInputException.of(
          "scale", "expected MIN-MAX such as 1-10 but was '" + scale + "'");
    }
  }

  /**
   * One OpenAI-compatible model endpoint.
   *
   * @param endpoint base URL, e.g. {@code http://127.0.0.1:8000/v1}
   * @param model the model name the server serves
   * @param apiKeyEnv the environment variable holding the API key (the key itself never appears in
   *     a spec)
   * @param timeoutSeconds per-call time limit
   * @param revision the model revision (e.g. the Hugging Face commit the server loaded), part of
   *     cache keys and provenance; optional (vLLM's own report of its weights is added to it)
   */
  @JsonPropertyOrder({"endpoint", "model", "api_key_env", "timeout_seconds", "revision"})
  public record ModelEndpoint(
      String endpoint, String model, String apiKeyEnv, Integer timeoutSeconds, String revision) {
    /** An endpoint without a given revision. */
    public ModelEndpoint(String endpoint, String model, String apiKeyEnv, Integer timeoutSeconds) {
      this(endpoint, model, apiKeyEnv, timeoutSeconds, null);
    }

    public ModelEndpoint {
      revision = revision == null || revision.isBlank() ? null : revision.strip();
      if (endpoint == null || endpoint.isBlank()) {
        throw InvalidInputException.of(
            "endpoint", "missing: the model server's base URL, e.g. http://127.0.0.1:8000/v1");
      }
      if (!endpoint.startsWith("http://") && !endpoint.startsWith("https://")) {
        throw InvalidInputException.of(
            "endpoint",
            "expected an http:// or https:// URL but was '" + redactUrl(endpoint) + "'");
      }
      if (model == null || model.isBlank()) {
        throw InvalidInputException.of(
            "model", "missing: the model name the server at " + redactUrl(endpoint) + " serves");
      }
      apiKeyEnv = apiKeyEnv == null ? "ARBITER_API_KEY" : apiKeyEnv;
      timeoutSeconds = timeoutSeconds == null ? 120 : timeoutSeconds;
      atLeast("timeout_seconds", timeoutSeconds, 1);
    }
  }

  /**
   * The judging protocol.
   *
   * @param name a built-in protocol: json, arena-hard, mt-bench, prometheus
   * @param file a protocol descriptor of your own (overrides {@code name})
   * @param parse how answers are read: {@code robust} (the default; {@code default} means the same)
   *     reads only the judge's final verdict, {@code exact} reads as the protocol's publisher does
   *     (see docs/protocols.md)
   */
  @JsonPropertyOrder({"name", "file", "parse"})
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ProtocolSpec(String name, String file, String parse) {
    static final List<String> PARSE_MODES = List.of("robust", "exact", "default");

    public ProtocolSpec {
      name = name == null ? "json" : name;
      parse = parse == null ? "robust" : parse.strip().toLowerCase(Locale.ROOT);
      if (!PARSE_MODES.contains(parse)) {
        throw InvalidInputException.of(
            "parse", "expected one of " + PARSE_MODES + " but was '" + parse + "'");
      }
    }

    /** The parse mode ({@code default} is robust). */
    public ParseMode parseMode() {
      return parse.equals("exact") ? ParseMode.EXACT : ParseMode.ROBUST;
    }
  }

  /**
   * The rubric for requests that bring none: a file or built-in id, a profile, principles, in that
   * order combined; optionally one generated per query.
   *
   * @param ref a rubric file (YAML, JSON, Markdown) or a built-in rubric id
   * @param profile a profile file
   * @param principles principles judged satisfied / not satisfied
   * @param generate generate a rubric per query with the judge model
   * @param hardRuleCap the highest normalised score a candidate failing a hard rule gets
   */
  @JsonPropertyOrder({"ref", "profile", "principles", "generate", "hard_rule_cap"})
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record RubricSpec(
      String ref, String profile, List<String> principles, Boolean generate, Double hardRuleCap) {
    public RubricSpec {
      principles = principles == null ? List.of() : List.copyOf(principles);
      generate = generate != null && generate;
      hardRuleCap = hardRuleCap == null ? 0.0 : hardRuleCap;
      if (hardRuleCap < 0 || hardRuleCap > 1) {
        throw InvalidInputException.of("hard_rule_cap", "must be in [0, 1] but was " + hardRuleCap);
      }
    }
  }

  /**
   * Sampling.
   *
   * @param k samples per judgement (per order for pairwise)
   * @param temperature sampling temperature; absent means the protocol's for one sample and at
   *     least 0.7 for several
   * @param topP nucleus sampling
   * @param maxTokens completion budget per sample; absent means the protocol's recommendation
   *     ({@link ProtocolDefaults#maxCompletionTokens()}, e.g. 4096 for arena-hard)
   * @param seed base seed; sample i uses seed + i where the backend needs it
   * @param topLogprobs top logprobs per token (needed by the logprob vote)
   * @param adaptive draw in rounds and stop once more samples cannot change the decision
   * @param adaptiveConfidence with adaptive, also stop at this Wilson confidence (0 = exact only)
   * @param consistency how the k samples are drawn: {@code full} (default: as {@code adaptive}
   *     says) or {@code logprob-adaptive} (one sample first, which decides alone when the judge's
   *     probability of its decision at the verdict token reaches {@code consistency_threshold};
   *     otherwise adaptive rounds up to k; needs k &gt;= 2 and a protocol that points to its
   *     verdict token, and asks for at least 5 top logprobs)
   * @param consistencyThreshold with {@code logprob-adaptive}: the probability in (0.5, 1] that
   *     lets the first sample decide alone (absent: 0.9)
   */
  @JsonPropertyOrder({
    "k",
    "temperature",
    "top_p",
    "max_tokens",
    "seed",
    "top_logprobs",
    "adaptive",
    "adaptive_confidence",
    "consistency",
    "consistency_threshold"
  })
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record SamplingSpec(
      Integer k,
      Double temperature,
      Double topP,
      Integer maxTokens,
      Long seed,
      Integer topLogprobs,
      Boolean adaptive,
      Double adaptiveConfidence,
      String consistency,
      Double consistencyThreshold) {
    static final SamplingSpec DEFAULT =
        new SamplingSpec(null, null, null, null, null, null, null, null, null, null);

    /** Draws all k samples at once, or as {@code adaptive} says. */
    public static final String FULL = "full";

    /** One sample first, deciding alone when its verdict token is decisive (see the record). */
    public static final String LOGPROB_ADAPTIVE = "logprob-adaptive";

    /** The top logprobs {@code logprob-adaptive} asks for at least. */
    public static final int LOGPROB_ADAPTIVE_TOP_LOGPROBS = 5;

    /** Sampling without a consistency mode (the full one). */
    public SamplingSpec(
        Integer k,
        Double temperature,
        Double topP,
        Integer maxTokens,
        Long seed,
        Integer topLogprobs,
        Boolean adaptive,
        Double adaptiveConfidence) {
      this(
          k,
          temperature,
          topP,
          maxTokens,
          seed,
          topLogprobs,
          adaptive,
          adaptiveConfidence,
          null,
          null);
    }

    public SamplingSpec {
      k = k == null ? 1 : k;
      atLeast("k", k, 1);
      if (temperature != null && temperature < 0) {
        throw InvalidInputException.of("temperature", "must be >= 0 but was " + temperature);
      }
      topP = topP == null ? 1.0 : topP;
      if (topP <= 0 || topP > 1) {
        throw InvalidInputException.of("top_p", "must be in (0, 1] but was " + topP);
      }
      if (maxTokens != null) {
        atLeast("max_tokens", maxTokens, 1);
      }
      seed = seed == null ? 0L : seed;
      topLogprobs = topLogprobs == null ? 0 : topLogprobs;
      if (topLogprobs < 0 || topLogprobs > 20) {
        throw InvalidInputException.of("top_logprobs", "must be in [0, 20] but was " + topLogprobs);
      }
      adaptive = adaptive != null && adaptive;
      adaptiveConfidence = adaptiveConfidence == null ? 0.0 : adaptiveConfidence;
      if (adaptiveConfidence < 0 || adaptiveConfidence >= 1) {
        throw InvalidInputException.of(
            "adaptive_confidence", "must be in [0, 1) but was " + adaptiveConfidence);
      }
      // The default mode stays absent, so specs (and batch fingerprints) without it are unchanged.
      String c = consistency == null ? "" : consistency.strip().toLowerCase(Locale.ROOT);
      if (!c.isEmpty() && !c.equals(FULL) && !c.equals(LOGPROB_ADAPTIVE)) {
        throw InvalidInputException.of(
            "consistency", "must be full or logprob-adaptive but was '" + consistency + "'");
      }
      consistency = c.equals(LOGPROB_ADAPTIVE) ? LOGPROB_ADAPTIVE : null;
      if (consistency != null && k < 2) {
        throw InvalidInputException.of(
            "consistency",
            "logprob-adaptive needs k >= 2 (the most samples it may draw, e.g. 8) but k was " + k);
      }
      if (consistencyThreshold != null && consistency == null) {
        throw InvalidInputException.of(
            "consistency_threshold", "applies only with consistency: logprob-adaptive");
      }
      if (consistencyThreshold != null
          && !(consistencyThreshold > 0.5 && consistencyThreshold <= 1)) {
        throw InvalidInputException.of(
            "consistency_threshold", "must be in (0.5, 1] but was " + consistencyThreshold);
      }
    }

    /** The probability that lets the first sample decide alone (default 0.9). */
    public double effectiveConsistencyThreshold() {
      return consistencyThreshold == null ? 0.9 : consistencyThreshold;
    }

    /** Whether samples are drawn logprob-first (see {@code consistency}). */
    public boolean logprobAdaptive() {
      return LOGPROB_ADAPTIVE.equals(consistency);
    }

    /** The top logprobs asked for: the given number, at least 5 with {@code logprob-adaptive}. */
    public int effectiveTopLogprobs() {
      return logprobAdaptive() ? Math.max(topLogprobs, LOGPROB_ADAPTIVE_TOP_LOGPROBS) : topLogprobs;
    }

    /** The temperature used: the given one, else 0 for one sample and 0.7 for several. */
    public double effectiveTemperature() {
      return effectiveTemperature(ProtocolDefaults.GENERIC);
    }

    /**
     * The temperature used: the given one, else the protocol's for one sample, and at least 0.7 for
     * several.
     */
    public double effectiveTemperature(ProtocolDefaults defaults) {
      if (temperature != null) {
        return temperature;
      }
      // Several samples: votes need diversity, and 0.7 is the common self-consistency choice.
      return k > 1 ? Math.max(0.7, defaults.temperature()) : defaults.temperature();
    }

    /** The budget used: the given one, else the protocol's recommendation. */
    public int effectiveMaxTokens(ProtocolDefaults defaults) {
      return maxTokens != null ? maxTokens : defaults.maxCompletionTokens();
    }
  }

  /**
   * Voting.
   *
   * @param method mean, median, sum, majority, logprob, or meta-judge
   * @param abstainBelow abstain when vote agreement is below this share (0 = never)
   * @param metaJudge with method meta-judge: the rater and how many samples it keeps
   */
  @JsonPropertyOrder({"method", "abstain_below", "meta_judge"})
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record VoteSpec(String method, Double abstainBelow, MetaJudgeSpec metaJudge) {
    public VoteSpec {
      method = method == null ? "mean" : method;
      if (!"meta-judge".equals(method)) {
        Aggregators.byName(method);
      }
      abstainBelow = abstainBelow == null ? 0.0 : abstainBelow;
      if (abstainBelow < 0 || abstainBelow > 1) {
        throw InvalidInputException.of(
            "abstain_below", "must be in [0, 1] but was " + abstainBelow);
      }
      metaJudge = metaJudge == null ? new MetaJudgeSpec(null, null, null) : metaJudge;
    }
  }

  /**
   * The meta-judge filter (vote method {@code meta-judge}).
   *
   * @param model the model on the first endpoint that rates each sample (default: the judge model)
   * @param keep how many top-rated samples vote (0: half of k, at least 1)
   * @param vote how the kept samples vote
   */
  @JsonPropertyOrder({"model", "keep", "vote"})
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record MetaJudgeSpec(String model, Integer keep, String vote) {
    public MetaJudgeSpec {
      keep = keep == null ? 0 : keep;
      atLeast("keep", keep, 0);
      vote = vote == null ? "mean" : vote;
      Aggregators.byName(vote);
    }
  }

  /**
   * The sample cache.
   *
   * @param store a directory (SQLite inside), {@code sqlite:FILE} or {@code redis://HOST:PORT};
   *     absent: no cache
   * @param memoryEntries samples kept in memory in front of the store (0 = none)
   * @param memoryTtlSeconds how long a sample stays in memory (0 = until evicted by size)
   */
  @JsonPropertyOrder({"store", "memory_entries", "memory_ttl_seconds"})
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record CacheSpec(String store, Long memoryEntries, Long memoryTtlSeconds) {
    public CacheSpec {
      memoryEntries = memoryEntries == null ? 10_000L : memoryEntries;
      atLeast("memory_entries", memoryEntries, 0);
      memoryTtlSeconds = memoryTtlSeconds == null ? 0L : memoryTtlSeconds;
      atLeast("memory_ttl_seconds", memoryTtlSeconds, 0);
    }
  }

  /**
   * The built-in verifiers.
   *
   * @param enabled run the built-in verifiers (each decides from the request whether it applies)
   * @param only run only these verifier ids (empty: all)
   * @param showToModel write verifier evidence into the judge model's prompt
   */
  @JsonPropertyOrder({"enabled", "only", "show_to_model"})
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record VerifierSpec(Boolean enabled, List<String> only, Boolean showToModel) {
    public VerifierSpec {
      enabled = enabled == null || enabled;
      only = only == null ? List.of() : List.copyOf(only);
      showToModel = showToModel != null && showToModel;
    }
  }

  /**
   * Tools the judge model may call while judging.
   *
   * @param names calculator, python
   * @param maxSteps rounds of tool calls per sample before the model must answer
   * @param timeoutSeconds time limit of one tool call
   */
  @JsonPropertyOrder({"names", "max_steps", "timeout_seconds"})
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ToolSpec(List<String> names, Integer maxSteps, Integer timeoutSeconds) {
    public ToolSpec {
      names = names == null ? List.of() : List.copyOf(names);
      maxSteps = maxSteps == null ? 4 : maxSteps;
      atLeast("max_steps", maxSteps, 1);
      timeoutSeconds = timeoutSeconds == null ? 10 : timeoutSeconds;
      atLeast("timeout_seconds", timeoutSeconds, 1);
    }
  }

  /**
   * How much runs at once.
   *
   * @param requests requests judged at once (batch records, server judgements)
   * @param modelCalls model calls in flight at once, per endpoint
   */
  @JsonPropertyOrder({"requests", "model_calls"})
  public record ConcurrencySpec(Integer requests, Integer modelCalls) {
    public ConcurrencySpec {
      requests = requests == null ? 8 : requests;
      atLeast("requests", requests, 1);
      modelCalls = modelCalls == null ? 16 : modelCalls;
      atLeast("model_calls", modelCalls, 1);
    }
  }

  /**
   * One member of a panel: a whole spec file, or this spec with the member's own models, protocol
   * and sampling in place of its own. Either way the member shares the panel's cache.
   *
   * @param name names the member in verdicts (default: the spec file's name without extension, else
   *     the first model's name)
   * @param weight its vote's weight, &gt; 0 (default 1)
   * @param spec a spec file describing the member (its {@code cache} and {@code panel} are ignored)
   * @param models the member's model endpoints, replacing the panel spec's
   * @param protocol the member's protocol, replacing the panel spec's
   * @param sampling the member's sampling, replacing the panel spec's
   */
  @JsonPropertyOrder({"name", "weight", "spec", "models", "protocol", "sampling"})
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record PanelMember(
      String name,
      Double weight,
      String spec,
      List<ModelEndpoint> models,
      ProtocolSpec protocol,
      SamplingSpec sampling) {
    public PanelMember {
      weight = weight == null ? 1.0 : weight;
      if (!(weight > 0) || weight.isInfinite()) {
        throw InvalidInputException.of("weight", "must be > 0 but was " + weight);
      }
      if (spec != null && (models != null || protocol != null || sampling != null)) {
        throw InvalidInputException.of(
            "spec", "a member is a spec file or inline models/protocol/sampling, not both");
      }
      if (spec == null && (models == null || models.isEmpty())) {
        throw InvalidInputException.of(
            "models", "a panel member needs a spec file or at least one model endpoint");
      }
      if (name == null || name.isBlank()) {
        name =
            spec != null
                ? Path.of(spec).getFileName().toString().replaceFirst("\\.[^.]*$", "")
                : models.get(0).model();
      }
    }
  }

  private static void atLeast(String field, long value, long min) {
    if (value < min) {
      throw InvalidInputException.of(field, "must be >= " + min + " but was " + value);
    }
  }

  /**
   * The URL with any credentials it carries (user info, a password or token in the query) replaced
   * by {@code ***}, for printing.
   */
  public static String redactUrl(String url) {
    // The one redaction rule of the whole project (judge-core), also for exceptions and reports.
    return Redaction.text(url);
  }
}
