package dev.arbiter.cli;

import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.JudgeRequest;
import dev.arbiter.core.vote.AbstentionSignals.Signal;
import dev.arbiter.eval.abstain.Abstention;
import dev.arbiter.eval.batch.BatchInput;
import dev.arbiter.eval.batch.BatchRunner;
import dev.arbiter.eval.batch.BatchSummary;
import dev.arbiter.eval.batch.Progress;
import dev.arbiter.eval.datasets.DatasetReader;
import dev.arbiter.eval.datasets.DatasetReaders;
import dev.arbiter.eval.datasets.EvalItem;
import dev.arbiter.eval.league.BattleVerdicts;
import dev.arbiter.eval.league.League;
import dev.arbiter.eval.league.LeagueBuilder;
import dev.arbiter.eval.league.ScoreFile;
import dev.arbiter.eval.metrics.Bootstrap;
import dev.arbiter.eval.render.AbstentionSection;
import dev.arbiter.eval.render.EvalReport;
import dev.arbiter.eval.render.LeagueWriter;
import dev.arbiter.eval.render.ReportBuilder;
import dev.arbiter.eval.render.ReportWriter;
import dev.arbiter.spec.BuiltJudge;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code arbiter eval}: judge a labelled benchmark and write a report. */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = {
      "Judge a labelled benchmark file and write verdicts plus a report (JSON, Markdown, HTML) into --report.",
      "Resumable: rerunning with the same --report skips items already judged.",
      "With --battles: rank models from pairwise battle verdicts (arbiter judge output whose requests name"
          + " model_a / model_b) into a league table (league.{json,md,html}) against --baseline."
    })
