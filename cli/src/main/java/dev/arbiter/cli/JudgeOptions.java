package dev.arbiter.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.model.JudgeModels;
import dev.arbiter.spec.BatchConfiguration;
import dev.arbiter.spec.BuiltJudge;
import dev.arbiter.spec.Ensembles;
import dev.arbiter.spec.JudgeSpec;
import dev.arbiter.spec.JudgeSpecs;
import dev.arbiter.spec.Judges;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options that say how to judge, shared by {@code judge}, {@code eval}, {@code serve} and
 * {@code spec show}. Each maps onto a {@link JudgeSpec} field; {@code --spec FILE} gives the base
 * and the flags given override it. Defaults live in the spec, not here: an option left out is null.
 */
public final class JudgeOptions {

  @Option(
      names = "--spec",
      paramLabel = "FILE",
      description =
          "A judge spec (YAML or JSON, see docs/spec.md); the flags below override its fields.")
  Path specFile;

  @Option(
      names = "--endpoint",
      paramLabel = "URL",
      description =
          "OpenAI-compatible base URL of the judge model, e.g. http://127.0.0.1:8000/v1 (vllm serve). Repeat it for replicas of one model: calls are routed with prefix affinity, failed calls retried on another replica. Without it, only verifiers judge.")
  List<String> endpoint;

  @Option(
      names = "--token-budget",
      paramLabel = "TOKENS",
      description =
          "Stop once the model has reported this many prompt + completion tokens: the job stops reading, calls in flight finish, and refused ones become error records (rerun with a larger budget and --retry-failed).")
  Long tokenBudget;

  /** Called once when the token budget is spent; the batch commands point it at their stop. */
  Runnable onTokenBudgetSpent = () -> {};

  @Option(
      names = "--model",
      paramLabel = "NAME",
      description = "The judge model's name as the server knows it.")
  String model;

  @Option(
      names = "--model-revision",
      paramLabel = "REV",
      description =
          "The judge model's revision (e.g. the Hugging Face commit given to vllm serve --revision); part of cache keys and provenance. vLLM's report of the weights it serves the model from is added to it.")
  String modelRevision;

  @Option(
      names = "--api-key-env",
      paramLabel = "VAR",
      description =
          "Environment variable holding the API key, if the server needs one (default: ARBITER_API_KEY).")
  String apiKeyEnv;

  @Option(
      names = "--protocol",
      paramLabel = "NAME",
      description = "Judging protocol: a built-in id, see arbiter protocol list (default: json).")
  String protocol;

  @Option(
      names = "--protocol-file",
      paramLabel = "FILE",
      description =
          "A protocol of your own: a descriptor file naming a prompt template and an output grammar (overrides --protocol).")
  java.nio.file.Path protocolFile;

  @Option(
      names = {"--samples", "-k"},
      paramLabel = "K",
      description = "Samples per judgement (per order for pairwise); default 1.")
  Integer samples;

  @Option(
      names = "--temperature",
      description =
          "Sampling temperature (default: the protocol's for one sample, at least 0.7 for several).")
  Double temperature;

  @Option(names = "--top-p", description = "Nucleus sampling (default 1.0).")
  Double topP;

  @Option(
      names = "--max-tokens",
      description =
          "Completion budget per sample (default: the protocol's recommendation, e.g. 4096 for arena-hard; see docs/protocols.md).")
  Integer maxTokens;

  @Option(
      names = "--parse",
      paramLabel = "MODE",
      description =
          "How verdicts are read: robust (default; only the judge's final verdict counts) or exact (as the protocol's publisher parses it).")
  String parse;

  @Option(
      names = "--seed",
      description = "Base seed; sample i uses seed + i where the backend needs it (default 0).")
  Long seed;

  @Option(
      names = "--top-logprobs",
      description = "Request this many top logprobs per token (needed by --vote logprob).")
  Integer topLogprobs;

  @Option(
      names = "--vote",
      description = "How samples vote: mean (scores) / majority (preferences), ... (default mean).")
  String vote;

  @Option(
      names = "--scale",
      paramLabel = "MIN-MAX",
      description = "Pointwise score scale (default 1-10).")
  String scale;

