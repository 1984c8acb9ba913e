package dev.arbiter.cli;

import dev.arbiter.core.InvalidInputException;
import dev.arbiter.rubrics.Rubrics;
import dev.arbiter.rubrics.personal.ChoicePair;
import dev.arbiter.rubrics.personal.CriterionScores;
import dev.arbiter.rubrics.personal.ProfileFit;
import dev.arbiter.rubrics.personal.ProfileFitter;
import dev.arbiter.rubrics.personal.UserFit;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code arbiter profile}: learned per-user profiles. */
@Command(
    name = "profile",
    mixinStandardHelpOptions = true,
    description = "Learn users' profiles from their choices between judged responses.",
    subcommands = {ProfileCommand.Fit.class})
public final class ProfileCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code arbiter profile fit}. */
  @Command(
      name = "fit",
      mixinStandardHelpOptions = true,
      description = {
        "Fit each user's criterion weights (Bradley-Terry on criterion-score differences,",
        "pulled toward a population prior) and write DIR/<user>.yaml, DIR/_population.yaml",
        "and DIR/fit-report.json. Judge with them: arbiter judge --profiles DIR."
      })
  static final class Fit implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--verdicts",
        required = true,
        paramLabel = "FILE",
        description = "Pointwise verdict JSONL from 'arbiter judge' with a rubric.")
    Path verdicts;

    @Option(
        names = "--pairs",
        required = true,
        paramLabel = "FILE",
        description = "JSONL of {\"user\", \"chosen\", \"rejected\"} verdict ids.")
    Path pairs;

    @Option(
        names = "--out",
        required = true,
        paramLabel = "DIR",
        description = "Directory for the profiles.")
    Path out;

    @Option(
        names = "--prior",
        paramLabel = "PROFILE",
        description =
            "A profile whose weights are the prior's direction (default: fit the prior on everyone's pairs).")
    Path prior;

    @Option(
        names = "--rubric",
        paramLabel = "FILE|ID",
        description =
            "The rubric the verdicts were judged with (descriptions and scales; default: the prior's, else the criteria in the verdicts on 1-5).")
    String rubric;

    @Option(
        names = "--prior-strength",
        paramLabel = "LAMBDA",
        description = "L2 strength toward the prior (default: chosen by cross-validation).")
    Double priorStrength;

    @Option(
        names = "--folds",
        defaultValue = "5",
        description = "Cross-validation folds (default ${DEFAULT-VALUE}).")
    int folds;

    @Override
    public Integer call() {
      for (Path f : new Path[] {verdicts, pairs}) {
        if (!Files.isRegularFile(f)) {
          throw InvalidInputException.of(
              f == verdicts ? "--verdicts" : "--pairs", "no such file: " + f);
        }
      }
      ProfileFitter.Builder b = ProfileFitter.builder().folds(folds);
      if (rubric != null) {
        b.template(Rubrics.resolve(rubric));
      }
      if (prior != null) {
        b.prior(Rubrics.loadProfile(prior));
      }
      if (priorStrength != null) {
        b.priorStrength(priorStrength);
      }
      ProfileFit fit = b.build().fit(CriterionScores.read(verdicts), ChoicePair.read(pairs));
      fit.write(out);
      PrintWriter w = spec.commandLine().getOut();
      w.printf(
          Locale.ROOT,
          "prior strength %.3g (%s); %d pairs skipped (unscored verdicts)%n",
          fit.priorStrength(),
          fit.priorStrengthSource(),
          fit.pairsSkipped());
      w.printf(Locale.ROOT, "%-20s %6s %9s  %s%n", "user", "pairs", "held-out", "weights");
      print(w, fit.population());
      fit.users().forEach(u -> print(w, u));
      w.println("wrote " + (fit.users().size() + 1) + " profiles to " + out);
      w.flush();
      return 0;
    }

    private static void print(PrintWriter w, UserFit u) {
      w.printf(
          Locale.ROOT,
          "%-20s %6d %9s  %s%n",
          u.user(),
          u.pairsUsed(),
          u.heldOutAccuracy().isPresent()
              ? String.format(Locale.ROOT, "%.3f", u.heldOutAccuracy().getAsDouble())
              : "-",
          u.weights().entrySet().stream()
              .map(e -> e.getKey() + "=" + String.format(Locale.ROOT, "%.2f", e.getValue()))
              .toList());
    }
  }
}
