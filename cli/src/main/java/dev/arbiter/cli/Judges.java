package dev.arbiter.cli;

import dev.arbiter.core.Fusion;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.Judge;
import dev.arbiter.core.JudgeRequest;
import dev.arbiter.core.Mode;
import dev.arbiter.core.Rubric;
import dev.arbiter.core.RubricScoring;
import dev.arbiter.core.SamplingParams;
import dev.arbiter.core.Verdict;
import dev.arbiter.core.cache.SampleCache;
import dev.arbiter.core.cache.TieredSampleCache;
import dev.arbiter.core.cache.VerdictStore;
import dev.arbiter.core.cache.VerdictStores;
import dev.arbiter.core.model.JudgeModel;
import dev.arbiter.core.protocol.Protocol;
import dev.arbiter.core.tools.JudgeTool;
import dev.arbiter.core.tools.ToolCallingModel;
import dev.arbiter.core.verify.Verifier;
import dev.arbiter.core.vote.Aggregator;
import dev.arbiter.core.vote.Aggregators;
import dev.arbiter.core.vote.StoppingRules;
import dev.arbiter.prompts.Protocols;
import dev.arbiter.rubrics.RubricMerge;
import dev.arbiter.rubrics.Rubrics;
import dev.arbiter.rubrics.generate.GeneratedRubric;
import dev.arbiter.rubrics.generate.PairJudge;
import dev.arbiter.rubrics.generate.RubricGenerator;
import dev.arbiter.sandbox.PythonTool;
import dev.arbiter.verifiers.tools.CalculatorTool;
import dev.arbiter.vllm.RoutingJudgeModel;
import dev.arbiter.vllm.VllmJudgeModel;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Builds a {@link Judge} from command-line options. */
final class Judges {
  private Judges() {}

  /** A judge and what it holds open. */
  record Built(
      Judge judge, Optional<Rubric> rubric, String description, List<AutoCloseable> resources)
      implements AutoCloseable {
    @Override
    public void close() {
      for (AutoCloseable c : resources) {
        try {
          c.close();
        } catch (Exception e) {
          // Closing is best effort: the run's results are already written.
        }
      }
    }
  }

  /** Opens the judge model an endpoint and model name point at. */
  static JudgeModel openModel(
      String endpoint, String model, String apiKeyEnv, int timeoutSeconds, int maxInFlight) {
    if (endpoint == null || endpoint.isBlank()) {
      throw InvalidInputException.of(
          "--endpoint",
          "a model server is needed here: give --endpoint URL --model NAME (start one with 'vllm serve <model>')");
    }
    if (model == null || model.isBlank()) {
      throw InvalidInputException.of(
          "--model", "required with --endpoint: the model name the server serves");
    }
    return vllm(endpoint, model, apiKeyEnv, timeoutSeconds, maxInFlight).build();
  }

  private static VllmJudgeModel.Builder vllm(
      String endpoint, String model, String apiKeyEnv, int timeoutSeconds, int maxInFlight) {
    String key = apiKeyEnv == null ? null : System.getenv(apiKeyEnv);
    return VllmJudgeModel.builder()
        .baseUrl(endpoint)
        .model(model)
        .apiKey(key == null || key.isBlank() ? null : key)
        .timeout(Duration.ofSeconds(timeoutSeconds))
        .maxInFlight(maxInFlight);
  }

  /**
   * Opens the judge model for {@code --endpoint} (repeated for replicas) and {@code
   * --token-budget}: one endpoint without a budget is a plain {@link VllmJudgeModel}; otherwise a
   * {@link RoutingJudgeModel} over one replica per endpoint.
   */
  static JudgeModel openModel(
      List<String> endpoints,
      String model,
      String apiKeyEnv,
      int timeoutSeconds,
      int maxInFlight,
      Long tokenBudget,
      Runnable onTokenBudgetSpent) {
    if (endpoints == null || endpoints.isEmpty()) {
      return openModel((String) null, model, apiKeyEnv, timeoutSeconds, maxInFlight);
    }
    if (endpoints.size() == 1 && tokenBudget == null) {
      return openModel(endpoints.get(0), model, apiKeyEnv, timeoutSeconds, maxInFlight);
    }
    if (model == null || model.isBlank()) {
      throw InvalidInputException.of(
          "--model", "required with --endpoint: the model name the server serves");
    }
    RoutingJudgeModel.Builder b = RoutingJudgeModel.builder();
    if (tokenBudget != null) {
      b.tokenBudget(tokenBudget).onTokenBudgetSpent(onTokenBudgetSpent);
    }
    for (String endpoint : endpoints) {
      // The router retries on another replica, so a replica gives up at its first failure.
      b.replica(
          vllm(endpoint, model, apiKeyEnv, timeoutSeconds, maxInFlight).maxRetries(0).build());
    }
    return b.build();
  }

