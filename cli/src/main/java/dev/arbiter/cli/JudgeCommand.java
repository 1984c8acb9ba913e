package dev.arbiter.cli;

import dev.arbiter.core.Mode;
import dev.arbiter.core.Rubric;
import dev.arbiter.eval.batch.BatchRunner;
import dev.arbiter.eval.batch.BatchSummary;
import dev.arbiter.eval.batch.Progress;
import dev.arbiter.eval.batch.RequestReader;
import dev.arbiter.spec.BuiltJudge;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
      "Reruns skip records already in --out; a malformed line becomes an error record and the run goes on."
    })
public final class JudgeCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--mode",
      defaultValue = "pointwise",
      description = "pointwise, pairwise or listwise (default ${DEFAULT-VALUE}).")
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

  @Mixin JudgeOptions options;

  @Override
  public Integer call() throws Exception {
    Mode m = Mode.parse(mode);
    RequestReader.Format f = RequestReader.Format.parse(format);
    if (!Files.isRegularFile(in)) {
      throw dev.arbiter.core.InvalidInputException.of("--in", "no such file: " + in);
    }
    BuiltJudge built = options.build(spec.commandLine().getErr());
    Optional<Rubric> rubric = built.defaultRubric();
    long total = countLines(in);
    Progress progress = noProgress ? Progress.silent() : ConsoleProgress.auto(total, System.err);
    BatchRunner runner =
        BatchRunner.builder()
            .judge(built.judge())
            .output(out)
            .concurrency(
                concurrency != null ? concurrency : options.spec().concurrency().requests())
            .retryFailed(retryFailed)
            .withSamples(withSamples)
            .progress(progress)
            .build();
    BatchSummary summary;
    try (RequestReader reader = RequestReader.open(in, f, m, rubric)) {
      summary = StopHook.runWithHook(runner, () -> runner.run(reader));
    } finally {
      built.close();
    }
    var err = spec.commandLine().getErr();
    err.println(built.description());
    err.println(summary.render());
    err.println("  output      " + out);
    if (summary.interrupted()) {
      err.println("  resume with the same command; records already written are skipped.");
    }
    if (summary.errors() > 0) {
      err.println(
          "  "
              + summary.errors()
              + " error records: rerun with --retry-failed to judge them again.");
    }
    err.flush();
    return summary.interrupted() ? 130 : 0;
  }

  static long countLines(Path file) throws IOException {
    var raw = Files.newInputStream(file);
    var stream = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
      long n = 0;
      for (String line; (line = r.readLine()) != null; ) {
        if (!line.isBlank()) {
          n++;
        }
      }
      return n;
    }
  }
}
