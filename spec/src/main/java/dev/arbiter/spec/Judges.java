package dev.arbiter.spec;

import dev.arbiter.core.Fusion;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.Judge;
import dev.arbiter.core.JudgeRequest;
import dev.arbiter.core.Mode;
import dev.arbiter.core.Rubric;
import dev.arbiter.core.RubricScoring;
import dev.arbiter.core.SamplingParams;
import dev.arbiter.core.Scale;
import dev.arbiter.core.Verdict;
import dev.arbiter.core.cache.TieredSampleCache;
import dev.arbiter.core.cache.VerdictStore;
import dev.arbiter.core.cache.VerdictStores;
import dev.arbiter.core.guard.GuardPolicy;
import dev.arbiter.core.model.JudgeModel;
import dev.arbiter.core.observe.JudgeListener;
import dev.arbiter.core.protocol.Protocol;
import dev.arbiter.core.protocol.ProtocolDefaults;
import dev.arbiter.core.reward.RewardJudge;
import dev.arbiter.core.reward.RewardModel;
import dev.arbiter.core.reward.RewardModels;
import dev.arbiter.core.tools.JudgeTool;
import dev.arbiter.core.tools.ToolCallingModel;
import dev.arbiter.core.verify.Verifier;
import dev.arbiter.core.vote.Aggregator;
import dev.arbiter.core.vote.Aggregators;
import dev.arbiter.core.vote.MetaJudge;
import dev.arbiter.core.vote.StoppingRules;
import dev.arbiter.prompts.Protocols;
import dev.arbiter.rubrics.RubricMerge;
import dev.arbiter.rubrics.Rubrics;
import dev.arbiter.rubrics.generate.GeneratedRubric;
import dev.arbiter.rubrics.generate.PairJudge;
import dev.arbiter.rubrics.generate.RubricGenerator;
import dev.arbiter.rubrics.personal.ProfileDirectory;
import dev.arbiter.sandbox.PythonTool;
import dev.arbiter.spec.JudgeSpec.ModelEndpoint;
import dev.arbiter.verifiers.tools.CalculatorTool;
import dev.arbiter.vllm.RoutingJudgeModel;
import dev.arbiter.vllm.VllmJudgeModel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

/**
 * Builds a {@link Judge} from a {@link JudgeSpec}: the one place where a description becomes a
 * judge, shared by the CLI, the server and the Spark job.
 *
 * {@snippet :
 * JudgeSpec spec = JudgeSpecs.load(Path.of("judge.yaml"));
 * try (BuiltJudge built = Judges.fromSpec(spec)) {
 *   Verdict v = built.judge().judge(built.withDefaultRubric(request));
 * }
 * }
 */
public final class Judges {
  private Judges() {}

  /** The tool names a spec accepts. */
  public static final List<String> TOOL_NAMES = List.of(CalculatorTool.NAME, PythonTool.NAME);

  /**
   * What a caller adds to a spec's judge: a wrapper around each endpoint's model (metering,
   * tracing) and listeners.
   *
   * @param modelWrapper applied to each endpoint's model before the judge uses it
   * @param listeners added to the judge
   */
  public record Hooks(UnaryOperator<JudgeModel> modelWrapper, List<JudgeListener> listeners) {
    public Hooks {
      Objects.requireNonNull(modelWrapper, "modelWrapper");
      listeners = List.copyOf(listeners);
    }

    /** No wrapper, no listener. */
    public static Hooks none() {
      return new Hooks(UnaryOperator.identity(), List.of());
    }
  }

  /**
   * Builds the judge a spec describes.
   *
   * @throws InvalidInputException for a spec that cannot make a judge (no model and no verifier, a
   *     meta-judge without a model, an unknown protocol, rubric or tool)
   */
  public static BuiltJudge fromSpec(JudgeSpec spec) {
    return fromSpec(spec, Hooks.none());
  }

