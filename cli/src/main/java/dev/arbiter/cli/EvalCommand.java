package dev.arbiter.cli;

import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.JudgeRequest;
import dev.arbiter.eval.batch.BatchInput;
import dev.arbiter.eval.batch.BatchRunner;
import dev.arbiter.eval.batch.BatchSummary;
import dev.arbiter.eval.batch.Progress;
import dev.arbiter.eval.datasets.DatasetReader;
import dev.arbiter.eval.datasets.DatasetReaders;
import dev.arbiter.eval.datasets.EvalItem;
import dev.arbiter.eval.metrics.Bootstrap;
import dev.arbiter.eval.render.EvalReport;
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
      "Resumable: rerunning with the same --report skips items already judged."
    })
public final class EvalCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--dataset",
      required = true,
      description = "Data-set format: ${COMPLETION-CANDIDATES}.",
      completionCandidates = Formats.class)
  String dataset;

  @Option(names = "--in", required = true, paramLabel = "FILE", description = "The benchmark file.")
  Path in;

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
    if (!Files.isRegularFile(in)) {
      throw InvalidInputException.of("--in", "no such file: " + in);
    }
    DatasetReader reader = DatasetReaders.forFormat(dataset);
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
            Bootstrap.of(bootstrapRounds, 0.95, 0),
            summary.wall().toMillis() / 1000.0,
            notes);
    Path html = ReportWriter.write(r, report);
    var err = spec.commandLine().getErr();
    err.println(built.description());
    err.println(summary.render());
    err.printf(
        java.util.Locale.ROOT,
        "  accuracy    %s over %d labelled items%n",
        ReportWriter.pct(r.overall().value()),
        r.overall().n());
    err.println("  report      " + html);
    err.flush();
    return summary.interrupted() ? 130 : 0;
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
