package dev.arbiter.cli;

import dev.arbiter.core.Mode;
import dev.arbiter.core.Rubric;
import dev.arbiter.core.ensemble.CascadeTally;
import dev.arbiter.eval.batch.BatchRunner;
import dev.arbiter.eval.batch.BatchSummary;
import dev.arbiter.eval.batch.Progress;
import dev.arbiter.eval.batch.RequestReader;
import dev.arbiter.spec.BuiltJudge;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.zip.GZIPInputStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code arbiter judge}: judge every record of a JSONL file, resumably. */
@Command(
    name = "judge",
    mixinStandardHelpOptions = true,
    description = {
      "Judge every record of a JSONL file and write one verdict line per record.",
      "Reruns skip records already in --out; a malformed line becomes an error record and the run goes on.",
      "",
      "Exit status: 0 every record judged and no error record in --out; 2 bad options or input,",
      "another run writing --out, or --out judged with another configuration; 3 finished, but --out",
      "holds error records (rerun with --retry-failed); 4 the input file ended early (e.g. a",
      "truncated .gz), everything before was judged; 130 stopped early (signal, or the judge server",
      "down longer than --max-outage): rerun the same command to resume."
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:every record judged, no error records",
      "1:a failure that ended the run",
      "2:bad options or input, --out locked or of another configuration",
      "3:finished, but --out holds error records",
      "4:the input ended early (truncated .gz); everything before was judged",
      "130:stopped early; rerun to resume"
    })