  /** Builds the judge a spec describes, with the caller's model wrapper and listeners. */
  public static BuiltJudge fromSpec(JudgeSpec spec, Hooks hooks) {
    List<AutoCloseable> resources = new ArrayList<>();
    try {
      Optional<ProfileDirectory> profiles = profiles(spec);
      BuiltJudge built = build(spec, hooks, resources);
      if (profiles.isEmpty()) {
        return built;
      }
      return new BuiltJudge(
          built.judge(),
          built.defaultRubric(),
          built.description()
              + "; learned profiles "
              + spec.profiles()
              + " ("
              + profiles.get().users().size()
              + " users)",
          built.notes(),
          built.resources(),
          profiles);
    } catch (RuntimeException e) {
      BuiltJudge.closeAll(resources);
      throw e;
    }
  }

  private static BuiltJudge build(JudgeSpec spec, Hooks hooks, List<AutoCloseable> resources) {
    if (!spec.panel().isEmpty()) {
      return Ensembles.panel(spec, hooks, resources);
    }
    return build(spec, hooks, resources, null);
  }

  /**
   * The spec's profiles directory, read once.
   *
   * @throws InvalidInputException naming the field {@code profiles} (or the profile file at fault)
   */
  public static Optional<ProfileDirectory> profiles(JudgeSpec spec) {
    if (spec.profiles() == null) {
      return Optional.empty();
    }
    Path dir = Path.of(spec.profiles());
    if (!java.nio.file.Files.isDirectory(dir)) {
      throw InvalidInputException.of(
          "profiles", "no such directory: " + dir + " (arbiter profile fit --out DIR writes one)");
    }
    return Optional.of(ProfileDirectory.load(dir));
  }

