package dev.arbiter.cli;

import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.JudgeRequest;
import dev.arbiter.core.Mode;
import dev.arbiter.core.Rubric;
import dev.arbiter.core.Verdict;
import dev.arbiter.core.ensemble.CascadeCalibration;
import dev.arbiter.eval.batch.BatchInput;
import dev.arbiter.eval.batch.RequestReader;
import dev.arbiter.spec.BuiltJudge;
import dev.arbiter.spec.JudgeSpecs;
import dev.arbiter.spec.Judges;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code arbiter cascade}: cascades of a cheap and a strong judge. */
@Command(
    name = "cascade",
    mixinStandardHelpOptions = true,
    description =
        "Cascades: a cheap judge decides when sure, a strong judge decides the rest (docs/panels.md).",
    subcommands = {CascadeCommand.Calibrate.class})
public final class CascadeCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code arbiter cascade calibrate}: the threshold that reaches a target agreement. */
  @Command(
      name = "calibrate",
      mixinStandardHelpOptions = true,
      description = {
        "Judge a dev file with both judges of a cascade and pick the lowest cheap-judge confidence"
            + " threshold at which the cascade agrees with the strong judge on at least --target of"
            + " the records the strong judge decided.",
        "Prints every candidate threshold, then the chosen one for --cascade-threshold."
      })
  public static final class Calibrate implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--cascade",
        required = true,
        split = ",",
        paramLabel = "CHEAP,STRONG",
        description = "The cheap and the strong judge's spec files.")
    List<Path> cascade;

    @Option(
        names = "--dev",
        required = true,
        paramLabel = "FILE",
        description =
            "Dev records (JSONL, as 'arbiter judge' reads them); the strong judge labels them.")
    Path dev;

    @Option(
        names = "--target",
        defaultValue = "0.95",
        description = "Agreement with the strong judge to reach (default ${DEFAULT-VALUE}).")
    double target;

    @Option(
        names = "--mode",
        defaultValue = "pointwise",
        description = "pointwise, pairwise or listwise (default ${DEFAULT-VALUE}).")
    String mode;

    @Option(
        names = "--format",
        defaultValue = "arbiter",
        description = "Input format: arbiter or judgebench (default ${DEFAULT-VALUE}).")
    String format;

    @Option(
        names = "--concurrency",
        defaultValue = "8",
        description = "Records judged at once (default ${DEFAULT-VALUE}).")
    int concurrency;

    @Override
    public Integer call() throws Exception {
      if (cascade.size() != 2) {
        throw InvalidInputException.of(
            "--cascade", "expected two spec files, CHEAP,STRONG, but got " + cascade.size());
      }
      if (!Files.isRegularFile(dev)) {
        throw InvalidInputException.of("--dev", "no such file: " + dev);
      }
      if (concurrency < 1) {
        throw InvalidInputException.of("--concurrency", "must be >= 1 but was " + concurrency);
      }
      PrintWriter err = spec.commandLine().getErr();
      PrintWriter out = spec.commandLine().getOut();
      List<Verdict> cheap;
      List<Verdict> strong;
      try (BuiltJudge c = Judges.fromSpec(JudgeSpecs.load(cascade.get(0)));
          BuiltJudge s = Judges.fromSpec(JudgeSpecs.load(cascade.get(1)))) {
        c.notes().forEach(err::println);
        err.println("cheap:  " + c.description());
        err.println("strong: " + s.description());
        // The rubric a cascade of these specs gives records that bring none (Ensembles.cascade).
        List<JudgeRequest> requests = read(s.defaultRubric().or(c::defaultRubric));
        cheap = judgeAll(c, requests, concurrency);
        strong = judgeAll(s, requests, concurrency);
      }
      CascadeCalibration.Result r = CascadeCalibration.calibrate(cheap, strong, target);
      out.printf(
          Locale.ROOT,
          "%d dev records, %d decided by the strong judge (the labels)%n",
          r.records(),
          r.labelled());
      out.println("threshold  cheap_share  agreement_with_strong");
      for (CascadeCalibration.Point p : r.curve()) {
        out.printf(
            Locale.ROOT, "%9.4f  %11.3f  %21.3f%n", p.threshold(), p.cheapShare(), p.agreement());
      }
      if (Double.isInfinite(r.threshold())) {
        out.printf(
            Locale.ROOT,
            "no threshold reaches agreement %.3f while the cheap judge decides anything: escalate"
                + " every record (--cascade-threshold Infinity)%n",
            target);
      } else {
        out.printf(
            Locale.ROOT,
            "threshold %.4f: cheap judge decides %.1f %% of records, agreement with the strong"
                + " judge %.3f (target %.3f); on the records it decides, %.3f at the one-sided 95 %%"
                + " Wilson lower bound%n",
            r.threshold(),
            100 * r.cheapShare(),
            r.agreement(),
            target,
            r.cheapKeptAgreementLow());
        // The exact value: a rounded-up one (0.6667 for 2/3) would escalate the records at it.
        out.printf(
            Locale.ROOT,
            "use: --cascade %s,%s --cascade-threshold %s%n",
            cascade.get(0),
            cascade.get(1),
            Double.toString(r.threshold()));
      }
      out.flush();
      return 0;
    }

    private List<JudgeRequest> read(Optional<Rubric> rubric) throws java.io.IOException {
      List<JudgeRequest> requests = new ArrayList<>();
      try (RequestReader reader =
          RequestReader.open(dev, RequestReader.Format.parse(format), Mode.parse(mode), rubric)) {
        while (reader.hasNext()) {
          BatchInput in = reader.next();
          if (in.error().isPresent()) {
            throw in.error().get();
          }
          requests.add(in.request().orElseThrow());
        }
      }
      return requests;
    }

    /** Every request's verdict, in order, at most {@code concurrency} at once. */
    private static List<Verdict> judgeAll(
        BuiltJudge judge, List<JudgeRequest> requests, int concurrency) {
      Semaphore slots = new Semaphore(concurrency);
      List<CompletableFuture<Verdict>> futures = new ArrayList<>();
      for (JudgeRequest r : requests) {
        slots.acquireUninterruptibly();
        futures.add(judge.judge().judgeAsync(r).whenComplete((v, e) -> slots.release()));
      }
      return futures.stream().map(CompletableFuture::join).toList();
    }
  }
}
