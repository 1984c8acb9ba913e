package dev.arbiter.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.internal.Json;
import dev.arbiter.eval.report.AlpacaEvalLeaderboard;
import dev.arbiter.eval.report.AlpacaEvalReport;
import dev.arbiter.eval.report.JudgeBenchReport;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code arbiter report}: recomputes a published leaderboard's numbers from the publisher's raw
 * outputs and prints them as JSON. Exit code 0 on success, 2 for unreadable or invalid input (the
 * message names file, line and field).
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Recompute published numbers from raw outputs and print them as JSON.",
      "  alpaca-eval: an AlpacaEval annotations.json (plain or .gz) -> win_rate,"
          + " standard_error, n_wins, n_wins_base, n_draws, n_total, avg_length, ...",
      "  judgebench: a JudgeBench outputs/*.jsonl (judge or reward model) -> accuracy"
          + " overall and per category"
    })
public final class ReportCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--format",
      required = true,
      paramLabel = "FORMAT",
      description = "alpaca-eval or judgebench")
  String format;

  @Option(names = "--in", required = true, paramLabel = "FILE", description = "the raw output")
  Path in;

  @Option(
      names = "--leaderboard",
      paramLabel = "CSV",
      description = "alpaca-eval only: a published leaderboard CSV to compare with")
  Path leaderboard;

  @Option(
      names = "--model",
      paramLabel = "NAME",
      description =
          "alpaca-eval only: the leaderboard row to compare with (default: the file's"
              + " generator_2, else the file name without .json[.gz])")
  String model;

  @Override
  public Integer call() {
    try {
      Object report =
          switch (format) {
            case "alpaca-eval" -> alpacaEval();
            case "judgebench" -> {
              if (leaderboard != null || model != null) {
                throw InvalidInputException.of(
                    "--leaderboard", "--leaderboard and --model apply to alpaca-eval only");
              }
              yield JudgeBenchReport.of(in);
            }
            default ->
                throw InvalidInputException.of(
                    "--format", "expected alpaca-eval or judgebench but was '" + format + "'");
          };
      spec.commandLine()
          .getOut()
          .println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(report));
      spec.commandLine().getOut().flush();
      return 0;
    } catch (InvalidInputException e) {
      spec.commandLine().getErr().println("report: " + e.getMessage());
      spec.commandLine().getErr().flush();
      return 2;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the report as JSON", e);
    }
  }

  private AlpacaEvalReport alpacaEval() {
    AlpacaEvalReport report = AlpacaEvalReport.of(in);
    if (leaderboard == null) {
      return report;
    }
    AlpacaEvalLeaderboard board = AlpacaEvalLeaderboard.read(leaderboard);
    String row = model;
    if (row == null) {
      row = board.row(report.model()).isPresent() ? report.model() : stem(in);
    }
    return report.comparedWith(board, row);
  }

  private static String stem(Path p) {
    String name = p.getFileName().toString();
    return name.replaceFirst("\\.gz$", "").replaceFirst("\\.json$", "");
  }
}