  /**
   * Builds one judge; {@code shared}, when given, is the cache (and store) of the panel it serves
   * in, used instead of the spec's own.
   */
  static BuiltJudge build(
      JudgeSpec spec, Hooks hooks, List<AutoCloseable> resources, Ensembles.SharedCache shared) {
    Judge.Builder b = Judge.builder();
    Scale scale = spec.parsedScale();
    b.scale(scale);
    b.fusion(Fusion.parse(spec.fusion()));
    b.showEvidenceToModel(spec.verifiers().showToModel());
    b.abstainBelow(spec.vote().abstainBelow());
    b.guard(GuardPolicy.byName(spec.guard()));
    b.rubricScoring(RubricScoring.capAt(spec.rubric().hardRuleCap()));
    hooks.listeners().forEach(b::listener);
    boolean metaJudge = "meta-judge".equals(spec.vote().method());
    boolean hasModel = !spec.models().isEmpty();
    if (metaJudge && !hasModel) {
      throw InvalidInputException.of(
          "vote.method",
          "meta-judge needs a model: give a model endpoint (--endpoint URL --model NAME)");
    }
    Aggregator aggregator =
        Aggregators.byName(metaJudge ? spec.vote().metaJudge().vote() : spec.vote().method());
    List<String> notes = new ArrayList<>();
    List<Verifier> verifiers = verifiers(spec.verifiers(), notes);
    b.verifiers(verifiers);
    Optional<Rubric> rubric = userRubric(spec.rubric());
    Optional<VerdictStore> store = Optional.empty();
    if (shared != null) {
      store = shared.store();
      b.cache(shared.cache());
    } else if (spec.cache().store() != null) {
      VerdictStore s = VerdictStores.open(spec.cache().store());
      resources.add(s);
      store = Optional.of(s);
      TieredSampleCache.Builder cb =
          TieredSampleCache.builder().store(s).maximumSize(spec.cache().memoryEntries());
      if (spec.cache().memoryTtlSeconds() > 0) {
        cb.expireAfterWrite(Duration.ofSeconds(spec.cache().memoryTtlSeconds()));
      }
      b.cache(cb.build());
    }
    StringBuilder description = new StringBuilder("judge: ");
    Optional<RewardModel> rewardModel = Optional.empty();
    var sampling = spec.sampling();
    if (hasModel) {
      ModelEndpoint endpoint = spec.models().get(0);
      Protocol protocol =
          spec.protocol().file() != null
              ? Protocols.fromDescriptor(Path.of(spec.protocol().file()))
              : Protocols.get(spec.protocol().name());
      List<JudgeTool> tools = tools(spec.tools());
      JudgeModel model =
          hooks
              .modelWrapper()
              .apply(openModels(spec.models(), endpoint.model(), spec.concurrency().modelCalls()));
      JudgeModel judgeModel =
          tools.isEmpty()
              ? model
              : ToolCallingModel.wrap(
                  model,
                  tools,
                  spec.tools().maxSteps(),
                  Duration.ofSeconds(spec.tools().timeoutSeconds()));
      // The tool loop closes the model it wraps.
      resources.add(judgeModel);
      b.model(judgeModel).protocol(protocol);
      if (metaJudge) {
        JudgeModel rater = model;
        String raterName = spec.vote().metaJudge().model();
        if (raterName != null && !raterName.equals(endpoint.model())) {
          rater =
              hooks
                  .modelWrapper()
                  .apply(openModels(spec.models(), raterName, spec.concurrency().modelCalls()));
          resources.add(rater);
        }
        int keep =
            spec.vote().metaJudge().keep() > 0
                ? spec.vote().metaJudge().keep()
                : Math.max(1, sampling.k() / 2);
        aggregator = MetaJudge.builder().model(rater).keep(keep).voter(aggregator).build();
      }
      // The protocol's recommended budget and temperature, unless the spec or flags give them.
      ProtocolDefaults defaults = protocol.defaults();
      int maxTokens = sampling.effectiveMaxTokens(defaults);
      double temperature = sampling.effectiveTemperature(defaults);
      b.sampling(
          new SamplingParams(
              sampling.k(),
              temperature,
              sampling.topP(),
              maxTokens,
              Optional.of(sampling.seed()),
              sampling.effectiveTopLogprobs()));
      b.parseMode(spec.protocol().parseMode());
      if (sampling.adaptive() || sampling.logprobAdaptive()) {
        StoppingRules.Builder rule = StoppingRules.builder().aggregator(aggregator);
        // Pointwise: stop once the score's side of the scale's midpoint is settled.
        rule.pointwise(scale, (scale.min() + scale.max()) / 2);
        if (sampling.adaptiveConfidence() > 0) {
          rule.confidence(sampling.adaptiveConfidence());
        }
        if (sampling.logprobAdaptive()) {
          rule.logprobFirst(sampling.effectiveConsistencyThreshold());
        }
        b.stoppingRule(rule.build());
      }
      if (spec.rubric().generate()) {
        RubricGenerator.Builder g = RubricGenerator.builder(model);
        store.ifPresent(g::store);
        RubricGenerator generator = g.build();
        b.rubricSource(request -> generatedRubric(generator, request));
      }
      description
          .append("model ")
          .append(endpoint.model())
          .append(" at ")
          .append(
              String.join(
                  ", ",
                  spec.models().stream().map(m -> JudgeSpec.redactUrl(m.endpoint())).toList()))
          .append(", protocol ")
          .append(protocol.id())
          .append('@')
          .append(protocol.version())
          .append(", parse ")
          .append(spec.protocol().parseMode().name().toLowerCase(Locale.ROOT))
          .append(", max tokens ")
          .append(maxTokens)
          .append(sampling.maxTokens() == null ? " (protocol default)" : "")
          .append(", temperature ")
          .append(temperature)
          .append(defaults.expectsThinking() ? " (the protocol's judge thinks first)" : "")
          .append(", k=")
          .append(sampling.k())
          .append(
              sampling.logprobAdaptive()
                  ? " (logprob-adaptive " + sampling.effectiveConsistencyThreshold() + ")"
                  : sampling.adaptive() ? " (adaptive)" : "")
          .append(", vote ")
          .append(aggregator.name());
      if (!tools.isEmpty()) {
        description
            .append(", tools ")
            .append(tools.stream().map(t -> t.spec().name()).toList())
            .append(" (at most ")
            .append(spec.tools().maxSteps())
            .append(" steps)");
      }
    } else {
      if (!spec.tools().names().isEmpty()) {
        throw InvalidInputException.of(
            "tools.names",
            "tools are called by a judge model: give --endpoint URL --model NAME as well");
      }
      if (spec.rubric().generate()) {
        throw InvalidInputException.of(
            "rubric.generate", "needs a judge model: give --endpoint URL --model NAME");
      }
      rewardModel = RewardModels.embedded();
      if (verifiers.isEmpty() && rewardModel.isEmpty()) {
        throw InvalidInputException.of(
            "models",
            "no judge model (--endpoint URL --model NAME) and verifiers are off: nothing could judge. Start one with 'vllm serve <model>'.");
      }
      if (rewardModel.isPresent()) {
        description
            .append("no --endpoint given, so ")
            .append(verifiers.isEmpty() ? "" : "verifiers judge what they apply to and ")
            .append("the embedded reward model ")
            .append(rewardModel.get().id())
            .append(" (")
            .append(rewardModel.get().revision().orElse("?"))
            .append(", CPU, docs/reward-model.md) scores ")
            .append(verifiers.isEmpty() ? "every record" : "the rest")
            .append(
                "; it is a small embedding model, far weaker than a judge model. Add --endpoint URL --model NAME (vllm serve <model>) to use a judge model");
      } else {
        description.append(
            "no --endpoint given, so verifiers alone judge; records no verifier applies to come out UNSCORED (the embedded reward model is not on the class path, see docs/reward-model.md). Add --endpoint URL --model NAME (vllm serve <model>) to use a judge model");
      }
    }
    description.append("; verifiers ").append(verifiers.stream().map(Verifier::id).toList());
    rubric.ifPresent(
        r ->
            description
                .append("; rubric ")
                .append(r.id())
                .append(" (")
                .append(r.criteria().size())
                .append(" criteria)"));
    store.ifPresent(s -> description.append("; cache ").append(JudgeSpec.redactUrl(s.describe())));
    b.aggregator(aggregator);
    Judge judge;
    if (rewardModel.isPresent()) {
      RewardJudge.Builder rj =
          RewardJudge.builder()
              .model(rewardModel.get())
              .scale(scale)
              .guard(GuardPolicy.byName(spec.guard()));
      if (!verifiers.isEmpty()) {
        // Verifiers decide what they apply to, as without the reward model.
        rj.afterVerifiers(b.build());
      }
      judge = rj.build();
    } else {
      judge = b.build();
    }
    return new BuiltJudge(judge, rubric, description.toString(), notes, resources);
  }