public final class EvalCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--dataset",
      description = "Data-set format: ${COMPLETION-CANDIDATES}.",
      completionCandidates = Formats.class)
  String dataset;

  @Option(names = "--in", paramLabel = "FILE", description = "The benchmark file.")
  Path in;

  @Option(
      names = "--battles",
      paramLabel = "VERDICTS",
      description =
          "League table instead of a benchmark: pairwise verdicts (arbiter judge output) whose lines"
              + " carry a battle object (requests with metadata model_a / model_b). Needs --baseline;"
              + " no model is called.")
  Path battles;

  @Option(
      names = "--baseline",
      paramLabel = "MODEL",
      description = "With --battles: the model rated 1000 and win rates are taken against.")
  String baseline;

  @Option(
      names = "--reference-ranking",
      paramLabel = "FILE",
      description =
          "With --battles: a reference ranking (one model per line, best first, or 'model,score' with"
              + " higher better) for Kendall's tau and Spearman's rho.")
  Path referenceRanking;

  @Option(
      names = "--instruction-difficulty",
      paramLabel = "FILE",
      description =
          "With --battles: 'question,difficulty' lines (e.g. AlpacaEval's instruction_difficulty.csv)"
              + " for the length-controlled win rate; by default it is estimated from the other"
              + " models' games on each question.")
  Path instructionDifficulty;

  @Option(
      names = "--strong-weight",
      defaultValue = "3",
      description =
          "With --battles: battles a strong preference (A>>B) counts as in the ratings (default"
              + " ${DEFAULT-VALUE}, Arena-Hard's).")
  int strongWeight;

  @Option(
      names = "--bootstrap-seed",
      defaultValue = "0",
      description = "Seed of the bootstrap resampling (default ${DEFAULT-VALUE}).")
  long bootstrapSeed;

  @Option(
      names = "--report",
      required = true,
      paramLabel = "DIR",
      description = "Where verdicts.jsonl and report.{json,md,html} go.")
  Path report;

  @Option(
      names = "--limit",
      defaultValue = "0",
      description = "Judge only the first N items (0 = all).")
  long limit;

  @Option(
      names = "--concurrency",
      description = "Items judged at once (default: the spec's concurrency.requests, 8).")
  Integer concurrency;

  @Option(names = "--retry-failed", description = "Judge error records again.")
  boolean retryFailed;

  @Option(
      names = "--bootstrap-rounds",
      defaultValue = "1000",
      description = "Bootstrap rounds for intervals (default ${DEFAULT-VALUE}).")
  int bootstrapRounds;

  @Option(names = "--no-progress", description = "No progress bar or progress lines.")
  boolean noProgress;

  @Option(
      names = "--no-shuffle",
      description =
          "Keep candidates in the data set's order (by default they are shuffled with --seed, so labels are spread over positions).")
  boolean noShuffle;

  @Option(
      names = "--force-mixed",
      description =
          "Resume even when the report's verdicts.jsonl was judged with another configuration.")
  boolean forceMixed;

  @Option(
      names = "--target-precision",
      defaultValue = "0.9",
      description =
          "Calibrated abstention in the report: the accuracy the kept verdicts must reach (default"
              + " ${DEFAULT-VALUE}; docs/calibrate.md).")
  double targetPrecision;

  @Option(
      names = "--calibrate-signal",
      defaultValue = "combined",
      description =
          "Calibrated abstention in the report: the confidence signal (agreement, direction,"
              + " entropy, order, panel, combined; default ${DEFAULT-VALUE}).")
  String calibrateSignal;

  @Mixin JudgeOptions options;

  /** The data-set formats, for the help text. */
  static final class Formats implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return DatasetReaders.FORMATS.keySet().iterator();
    }
  }

  @Override
  public Integer call() throws Exception {
    if (battles != null) {
      if (dataset != null || in != null) {
        throw InvalidInputException.of(
            "--battles", "takes the place of --dataset and --in; give one or the other");
      }
      return league();
    }
    if (dataset == null || in == null) {
      throw InvalidInputException.of(
          dataset == null ? "--dataset" : "--in",
          "is required (or --battles VERDICTS --baseline MODEL for a league table)");
    }
    if (baseline != null || referenceRanking != null || instructionDifficulty != null) {
      throw InvalidInputException.of(
          baseline != null
              ? "--baseline"
              : referenceRanking != null ? "--reference-ranking" : "--instruction-difficulty",
          "applies to --battles only");
    }
    if (!Files.isRegularFile(in)) {
      throw InvalidInputException.of("--in", "no such file: " + in);
    }
    DatasetReader reader = DatasetReaders.forFormat(dataset);
    Signal signal =
        Signal.parse(calibrateSignal)
            .orElseThrow(
                () ->
                    InvalidInputException.of(
                        "--calibrate-signal", "unknown signal '" + calibrateSignal + "'"));
    if (!(targetPrecision > 0 && targetPrecision <= 1)) {
      throw InvalidInputException.of(
          "--target-precision", "must be in (0, 1] but was " + targetPrecision);
    }
    Files.createDirectories(report);
    Path verdicts = report.resolve("verdicts.jsonl");
    BuiltJudge built = options.build(spec.commandLine().getErr());
    if (built.profiles().isPresent()) {
      spec.commandLine()
          .getErr()
          .println(
              "note: dataset items name no user, so the learned profiles (--profiles) judge nothing here");
    }
    Map<String, ReportBuilder.ItemInfo> index = new HashMap<>();
    BatchSummary summary;
    try (Stream<EvalItem> items = reader.read(in)) {
      Stream<EvalItem> limited = limit > 0 ? items.limit(limit) : items;
      Iterator<BatchInput> inputs =
          new Inputs(
              limited.iterator(),
              index,
              built,
              noShuffle ? null : options.spec().sampling().seed());
      BatchRunner runner =
          BatchRunner.builder()
              .judge(built.judge())
              .output(verdicts)
              .concurrency(
                  concurrency != null ? concurrency : options.spec().concurrency().requests())
              .retryFailed(retryFailed)
              .configuration(options.configuration())
              .allowMixedConfigurations(forceMixed)
              .warnings(spec.commandLine().getErr()::println)
              .progress(
                  noProgress
                      ? Progress.silent()
                      : ConsoleProgress.auto(limit > 0 ? limit : -1, System.err))
              .build();
      options.onTokenBudgetSpent = runner::requestStop;
      summary = StopHook.runWithHook(runner, () -> runner.run(inputs));
    } finally {
      built.close();
    }
    List<String> notes = new ArrayList<>();
    if (options.spec().models().isEmpty()) {
      notes.add(
          "No judge model: verifiers alone judged. Items no verifier applies to are unscored and count as wrong.");
    }
    if (options.spec().models().stream().anyMatch(m -> "stub-judge".equals(m.model()))) {
      notes.add(
          "Judged by the simulated vLLM server (arbiter stub-server): its decisions are pseudo-random, so these accuracies measure nothing but the wiring.");
    }
    EvalReport r =
        ReportBuilder.build(
            "Arbiter evaluation: " + in.getFileName(),
            built.description(),
            dataset + " · " + in,
            verdicts,
            index,
            Bootstrap.of(bootstrapRounds, 0.95, bootstrapSeed),
            summary.wall().toMillis() / 1000.0,
            notes);
    r =
        r.withAbstention(
            AbstentionSection.build(
                verdicts, index, signal, targetPrecision, Abstention.Selection.POINT));
    AbstentionSection.writeLabels(report.resolve("labels.jsonl"), index);
    Path html = ReportWriter.write(r, report);
    var err = spec.commandLine().getErr();
    err.println(built.description());
    err.println(summary.render());
    err.printf(
        java.util.Locale.ROOT,
        "  accuracy    %s over %d labelled items%n",
        ReportWriter.pct(r.overall().value()),
        r.overall().n());
    r.abstention()
        .flatMap(Abstention.Result::chosen)
        .ifPresent(
            p ->
                err.printf(
                    java.util.Locale.ROOT,
                    "  abstention  below %.4f (%s): coverage %s at accuracy %s%n",
                    p.threshold(),
                    signal.id(),
                    ReportWriter.pct(p.coverage()),
                    ReportWriter.pct(p.accuracy())));
    err.println("  report      " + html);
    err.flush();
    return summary.interrupted() ? 130 : 0;
  }

  /** {@code --battles}: the league table from a verdict file; no model is called. */
  private int league() throws java.io.IOException {
    if (!Files.isRegularFile(battles)) {
      throw InvalidInputException.of("--battles", "no such file: " + battles);
    }
    if (baseline == null) {
      throw InvalidInputException.of("--baseline", "is required with --battles");
    }
    LeagueBuilder b =
        LeagueBuilder.builder()
            .baseline(baseline)
            .strongWeight(strongWeight)
            .bootstrap(Bootstrap.of(bootstrapRounds, 0.95, bootstrapSeed));
    if (referenceRanking != null) {
      b.reference(referenceRanking.toString(), ScoreFile.ranking(referenceRanking));
    }
    if (instructionDifficulty != null) {
      b.instructionDifficulty(
          instructionDifficulty.toString(), ScoreFile.numbers(instructionDifficulty));
    }
    League league = b.build(BattleVerdicts.read(battles));
    Path html = LeagueWriter.write(league, report);
    var err = spec.commandLine().getErr();
    league.notes().forEach(n -> err.println("  note: " + n));
    for (League.Standing s : league.standings()) {
      err.printf(
          java.util.Locale.ROOT,
          "  %2d  %-28s %7.1f  [%7.1f, %7.1f]%n",
          s.rank(),
          s.model(),
          s.rating(),
          s.ratingLower(),
          s.ratingUpper());
    }
    league
        .reference()
        .ifPresent(
            r ->
                err.printf(
                    java.util.Locale.ROOT,
                    "  reference   Kendall tau %.3f, Spearman rho %.3f over %d models%n",
                    r.kendallTau(),
                    r.spearmanRho(),
                    r.models().size()));
    err.println("  league      " + html);
    err.flush();
    return 0;
  }

  /**
   * Items → batch inputs, remembering each item's label. A record the reader rejects becomes an
   * error record named after its line, and reading goes on with the next record; only a failure
   * with no line (the file itself cannot be read) ends the input.
   */
  private static final class Inputs implements Iterator<BatchInput> {
    private final Iterator<EvalItem> items;
    private final Map<String, ReportBuilder.ItemInfo> index;
    private final BuiltJudge built;
    private final Long shuffleSeed;
    private long n;
    private boolean ended;
    private BatchInput next;

    Inputs(
        Iterator<EvalItem> items,
        Map<String, ReportBuilder.ItemInfo> index,
        BuiltJudge built,
        Long shuffleSeed) {
      this.items = items;
      this.shuffleSeed = shuffleSeed;
      this.index = index;
      this.built = built;
    }

    @Override
    public boolean hasNext() {
      if (next == null && !ended) {
        next = advance();
      }
      return next != null;
    }

    @Override
    public BatchInput next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      BatchInput b = next;
      next = null;
      return b;
    }

    private BatchInput advance() {
      EvalItem read;
      try {
        if (!items.hasNext()) {
          ended = true;
          return null;
        }
        read = items.next();
      } catch (InvalidInputException e) {
        n++;
        // The readers advance past a bad record before rejecting it, so the next call goes on
        // with the record after it; a failure without a line means the file cannot be read.
        ended = e.line() <= 0;
        String id = e.line() > 0 ? "line-" + e.line() : "record-" + n;
        return BatchInput.failed(e.line() > 0 ? e.line() : n, id, e);
      }
      n++;
      // Readers put the labelled candidate first; a seeded shuffle spreads labels over
      // positions so a position-biased judge cannot score by always picking A.
      EvalItem item =
          shuffleSeed != null && read.preferred().isPresent() ? read.shuffled(shuffleSeed) : read;
      try {
        JudgeRequest req = item.toJudgeRequest();
        if (built.defaultRubric().isPresent() && req.rubric().isEmpty()) {
          req = req.withRubric(built.defaultRubric().get());
        }
        ReportBuilder.ItemInfo.of(item).ifPresent(info -> index.put(item.id(), info));
        return BatchInput.of(n, req);
      } catch (InvalidInputException e) {
        return BatchInput.failed(n, item.id(), e);
      }
    }
  }
}