  /** The user's rubric from --rubric, --profile and --principles, combined in that order. */
  static Optional<Rubric> userRubric(JudgeOptions o) {
    List<Rubric> parts = new ArrayList<>();
    if (o.rubric != null) {
      parts.add(Rubrics.resolve(o.rubric));
    }
    if (o.profile != null) {
      parts.add(Rubrics.loadProfile(o.profile).rubric());
    }
    if (!o.principles.isEmpty()) {
      parts.add(Rubric.ofPrinciples(o.principles));
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

  static Built build(JudgeOptions o, PrintWriter err) {
    List<AutoCloseable> resources = new ArrayList<>();
    Judge.Builder b = Judge.builder();
    b.scale(o.parsedScale());
    b.fusion(Fusion.parse(o.fusion));
    b.showEvidenceToModel(o.showEvidence);
    b.abstainBelow(o.abstainBelow);
    b.rubricScoring(RubricScoring.capAt(o.hardRuleCap));
    boolean metaJudge = "meta-judge".equals(o.vote);
    if (metaJudge && o.endpoint == null) {
      throw InvalidInputException.of(
          "--vote",
          "meta-judge needs a model: give --endpoint URL --model NAME (and optionally --meta-judge-model)");
    }
    Aggregator aggregator =
        metaJudge ? Aggregators.byName(o.metaJudgeVote) : Aggregators.byName(o.vote);
    List<String> verifierNotes = new ArrayList<>();
    List<Verifier> verifiers = o.noVerifiers ? List.of() : BuiltInVerifiers.all(verifierNotes);
    verifierNotes.forEach(err::println);
    b.verifiers(verifiers);
    Optional<Rubric> rubric = userRubric(o);
    Optional<VerdictStore> store = Optional.empty();
    if (o.cache != null) {
      VerdictStore s = VerdictStores.open(o.cache);
      resources.add(s);
      store = Optional.of(s);
      TieredSampleCache.Builder cb =
          TieredSampleCache.builder().store(s).maximumSize(o.cacheMemoryEntries);
      if (o.cacheMemoryTtlSeconds > 0) {
        cb.expireAfterWrite(Duration.ofSeconds(o.cacheMemoryTtlSeconds));
      }
      SampleCache cache = cb.build();
      b.cache(cache);
    }
    StringBuilder description = new StringBuilder("judge: ");
    if (o.endpoint != null) {
      Protocol protocol =
          o.protocolFile != null
              ? Protocols.fromDescriptor(o.protocolFile)
              : Protocols.get(o.protocol);
      List<JudgeTool> tools = tools(o);
      JudgeModel model =
          openModel(
              o.endpoint,
              o.model,
              o.apiKeyEnv,
              o.timeoutSeconds,
              o.maxInFlight,
              o.tokenBudget,
              () -> o.onTokenBudgetSpent.run());
      JudgeModel judgeModel =
          tools.isEmpty()
              ? model
              : ToolCallingModel.wrap(
                  model, tools, o.maxToolSteps, Duration.ofSeconds(o.toolTimeoutSeconds));
      // The tool loop closes the model it wraps.
      resources.add(judgeModel);
      b.model(judgeModel).protocol(protocol);
      if (metaJudge) {
        JudgeModel rater = model;
        if (o.metaJudgeModel != null && !o.metaJudgeModel.equals(o.model)) {
          rater =
              openModel(
                  o.endpoint,
                  o.metaJudgeModel,
                  o.apiKeyEnv,
                  o.timeoutSeconds,
                  o.maxInFlight,
                  o.tokenBudget,
                  () -> o.onTokenBudgetSpent.run());
          resources.add(rater);
        }
        int keep = o.metaJudgeKeep > 0 ? o.metaJudgeKeep : Math.max(1, o.samples / 2);
        aggregator =
            dev.arbiter.core.vote.MetaJudge.builder()
                .model(rater)
                .keep(keep)
                .voter(aggregator)
                .build();
      }
      b.sampling(
          new SamplingParams(
              o.samples,
              o.effectiveTemperature(),
              o.topP,
              o.maxTokens,
              Optional.of(o.seed),
              o.topLogprobs));
      if (o.adaptive) {
        StoppingRules.Builder rule = StoppingRules.builder().aggregator(aggregator);
        // Pointwise: stop once the score's side of the scale's midpoint is settled.
        var scale = o.parsedScale();
        rule.pointwise(scale, (scale.min() + scale.max()) / 2);
        if (o.adaptiveConfidence > 0) {
          rule.confidence(o.adaptiveConfidence);
        }
        b.stoppingRule(rule.build());
      }
      if (o.generateRubric) {
        RubricGenerator.Builder g = RubricGenerator.builder(model);
        store.ifPresent(g::store);
        RubricGenerator generator = g.build();
        b.rubricSource(request -> generatedRubric(generator, request));
      }
      description
          .append("model ")
          .append(o.model)
          .append(" at ")
          .append(String.join(", ", o.endpoint))
          .append(", protocol ")
          .append(protocol.id())
          .append('@')
          .append(protocol.version())
          .append(", k=")
          .append(o.samples)
          .append(o.adaptive ? " (adaptive)" : "")
          .append(", vote ")
          .append(aggregator.name());
      if (!tools.isEmpty()) {
        description
            .append(", tools ")
            .append(tools.stream().map(t -> t.spec().name()).toList())
            .append(" (at most ")
            .append(o.maxToolSteps)
            .append(" steps)");
      }
    } else {
      if (!o.tools.isEmpty()) {
        throw InvalidInputException.of(
            "--tools",
            "tools are called by a judge model: give --endpoint URL --model NAME as well");
      }
      if (o.generateRubric) {
        throw InvalidInputException.of(
            "--generate-rubric", "needs a judge model: give --endpoint URL --model NAME");
      }
      if (verifiers.isEmpty()) {
        throw InvalidInputException.of(
            "--endpoint",
            "no judge model (--endpoint URL --model NAME) and verifiers are off: nothing could judge. Start one with 'vllm serve <model>'.");
      }
      description.append(
          "no --endpoint given, so verifiers alone judge; records no verifier applies to come out UNSCORED. Add --endpoint URL --model NAME (vllm serve <model>) to use a judge model");
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
    store.ifPresent(s -> description.append("; cache ").append(s.describe()));
    b.aggregator(aggregator);
    return new Built(b.build(), rubric, description.toString(), resources);
  }

  /** The names --tools accepts. */
  static final List<String> TOOL_NAMES = List.of(CalculatorTool.NAME, PythonTool.NAME);

  /**
   * The tools --tools names, in order and without repeats; empty without --tools.
   *
   * @throws InvalidInputException for an unknown name (listing the known ones) or a bad
   *     --max-tool-steps or --tool-timeout
   * @throws dev.arbiter.sandbox.SandboxUnavailableException for python without bubblewrap
   */
  static List<JudgeTool> tools(JudgeOptions o) {
    LinkedHashSet<String> names = new LinkedHashSet<>();
    for (String n : o.tools) {
      String name = n.strip().toLowerCase(Locale.ROOT);
      if (!TOOL_NAMES.contains(name)) {
        throw InvalidInputException.of(
            "--tools",
            "unknown tool '" + n.strip() + "'; known tools: " + String.join(", ", TOOL_NAMES));
      }
      names.add(name);
    }
    if (names.isEmpty()) {
      return List.of();
    }
    if (o.maxToolSteps < 1) {
      throw InvalidInputException.of("--max-tool-steps", "must be >= 1 but was " + o.maxToolSteps);
    }
    if (o.toolTimeoutSeconds < 1) {
      throw InvalidInputException.of(
          "--tool-timeout", "must be >= 1 second but was " + o.toolTimeoutSeconds);
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
  static PairJudge pairJudge(JudgeModel model) {
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
