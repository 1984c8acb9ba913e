package dev.arbiter.cli;

import dev.arbiter.core.JudgeRequest;
import dev.arbiter.core.Mode;
import dev.arbiter.core.Rubric;
import dev.arbiter.eval.batch.BatchInput;
import dev.arbiter.eval.batch.RequestReader;
import dev.arbiter.eval.probe.Probe;
import dev.arbiter.eval.render.ProbeWriter;
import dev.arbiter.spec.BuiltJudge;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code arbiter probe}: how robust is the judge to reformatting and to master-key answers. */
@Command(
    name = "probe",
    mixinStandardHelpOptions = true,
    description = {
      "Judge each pair as given, under meaning-preserving transformations of the candidates, and"
          + " against master-key answers; write probe.json and probe.html (docs/probe.md)."
    })
public final class ProbeCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--in",
      required = true,
      paramLabel = "FILE",
      description = "Pairs as JSONL (plain or .gz).")
  Path in;

  @Option(
      names = "--format",
      defaultValue = "arbiter",
      description = "Input format: arbiter or judgebench (default ${DEFAULT-VALUE}).")
  String format;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Folder for probe.json and probe.html.")
  Path out;

  @Option(
      names = "--concurrency",
      defaultValue = "8",
      description = "Judgements at once (default ${DEFAULT-VALUE}).")
  int concurrency;

  @Mixin JudgeOptions options;

  @Override
  public Integer call() throws Exception {
    RequestReader.Format f = RequestReader.Format.parse(format);
    if (!Files.isRegularFile(in)) {
      throw dev.arbiter.core.InvalidInputException.of("--in", "no such file: " + in);
    }
    var err = spec.commandLine().getErr();
    List<JudgeRequest> pairs = new ArrayList<>();
    List<String> inputErrors = new ArrayList<>();
    try (BuiltJudge built = options.build(err)) {
      Optional<Rubric> rubric = built.defaultRubric();
      try (RequestReader reader = RequestReader.open(in, f, Mode.PAIRWISE, rubric)) {
        while (reader.hasNext()) {
          BatchInput b = reader.next();
          b.request().ifPresent(pairs::add);
          b.error().ifPresent(e -> inputErrors.add("line " + b.line() + ": " + e.getMessage()));
        }
      }
      inputErrors.forEach(e -> err.println("  left out " + e));
      Probe.Result r = Probe.of(built.judge(), concurrency).run(pairs);
      Path page = ProbeWriter.write(r, built.description(), in.toString(), inputErrors, out);
      err.println(built.description());
      err.printf(
          "  probed %d pairs (%d scored as given) under %d transformations and %d master keys%n",
          r.pairs(), r.baselineScored(), r.transformations().size(), r.masterKeys().size());
      err.println("  report      " + out.resolve("probe.json") + ", " + page);
      err.flush();
    }
    return 0;
  }
}