  /**
   * Opens {@code model} on the spec's endpoints: on one endpoint, that server's model; on several
   * (replicas of one model), a {@link RoutingJudgeModel} over them (prefix affinity within a load
   * bound, health checks, ejection, failed calls retried on another replica).
   *
   * @throws InvalidInputException when the endpoints name different models
   */
  public static JudgeModel openModels(
      List<ModelEndpoint> endpoints, String model, int maxInFlight) {
    if (endpoints.size() == 1) {
      return openModel(endpoints.get(0), model, maxInFlight);
    }
    for (int i = 1; i < endpoints.size(); i++) {
      if (!endpoints.get(i).model().equals(endpoints.get(0).model())) {
        throw InvalidInputException.of(
            "models[" + i + "].model",
            "several endpoints must be replicas of one model: expected '"
                + endpoints.get(0).model()
                + "' but was '"
                + endpoints.get(i).model()
                + "'");
      }
    }
    RoutingJudgeModel.Builder b = RoutingJudgeModel.builder();
    for (ModelEndpoint e : endpoints) {
      // The router retries on another replica: a replica gives up at its first failure.
      b.replica(vllm(e, model, maxInFlight).maxRetries(0).build());
    }
    return b.build();
  }

  /**
   * Opens the model behind one endpoint ({@code model} may differ from the endpoint's own, for a
   * meta-judge rater on the same server). The API key is read from the endpoint's variable.
   */
  public static JudgeModel openModel(ModelEndpoint endpoint, String model, int maxInFlight) {
    return vllm(endpoint, model, maxInFlight).build();
  }

  private static VllmJudgeModel.Builder vllm(
      ModelEndpoint endpoint, String model, int maxInFlight) {
    String key = System.getenv(endpoint.apiKeyEnv());
    return VllmJudgeModel.builder()
        .baseUrl(endpoint.endpoint())
        .model(model)
        .apiKey(key == null || key.isBlank() ? null : key)
        .timeout(Duration.ofSeconds(endpoint.timeoutSeconds()))
        .maxInFlight(maxInFlight)
        .revision(endpoint.revision());
  }

