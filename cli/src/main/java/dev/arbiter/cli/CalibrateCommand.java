package dev.arbiter.cli;

import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.internal.Json;
import dev.arbiter.core.vote.AbstentionSignals.Signal;
import dev.arbiter.eval.abstain.Abstention;
import dev.arbiter.eval.abstain.Calibration;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code arbiter calibrate}: the abstention threshold that reaches a target precision. */
@Command(
    name = "calibrate",
    mixinStandardHelpOptions = true,
    description = {
      "Pick the confidence threshold below which the judge should abstain so that the verdicts it"
          + " keeps reach --target-precision against labels, losing the least coverage"
          + " (docs/calibrate.md).",
      "Prints the coverage-accuracy curve and the chosen threshold, compares the signals, and"
          + " writes the curve as JSON to --out."
    })
public final class CalibrateCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--verdicts",
      required = true,
      paramLabel = "FILE",
      description = "Verdicts JSONL (arbiter judge --out, or an eval report's verdicts.jsonl).")
  Path verdicts;

  @Option(
      names = "--labels",
      required = true,
      paramLabel = "FILE",
      description =
          "Labels JSONL: {id (or pair_id), label}; label A>B / B>A / A=B, a score, or the best"
              + " candidate's id. A JudgeBench pairs file works as it is.")
  Path labels;

  @Option(
      names = "--target-precision",
      defaultValue = "0.9",
      description = "Accuracy the kept verdicts must reach (default ${DEFAULT-VALUE}).")
  double target;

  @Option(
      names = "--signal",
      defaultValue = "combined",
      description =
          "Confidence signal: agreement, direction, entropy, order, panel or combined (default"
              + " ${DEFAULT-VALUE}).")
  String signal;

  @Option(
      names = "--select",
      defaultValue = "point",
      description =
          "What must reach the target: point (the measured accuracy) or lower-bound (its"
              + " one-sided 95% Wilson lower bound) (default ${DEFAULT-VALUE}).")
  String select;

  @Option(
      names = "--tolerance",
      defaultValue = "0.5",
      description =
          "Pointwise: a score within this distance of the label is right (default"
              + " ${DEFAULT-VALUE}).")
  double tolerance;

  @Option(
      names = "--out",
      defaultValue = "calibration.json",
      paramLabel = "FILE",
      description = "Where the curve and the choice go as JSON (default ${DEFAULT-VALUE}).")
  Path out;

  @Override
  public Integer call() throws Exception {
    if (!Files.isRegularFile(verdicts)) {
      throw InvalidInputException.of("--verdicts", "no such file: " + verdicts);
    }
    if (!Files.isRegularFile(labels)) {
      throw InvalidInputException.of("--labels", "no such file: " + labels);
    }
    Signal s =
        Signal.parse(signal)
            .orElseThrow(
                () ->
                    InvalidInputException.of(
                        "--signal",
                        "expected one of "
                            + Arrays.stream(Signal.values())
                                .map(Signal::id)
                                .collect(Collectors.joining(", "))
                            + " but was '"
                            + signal
                            + "'"));
    Calibration.Run run =
        Calibration.run(verdicts, labels, s, target, Abstention.Selection.parse(select), tolerance);
    PrintWriter o = spec.commandLine().getOut();
    Abstention.Result r = run.result();
    o.printf(
        Locale.ROOT,
        "%d verdicts, %d with a label (%d decided), %d without; %d labels without a verdict%n",
        run.verdicts(),
        r.labelled(),
        r.decided(),
        run.unlabelled(),
        run.missing());
    o.printf(Locale.ROOT, "signal %s%n", r.signal().id());
    o.println("threshold  coverage  accuracy  accuracy_low95");
    for (Abstention.Point p : r.curve()) {
      o.printf(
          Locale.ROOT,
          "%9.4f  %8.3f  %8.3f  %14.3f%n",
          p.threshold(),
          p.coverage(),
          p.accuracy(),
          p.accuracyLow());
    }
    if (r.chosen().isEmpty()) {
      o.printf(
          Locale.ROOT,
          "no threshold reaches %s %.3f: abstaining cannot make these verdicts that accurate%n",
          r.selection() == Abstention.Selection.POINT ? "accuracy" : "a lower bound of",
          target);
    } else {
      Abstention.Point p = r.chosen().get();
      o.printf(
          Locale.ROOT,
          "threshold %.4f: keeps %.1f %% of labelled verdicts at accuracy %.3f (one-sided 95 %%"
              + " Wilson lower bound %.3f), target %.3f (%s)%n",
          p.threshold(),
          100 * p.coverage(),
          p.accuracy(),
          p.accuracyLow(),
          target,
          r.selection().id());
      r.noAbstention()
          .ifPresent(
              a ->
                  o.printf(
                      Locale.ROOT,
                      "without abstaining: coverage %.3f, accuracy %.3f%n",
                      a.coverage(),
                      a.accuracy()));
      if (r.signal() != Signal.PANEL) {
        o.printf(
            Locale.ROOT,
            "use: --abstain-below %.4f --abstain-signal %s%n",
            p.threshold(),
            r.signal().id());
      }
    }
    o.println("signal      threshold  coverage  accuracy");
    for (Abstention.Result b : run.bySignal()) {
      o.printf(
          Locale.ROOT,
          "%-10s  %9s  %8.3f  %8s%n",
          b.signal().id(),
          b.chosen().map(p -> String.format(Locale.ROOT, "%.4f", p.threshold())).orElse("none"),
          b.chosen().map(Abstention.Point::coverage).orElse(0.0),
          b.chosen().map(p -> String.format(Locale.ROOT, "%.3f", p.accuracy())).orElse("-"));
    }
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(
        out,
        Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(Calibration.toJson(run))
            + "\n",
        StandardCharsets.UTF_8);
    o.println("curve written to " + out);
    o.flush();
    return 0;
  }
}