public final class JudgeCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--mode",
      description =
          "pointwise, pairwise or listwise (default: each record's own: one response pointwise, response_a/response_b pairwise, more candidates listwise).")
  String mode;

  @Option(
      names = "--in",
      required = true,
      paramLabel = "FILE",
      description = "Input JSONL (plain or .gz).")
  Path in;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "FILE",
      description = "Output JSONL; resumed when it exists.")
  Path out;

  @Option(
      names = "--format",
      defaultValue = "arbiter",
      description = "Input format: arbiter or judgebench (default ${DEFAULT-VALUE}).")
  String format;

  @Option(
      names = "--concurrency",
      description = "Records judged at once (default: the spec's concurrency.requests, 8).")
  Integer concurrency;

  @Option(
      names = "--retry-failed",
      description = "Re-run the records whose last output is an error record.")
  boolean retryFailed;

  @Option(names = "--with-samples", description = "Write every sample's raw text into the output.")
  boolean withSamples;

  @Option(names = "--no-progress", description = "No progress bar or progress lines.")
  boolean noProgress;

  @Option(
      names = "--force-mixed",
      description =
          "Resume even when --out holds verdicts judged with another configuration (model, protocol, sampling, voting, rubric...).")
  boolean forceMixed;

  @Option(
      names = "--max-line-bytes",
      paramLabel = "N",
      defaultValue = "16777216",
      description =
          "Longest input line judged (default ${DEFAULT-VALUE}); a longer one becomes an error record.")
  int maxLineBytes;

  @Option(
      names = "--record-timeout",
      paramLabel = "SECONDS",
      defaultValue = "600",
      description =
          "Deadline of one attempt at a record, retries and all (default ${DEFAULT-VALUE} s); a later one becomes an error record.")
  int recordTimeoutSeconds;

  @Option(
      names = "--max-outage",
      paramLabel = "SECONDS",
      defaultValue = "1800",
      description =
          "While the judge server keeps failing the run pauses; after this long it stops with status 130 (default ${DEFAULT-VALUE} s).")
  int maxOutageSeconds;

  @Mixin JudgeOptions options;

  /** Exit status: finished, but the output holds error records. */
  static final int EXIT_ERROR_RECORDS = 3;

  /** Exit status: the input ended before its end (a truncated .gz). */
  static final int EXIT_INPUT_ENDED_EARLY = 4;

  /** Exit status: stopped early, resumable. */
  static final int EXIT_STOPPED = 130;

  @Override
  public Integer call() throws Exception {
    // Without --mode each record's candidates say how it is judged.
    Mode m = mode == null ? Mode.POINTWISE : Mode.parse(mode);
    RequestReader.Format f = RequestReader.Format.parse(format);
    if (!Files.isRegularFile(in)) {
      throw dev.arbiter.core.InvalidInputException.of("--in", "no such file: " + in);
    }
    if (recordTimeoutSeconds < 1 || maxOutageSeconds < 1) {
      throw dev.arbiter.core.InvalidInputException.of(
          recordTimeoutSeconds < 1 ? "--record-timeout" : "--max-outage",
          "must be >= 1 second but was "
              + (recordTimeoutSeconds < 1 ? recordTimeoutSeconds : maxOutageSeconds));
    }
    if (maxLineBytes < 1) {
      throw dev.arbiter.core.InvalidInputException.of(
          "--max-line-bytes", "must be >= 1 but was " + maxLineBytes);
    }
    var err = spec.commandLine().getErr();
    BuiltJudge built = options.build(err);
    Optional<Rubric> rubric = built.defaultRubric();
    long total = countLines(in);
    Progress progress = noProgress ? Progress.silent() : ConsoleProgress.auto(total, System.err);
    Map<String, Object> configuration = options.configuration(m, f, rubric);
    // Without --mode each record says its own mode.
    configuration.put("mode", mode == null ? "auto" : m.name());
    CascadeTally cascade = CascadeTally.create();
    BatchRunner runner =
        BatchRunner.builder()
            .judge(cascade.observe(built.judge()))
            .input(in)
            .output(out)
            .concurrency(
                concurrency != null ? concurrency : options.spec().concurrency().requests())
            .retryFailed(retryFailed)
            .withSamples(withSamples)
            .progress(progress)
            .recordTimeout(Duration.ofSeconds(recordTimeoutSeconds))
            .maxOutage(Duration.ofSeconds(maxOutageSeconds))
            .configuration(configuration)
            .allowMixedConfigurations(forceMixed)
            .warnings(
                w -> {
                  err.println(w);
                  err.flush();
                })
            .build();
    options.onTokenBudgetSpent = runner::requestStop;
    BatchSummary summary;
    Optional<String> endedEarly;
    try (RequestReader reader = RequestReader.open(in, f, m, rubric, maxLineBytes)) {
      if (mode == null) {
        reader.inferModeFromRecords();
      }
      built.userRubrics().ifPresent(reader::withUserRubrics);
      summary = StopHook.runWithHook(runner, () -> runner.run(reader));
      endedEarly = reader.endedEarly();
    } finally {
      built.close();
    }
    err.println(built.description());
    err.println(summary.render());
    cascade.render().ifPresent(err::println);
    err.println("  output      " + out);
    if (summary.interrupted()) {
      err.println("  resume with the same command; records already written are skipped.");
    }
    endedEarly.ifPresent(
        why -> err.println("  input ended early: " + why + "; every line before was judged."));
    if (summary.errorsInOutput() > 0) {
      err.println(
          "  "
              + summary.errorsInOutput()
              + " error records in the output: rerun with --retry-failed to judge them again.");
    }
    err.flush();
    if (summary.interrupted()) {
      return EXIT_STOPPED;
    }
    if (endedEarly.isPresent()) {
      return EXIT_INPUT_ENDED_EARLY;
    }
    return summary.errorsInOutput() > 0 ? EXIT_ERROR_RECORDS : 0;
  }

  /**
   * Input lines, for the progress bar's total: line breaks counted without decoding, so an
   * over-long line costs no memory; a file that cannot be read to its end counts up to there.
   */
  static long countLines(Path file) throws IOException {
    var raw = Files.newInputStream(file);
    try (var stream =
        file.getFileName().toString().endsWith(".gz")
            ? new GZIPInputStream(raw, 1 << 16)
            : new java.io.BufferedInputStream(raw, 1 << 16)) {
      long n = 0;
      byte[] buf = new byte[1 << 16];
      try {
        for (int r; (r = stream.read(buf)) > 0; ) {
          for (int i = 0; i < r; i++) {
            if (buf[i] == '\n') {
              n++;
            }
          }
        }
      } catch (IOException e) {
        // A truncated .gz: the run itself reports it.
      }
      return n;
    } catch (IOException e) {
      return -1;
    }
  }
}
