package dev.arbiter.cli;

import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.Scale;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options that say how to judge, shared by {@code judge} and {@code eval}. */
public final class JudgeOptions {

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
      names = "--api-key-env",
      paramLabel = "VAR",
      defaultValue = "ARBITER_API_KEY",
      description =
          "Environment variable holding the API key, if the server needs one (default: ${DEFAULT-VALUE}).")
  String apiKeyEnv;

  @Option(
      names = "--protocol",
      paramLabel = "NAME",
      defaultValue = "json",
      description =
          "Judging protocol: json, arena-hard, mt-bench, prometheus (default: ${DEFAULT-VALUE}).")
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
      defaultValue = "1",
      description = "Samples per judgement (per order for pairwise); default ${DEFAULT-VALUE}.")
  int samples;

  @Option(
      names = "--temperature",
      defaultValue = "-1",
      description = "Sampling temperature (default 0 for one sample, 0.7 for several).")
  double temperature;

  @Option(
      names = "--top-p",
      defaultValue = "1.0",
      description = "Nucleus sampling (default ${DEFAULT-VALUE}).")
  double topP;

  @Option(
      names = "--max-tokens",
      defaultValue = "1024",
      description = "Completion budget per sample (default ${DEFAULT-VALUE}).")
  int maxTokens;

  @Option(
      names = "--seed",
      defaultValue = "0",
      description =
          "Base seed; sample i uses seed + i where the backend needs it (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--top-logprobs",
      defaultValue = "0",
      description = "Request this many top logprobs per token (needed by --vote logprob).")
  int topLogprobs;

  @Option(
      names = "--vote",
      defaultValue = "mean",
      description =
          "How samples vote: mean (scores) / majority (preferences), ... (default ${DEFAULT-VALUE}).")
  String vote;

  @Option(
      names = "--scale",
      defaultValue = "1-10",
      paramLabel = "MIN-MAX",
      description = "Pointwise score scale (default ${DEFAULT-VALUE}).")
  String scale;

  @Option(
      names = "--principles",
      arity = "1..*",
      paramLabel = "TEXT",
      description = "Judge by these principles (each satisfied / not satisfied).")
  List<String> principles = new ArrayList<>();

  @Option(
      names = "--max-in-flight",
      defaultValue = "16",
      description = "Model calls in flight at once (default ${DEFAULT-VALUE}).")
  int maxInFlight;

  @Option(
      names = "--timeout",
      defaultValue = "120",
      paramLabel = "SECONDS",
      description = "Per-call timeout (default ${DEFAULT-VALUE} s).")
  int timeoutSeconds;

  @Option(
      names = "--fusion",
      defaultValue = "cap",
      description =
          "How verifier evidence meets the model's score: none, cap, weighted (default ${DEFAULT-VALUE}).")
  String fusion;

  @Option(
      names = "--show-evidence",
      description = "Write verifier evidence into the judge model's prompt.")
  boolean showEvidence;

  @Option(names = "--no-verifiers", description = "Do not run the built-in verifiers.")
  boolean noVerifiers;

  @Option(
      names = "--abstain-below",
      defaultValue = "0",
      description = "Abstain when vote agreement is below this share (0 = never).")
  double abstainBelow;

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
      names = "--generate-rubric",
      description =
          "Generate a rubric per query with the judge model (cached per query), merged with --rubric/--profile/--principles.")
  boolean generateRubric;

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
  boolean adaptive;

  @Option(
      names = "--adaptive-confidence",
      paramLabel = "LEVEL",
      defaultValue = "0",
      description =
          "With --adaptive, also stop when a Wilson bound at this level says the leader holds the majority (e.g. 0.95; 0 = exact stopping only).")
  double adaptiveConfidence;

  @Option(
      names = "--hard-rule-cap",
      paramLabel = "X",
      defaultValue = "0",
      description =
          "Highest normalised score a candidate failing a hard rule can get (0 zeroes it; default ${DEFAULT-VALUE}).")
  double hardRuleCap;

  @Option(
      names = "--meta-judge-model",
      paramLabel = "NAME",
      description =
          "With --vote meta-judge: the (cheap) model on the same --endpoint that rates each sample's critique (default: the judge model).")
  String metaJudgeModel;

  @Option(
      names = "--meta-judge-keep",
      paramLabel = "M",
      defaultValue = "0",
      description =
          "With --vote meta-judge: how many top-rated samples vote (default: half of --samples, at least 1).")
  int metaJudgeKeep;

  @Option(
      names = "--meta-judge-vote",
      paramLabel = "NAME",
      defaultValue = "mean",
      description = "With --vote meta-judge: how the kept samples vote (default ${DEFAULT-VALUE}).")
  String metaJudgeVote;

  @Option(
      names = "--tools",
      split = ",",
      paramLabel = "NAME",
      description =
          "Let the judge model call these tools while judging (needs --endpoint): calculator, python. The server must parse tool calls (vllm serve --enable-auto-tool-choice --tool-call-parser ...).")
  List<String> tools = new ArrayList<>();

  @Option(
      names = "--max-tool-steps",
      paramLabel = "N",
      defaultValue = "4",
      description =
          "With --tools: rounds of tool calls per sample before the model must answer without tools (default ${DEFAULT-VALUE}).")
  int maxToolSteps;

  @Option(
      names = "--tool-timeout",
      paramLabel = "SECONDS",
      defaultValue = "10",
      description =
          "With --tools: time limit of one tool call; a late tool answers the model with an error (default ${DEFAULT-VALUE} s).")
  int toolTimeoutSeconds;

  @Option(
      names = "--cache-memory-entries",
      paramLabel = "N",
      defaultValue = "10000",
      description =
          "With --cache: samples kept in memory in front of the store (default ${DEFAULT-VALUE}; 0 = none).")
  long cacheMemoryEntries;

  @Option(
      names = "--cache-memory-ttl",
      paramLabel = "SECONDS",
      defaultValue = "0",
      description =
          "With --cache: how long a sample stays in memory after it was written (0 = until evicted by size). Redis entries expire by the spec's ?ttl=SECONDS.")
  long cacheMemoryTtlSeconds;

  Scale parsedScale() {
    String[] parts = scale.split("-", 2);
    try {
      return Scale.of(Double.parseDouble(parts[0].trim()), Double.parseDouble(parts[1].trim()));
    } catch (RuntimeException e) {
      if (e instanceof InvalidInputException ie) {
        throw InvalidInputException.of("--scale", ie.problem());
      }
      throw InvalidInputException.of(
          "--scale", "expected MIN-MAX such as 1-10 but was '" + scale + "'");
    }
  }

  double effectiveTemperature() {
    if (temperature >= 0) {
      return temperature;
    }
    // One sample: greedy. Several: votes need diversity, and 0.7 is the common self-consistency
    // choice.
    return samples > 1 ? 0.7 : 0.0;
  }
}