  /** The built-in verifiers a spec selects; {@code notes} gets a line for each that cannot run. */
  static List<Verifier> verifiers(JudgeSpec.VerifierSpec spec, List<String> notes) {
    if (!spec.enabled()) {
      return List.of();
    }
    List<Verifier> all = BuiltInVerifiers.all(notes);
    if (spec.only().isEmpty()) {
      return all;
    }
    TreeSet<String> known = new TreeSet<>();
    all.forEach(v -> known.add(v.id()));
    for (String id : spec.only()) {
      if (!known.contains(id)) {
        throw InvalidInputException.of(
            "verifiers.only", "unknown verifier '" + id + "'; known here: " + known);
      }
    }
    return all.stream().filter(v -> spec.only().contains(v.id())).toList();
  }

  /** The spec's rubric: file or id, then profile, then principles, combined in that order. */
  public static Optional<Rubric> userRubric(JudgeSpec.RubricSpec spec) {
    List<Rubric> parts = new ArrayList<>();
    if (spec.ref() != null) {
      parts.add(Rubrics.resolve(spec.ref()));
    }
    if (spec.profile() != null) {
      parts.add(Rubrics.loadProfile(Path.of(spec.profile())).rubric());
    }
    if (!spec.principles().isEmpty()) {
      parts.add(Rubric.ofPrinciples(spec.principles()));
    }
    if (parts.isEmpty()) {
      return Optional.empty();
    }
    Rubric r = parts.get(0);
    for (Rubric more : parts.subList(1, parts.size())) {
      r = r.plus(more.criteria());
    }
    return Optional.of(r);
  }

  /**
   * The tools a spec names, in order and without repeats; empty when it names none.
   *
   * @throws InvalidInputException for an unknown name (listing the known ones)
   * @throws dev.arbiter.sandbox.SandboxUnavailableException for python without bubblewrap
   */
  public static List<JudgeTool> tools(JudgeSpec.ToolSpec spec) {
    LinkedHashSet<String> names = new LinkedHashSet<>();
    for (String n : spec.names()) {
      String name = n.strip().toLowerCase(Locale.ROOT);
      if (!TOOL_NAMES.contains(name)) {
        throw InvalidInputException.of(
            "tools.names",
            "unknown tool '" + n.strip() + "'; known tools: " + String.join(", ", TOOL_NAMES));
      }
      names.add(name);
    }
    List<JudgeTool> tools = new ArrayList<>();
    for (String name : names) {
      tools.add(
          name.equals(CalculatorTool.NAME)
              ? CalculatorTool.create()
              : PythonTool.builder().build());
    }
    return tools;
  }

  /**
   * The request's rubric merged with one generated for its query; a failed generation fails the
   * record.
   */
  private static CompletableFuture<Optional<Rubric>> generatedRubric(
      RubricGenerator generator, JudgeRequest request) {
    return generator
        .generate(request.query())
        .thenApply(
            g -> {
              if (g instanceof GeneratedRubric.Failed f) {
                throw InvalidInputException.of(
                    "rubric",
                    "rubric generation failed for request '" + request.id() + "': " + f.reason());
              }
              Rubric generated = g.usableRubric().orElseThrow();
              return Optional.of(RubricMerge.defaults().apply(request.rubric(), generated));
            });
  }

  /** The pairwise judge rubric induction checks rubrics with: both orders, the JSON protocol. */
  public static PairJudge pairJudge(JudgeModel model) {
    Judge judge = Judge.builder().model(model).protocol(Protocols.get("json")).build();
    return (pair, rubric) -> {
      JudgeRequest r =
          JudgeRequest.builder()
              .id(pair.id())
              .mode(Mode.PAIRWISE)
              .query(pair.prompt())
              .candidate("A", pair.chosen())
              .candidate("B", pair.rejected())
              .rubric(rubric)
              .build();
      return judge.judgeAsync(r).thenApply(Verdict::preference);
    };
  }
}