  @Option(
      names = "--principles",
      arity = "1..*",
      paramLabel = "TEXT",
      description = "Judge by these principles (each satisfied / not satisfied).")
  List<String> principles;

  @Option(names = "--max-in-flight", description = "Model calls in flight at once (default 16).")
  Integer maxInFlight;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      description = "Per-call timeout (default 120 s).")
  Integer timeoutSeconds;

  @Option(
      names = "--fusion",
      description =
          "How verifier evidence meets the model's score: none, cap, weighted (default cap).")
  String fusion;

  @Option(
      names = "--show-evidence",
      description = "Write verifier evidence into the judge model's prompt.")
  Boolean showEvidence;

  @Option(names = "--no-verifiers", description = "Do not run the built-in verifiers.")
  Boolean noVerifiers;

  @Option(
      names = "--abstain-below",
      description = "Abstain when vote agreement is below this share (0 = never).")
  Double abstainBelow;

  @Option(
      names = "--guard",
      paramLabel = "POLICY",
      description =
          "What a candidate the prompt guard flags (master keys such as a lone ':' or 'Solution',"
              + " injected verdicts, instructions to the judge) costs: flag (judge as usual, list the"
              + " findings in the verdict's 'guard' field), penalize (scale minimum / losing side,"
              + " no model call), abstain (UNSCORED with the finding as the reason), off"
              + " (default flag).")
  String guard;

  @Option(
      names = "--rubric",
      paramLabel = "FILE|ID",
      description =
          "A rubric file (YAML, JSON, Markdown) or a built-in rubric id (see 'arbiter rubric list').")
  String rubric;

  @Option(
      names = "--profile",
      paramLabel = "FILE",
      description = "A profile file: a user's or audience's principles and weights.")
  java.nio.file.Path profile;

  @Option(
      names = "--profiles",
      paramLabel = "DIR",
      description =
          "Learned profiles (arbiter profile fit): a record's \"user\" picks DIR/<user>.yaml, unknown users get DIR/_population.yaml (flagged); a record's own principles add to the profile.")
  java.nio.file.Path profiles;

  @Option(
      names = "--generate-rubric",
      description =
          "Generate a rubric per query with the judge model (cached per query), merged with --rubric/--profile/--principles.")
  Boolean generateRubric;

  @Option(
      names = "--cache",
      paramLabel = "DIR|redis://HOST:PORT",
      description =
          "Cache samples on disk (a directory, SQLite inside) or in Redis, so nothing is paid for twice.")
  String cache;

  @Option(
      names = "--adaptive",
      description =
          "Draw samples in rounds and stop once further samples cannot change the decision (up to --samples).")
  Boolean adaptive;

  @Option(
      names = "--adaptive-confidence",
      paramLabel = "LEVEL",
      description =
          "With --adaptive, also stop when a Wilson bound at this level says the leader holds the majority (e.g. 0.95; 0 = exact stopping only).")
  Double adaptiveConfidence;

  @Option(
      names = "--consistency",
      paramLabel = "MODE",
      description =
          "full (default: all --samples, or as --adaptive says) or logprob-adaptive: one sample first, deciding alone when the judge's probability of its decision at the verdict token reaches --consistency-threshold, else adaptive rounds up to --samples (needs --samples >= 2; asks for >= 5 top logprobs; mt-bench and prometheus point to their verdict token).")
  String consistency;

  @Option(
      names = "--consistency-threshold",
      paramLabel = "P",
      description =
          "With --consistency logprob-adaptive: the probability in (0.5, 1] that lets the first sample decide alone (default 0.9).")
  Double consistencyThreshold;

  @Option(
      names = "--hard-rule-cap",
      paramLabel = "X",
      description =
          "Highest normalised score a candidate failing a hard rule can get (0 zeroes it; default 0).")
  Double hardRuleCap;

  @Option(
      names = "--meta-judge-model",
      paramLabel = "NAME",
      description =
          "With --vote meta-judge: the (cheap) model on the same --endpoint that rates each sample's critique (default: the judge model).")
  String metaJudgeModel;

  @Option(
      names = "--meta-judge-keep",
      paramLabel = "M",
      description =
          "With --vote meta-judge: how many top-rated samples vote (default: half of --samples, at least 1).")
  Integer metaJudgeKeep;

  @Option(
      names = "--meta-judge-vote",
      paramLabel = "NAME",
      description = "With --vote meta-judge: how the kept samples vote (default mean).")
  String metaJudgeVote;

  @Option(
      names = "--tools",
      split = ",",
      paramLabel = "NAME",
      description =
          "Let the judge model call these tools while judging (needs --endpoint): calculator, python. The server must parse tool calls (vllm serve --enable-auto-tool-choice --tool-call-parser ...).")
  List<String> tools;

  @Option(
      names = "--max-tool-steps",
      paramLabel = "N",
      description =
          "With --tools: rounds of tool calls per sample before the model must answer without tools (default 4).")
  Integer maxToolSteps;

  @Option(
      names = "--tool-timeout",
      paramLabel = "SECONDS",
      description =
          "With --tools: time limit of one tool call; a late tool answers the model with an error (default 10 s).")
  Integer toolTimeoutSeconds;

  @Option(
      names = "--cache-memory-entries",
      paramLabel = "N",
      description =
          "With --cache: samples kept in memory in front of the store (default 10000; 0 = none).")
  Long cacheMemoryEntries;

  @Option(
      names = "--cache-memory-ttl",
      paramLabel = "SECONDS",
      description =
          "With --cache: how long a sample stays in memory after it was written (0 = until evicted by size). Redis entries expire by the spec's ?ttl=SECONDS.")
  Long cacheMemoryTtlSeconds;

  @Option(
      names = "--panel",
      paramLabel = "SPEC",
      description =
          "Judge with a panel: each spec file is one member (repeat the flag, or give them comma-separated); every member judges each record and their votes pool (docs/panels.md).",
      split = ",")
  List<Path> panel;

  @Option(
      names = "--cascade",
      paramLabel = "CHEAP,STRONG",
      split = ",",
      description =
          "Judge with a cascade of two spec files: the cheap judge decides when its confidence is at least --cascade-threshold, else the strong one (docs/panels.md). Other judge flags do not apply to them.")
  List<Path> cascade;

  @Option(
      names = "--cascade-threshold",
      paramLabel = "X",
      description =
          "With --cascade: the cheap judge's confidence needed for its verdict to stand, from 'arbiter cascade calibrate' (default 1: only unanimous cheap verdicts stand).")
  Double cascadeThreshold;

  /** Spec fields and the flags that set them, to name the flag in an error about its value. */
  private static final Map<String, String> FLAGS = new LinkedHashMap<>();

  static {
    FLAGS.put("models[0].endpoint", "--endpoint");
    FLAGS.put("models[0].model", "--model");
    FLAGS.put("models[0].api_key_env", "--api-key-env");
    FLAGS.put("models[0].revision", "--model-revision");
    FLAGS.put("models[0].timeout_seconds", "--timeout");
    FLAGS.put("models", "--endpoint");
    FLAGS.put("protocol.name", "--protocol");
    FLAGS.put("protocol.file", "--protocol-file");
    FLAGS.put("protocol.parse", "--parse");
    FLAGS.put("sampling.k", "--samples");
    FLAGS.put("sampling.temperature", "--temperature");
    FLAGS.put("sampling.top_p", "--top-p");
    FLAGS.put("sampling.max_tokens", "--max-tokens");
    FLAGS.put("sampling.seed", "--seed");
    FLAGS.put("sampling.top_logprobs", "--top-logprobs");
    FLAGS.put("sampling.adaptive_confidence", "--adaptive-confidence");
    FLAGS.put("sampling.consistency", "--consistency");
    FLAGS.put("sampling.consistency_threshold", "--consistency-threshold");
    FLAGS.put("vote.method", "--vote");
    FLAGS.put("vote.abstain_below", "--abstain-below");
    FLAGS.put("vote.meta_judge.model", "--meta-judge-model");
    FLAGS.put("vote.meta_judge.keep", "--meta-judge-keep");
    FLAGS.put("vote.meta_judge.vote", "--meta-judge-vote");
    FLAGS.put("scale", "--scale");
    FLAGS.put("rubric.ref", "--rubric");
    FLAGS.put("rubric.profile", "--profile");
    FLAGS.put("rubric.principles", "--principles");
    FLAGS.put("rubric.generate", "--generate-rubric");
    FLAGS.put("rubric.hard_rule_cap", "--hard-rule-cap");
    FLAGS.put("fusion", "--fusion");
    FLAGS.put("guard", "--guard");
    FLAGS.put("cache.store", "--cache");
    FLAGS.put("cache.memory_entries", "--cache-memory-entries");
    FLAGS.put("cache.memory_ttl_seconds", "--cache-memory-ttl");
    FLAGS.put("tools.names", "--tools");
    FLAGS.put("tools.max_steps", "--max-tool-steps");
    FLAGS.put("tools.timeout_seconds", "--tool-timeout");
    FLAGS.put("concurrency.model_calls", "--max-in-flight");
    FLAGS.put("panel", "--panel");
    FLAGS.put("profiles", "--profiles");
  }

  private JudgeSpec effective;

  /**
   * The effective spec: the {@code --spec} file (defaults without one) with the given flags laid
   * over it.
   *
   * @throws InvalidInputException naming the spec file, line and field, or the flag
   */
  public JudgeSpec spec() {
    if (effective == null) {
      ObjectNode base = JudgeSpecs.document();
      String source = "command line";
      if (specFile != null) {
        // Read strictly first, so a problem in the file is reported with its line.
        JudgeSpecs.load(specFile);
        base = JudgeSpecs.tree(specFile);
        source = specFile + " with the command line's flags";
      }
      ObjectNode overrides = overrides(base);
      try {
        effective = JudgeSpecs.read(JudgeSpecs.merge(base, overrides), source);
      } catch (InvalidInputException e) {
        throw asFlag(e, overrides);
      }
    }
    return effective;
  }

  /**
   * What decides verdicts, for the fingerprint a batch writes on every output line: the effective
   * spec as {@link BatchConfiguration#spec} keeps it, plus a cascade's judges.
   */
  Map<String, Object> configuration() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("spec", BatchConfiguration.spec(spec()));
    c.putAll(cascadeConfiguration());
    return c;
  }

  /**
   * What {@code arbiter judge} fingerprints: {@link BatchConfiguration#of} the effective spec, plus
   * a cascade's judges.
   */
  Map<String, Object> configuration(
      dev.arbiter.core.Mode mode,
      dev.arbiter.eval.batch.RequestReader.Format format,
      java.util.Optional<dev.arbiter.core.Rubric> defaultRubric) {
    Map<String, Object> c = BatchConfiguration.of(spec(), mode, format, defaultRubric);
    c.putAll(cascadeConfiguration());
    return c;
  }

  /** A cascade's judges: they come from their own files, and those decide the verdicts. */
  private Map<String, Object> cascadeConfiguration() {
    Map<String, Object> c = new LinkedHashMap<>();
    if (cascade != null && !cascade.isEmpty()) {
      List<ObjectNode> stages = new java.util.ArrayList<>();
      for (Path p : cascade) {
        stages.add(BatchConfiguration.spec(JudgeSpecs.load(p)));
      }
      c.put("cascade", stages);
      c.put("cascade_threshold", cascadeThreshold == null ? 1.0 : cascadeThreshold);
    }
    return c;
  }

  /**
   * Builds the judge the effective spec describes; notes (a verifier off) go to {@code err}. With
   * {@code --token-budget}, each model is wrapped in the budget, and {@link #onTokenBudgetSpent}
   * runs at the first refusal.
   */
  public BuiltJudge build(PrintWriter err) {
    if (tokenBudget == null) {
      return build(err, Judges.Hooks.none());
    }
    return build(
        err,
        new Judges.Hooks(
            m -> JudgeModels.withTokenBudget(m, tokenBudget, () -> onTokenBudgetSpent.run()),
            List.of()));
  }

  /** Builds the judge the effective spec describes, with a caller's model wrapper and listeners. */
  public BuiltJudge build(PrintWriter err, Judges.Hooks hooks) {
    if (cascade != null && !cascade.isEmpty()) {
      BuiltJudge built = buildCascade(hooks);
      built.notes().forEach(err::println);
      return built;
    }
    JudgeSpec s = spec();
    BuiltJudge built;
    try {
      built = Judges.fromSpec(s, hooks);
    } catch (InvalidInputException e) {
      throw asFlag(e, overrides(JudgeSpecs.document()));
    }
    built.notes().forEach(err::println);
    return built;
  }

  /** The cascade {@code --cascade CHEAP,STRONG} names. */
  private BuiltJudge buildCascade(Judges.Hooks hooks) {
    if (cascade.size() != 2) {
      throw InvalidInputException.of(
          "--cascade", "expected two spec files, CHEAP,STRONG, but got " + cascade.size());
    }
    if (specFile != null || endpoint != null || model != null || panel != null) {
      throw InvalidInputException.of(
          "--cascade",
          "takes both judges from its spec files; drop --spec/--endpoint/--model/--panel");
    }
    double t = cascadeThreshold == null ? 1.0 : cascadeThreshold;
    BuiltJudge built = Ensembles.cascade(cascade.get(0), cascade.get(1), t, hooks);
    if (profiles == null) {
      return built;
    }
    // --profiles reads records, so it applies to a cascade too (its flag overrides the stages').
    return new BuiltJudge(
        built.judge(),
        built.defaultRubric(),
        built.description(),
        built.notes(),
        built.resources(),
        Judges.profiles(spec()));
  }

  /** The cascade's two spec files, or empty without {@code --cascade}. */
  public List<Path> cascadeSpecs() {
    return cascade == null ? List.of() : List.copyOf(cascade);
  }

  /** The flags given, as a spec document to lay over {@code base}. */
  private ObjectNode overrides(ObjectNode base) {
    ObjectNode o = JudgeSpecs.document();
    if (endpoint != null
        || model != null
        || apiKeyEnv != null
        || timeoutSeconds != null
        || modelRevision != null) {
      JsonNode models = base.get("models");
      ObjectNode first =
          models instanceof ArrayNode a && !a.isEmpty() && a.get(0).isObject()
              ? (ObjectNode) a.get(0).deepCopy()
              : JudgeSpecs.document();
      putIf(first, "endpoint", endpoint == null ? null : endpoint.get(0));
      putIf(first, "model", model);
      putIf(first, "api_key_env", apiKeyEnv);
      putIf(first, "timeout_seconds", timeoutSeconds);
      putIf(first, "revision", modelRevision);
      ArrayNode list = o.putArray("models");
      list.add(first);
      if (endpoint != null && endpoint.size() > 1) {
        // Repeated --endpoint: replicas of the first one's model, replacing the spec's list.
        for (String more : endpoint.subList(1, endpoint.size())) {
          list.add(first.deepCopy().put("endpoint", more));
        }
      } else if (models instanceof ArrayNode a) {
        for (int i = 1; i < a.size(); i++) {
          list.add(a.get(i).deepCopy());
        }
      }
    }
    ObjectNode protocolNode = JudgeSpecs.document();
    putIf(protocolNode, "name", protocol);
    if (protocol != null && protocolFile == null) {
      // An explicit --protocol wins over a protocol file named in the spec.
      protocolNode.putNull("file");
    }
    putIf(protocolNode, "file", protocolFile == null ? null : protocolFile.toString());
    putIf(protocolNode, "parse", parse);
    putObjectIf(o, "protocol", protocolNode);
    putIf(o, "scale", scale);
    ObjectNode rubricNode = JudgeSpecs.document();
    putIf(rubricNode, "ref", rubric);
    putIf(rubricNode, "profile", profile == null ? null : profile.toString());
    putListIf(rubricNode, "principles", principles);
    putIf(rubricNode, "generate", generateRubric);
    putIf(rubricNode, "hard_rule_cap", hardRuleCap);
    putObjectIf(o, "rubric", rubricNode);
    ObjectNode sampling = JudgeSpecs.document();
    putIf(sampling, "k", samples);
    putIf(sampling, "temperature", temperature);
    putIf(sampling, "top_p", topP);
    putIf(sampling, "max_tokens", maxTokens);
    putIf(sampling, "seed", seed);
    putIf(sampling, "top_logprobs", topLogprobs);
    putIf(sampling, "adaptive", adaptive);
    putIf(sampling, "adaptive_confidence", adaptiveConfidence);
    putIf(sampling, "consistency", consistency);
    putIf(sampling, "consistency_threshold", consistencyThreshold);
    putObjectIf(o, "sampling", sampling);
    ObjectNode voteNode = JudgeSpecs.document();
    putIf(voteNode, "method", vote);
    putIf(voteNode, "abstain_below", abstainBelow);
    ObjectNode meta = JudgeSpecs.document();
    putIf(meta, "model", metaJudgeModel);
    putIf(meta, "keep", metaJudgeKeep);
    putIf(meta, "vote", metaJudgeVote);
    putObjectIf(voteNode, "meta_judge", meta);
    putObjectIf(o, "vote", voteNode);
    ObjectNode cacheNode = JudgeSpecs.document();
    putIf(cacheNode, "store", cache);
    putIf(cacheNode, "memory_entries", cacheMemoryEntries);
    putIf(cacheNode, "memory_ttl_seconds", cacheMemoryTtlSeconds);
    putObjectIf(o, "cache", cacheNode);
    ObjectNode verifiers = JudgeSpecs.document();
    putIf(verifiers, "enabled", noVerifiers == null ? null : !noVerifiers);
    putIf(verifiers, "show_to_model", showEvidence);
    putObjectIf(o, "verifiers", verifiers);
    putIf(o, "fusion", fusion);
    putIf(o, "guard", guard);
    ObjectNode toolsNode = JudgeSpecs.document();
    putListIf(toolsNode, "names", tools);
    putIf(toolsNode, "max_steps", maxToolSteps);
    putIf(toolsNode, "timeout_seconds", toolTimeoutSeconds);
    putObjectIf(o, "tools", toolsNode);
    ObjectNode concurrency = JudgeSpecs.document();
    putIf(concurrency, "model_calls", maxInFlight);
    putObjectIf(o, "concurrency", concurrency);
    if (panel != null && !panel.isEmpty()) {
      ArrayNode members = o.putArray("panel");
      panel.forEach(p -> members.addObject().put("spec", p.toString()));
    }
    putIf(o, "profiles", profiles == null ? null : profiles.toString());
    return o;
  }

  /** The error, naming the flag instead of the spec field when that flag was given. */
  private static InvalidInputException asFlag(InvalidInputException e, ObjectNode overrides) {
    if (e.field().isEmpty()) {
      return e;
    }
    String field = e.field().get();
    String flag = FLAGS.get(field);
    if (flag == null || !given(overrides, field)) {
      return e;
    }
    return new InvalidInputException(null, -1, flag, e.problem(), e);
  }

  private static boolean given(ObjectNode overrides, String field) {
    JsonNode n = overrides;
    for (String part : field.replace("[0]", ".0").split("\\.")) {
      if (n == null) {
        return false;
      }
      n = part.equals("0") ? n.get(0) : n.get(part);
    }
    return n != null && !n.isNull();
  }

  private static void putIf(ObjectNode o, String field, Object value) {
    if (value == null) {
      return;
    }
    switch (value) {
      case String s -> o.put(field, s);
      case Integer i -> o.put(field, i);
      case Long l -> o.put(field, l);
      case Double d -> o.put(field, d);
      case Boolean b -> o.put(field, b);
      default -> throw new IllegalArgumentException(value.getClass().getName());
    }
  }

  private static void putListIf(ObjectNode o, String field, List<String> values) {
    if (values != null && !values.isEmpty()) {
      ArrayNode a = o.putArray(field);
      values.forEach(a::add);
    }
  }

  private static void putObjectIf(ObjectNode o, String field, ObjectNode value) {
    if (!value.isEmpty()) {
      o.set(field, value);
    }
  }
}
