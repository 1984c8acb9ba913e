package dev.arbiter.cli;

import dev.arbiter.core.ArbiterException;
import dev.arbiter.core.InvalidInputException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code arbiter} command line. */
@Command(
    name = "arbiter",
    mixinStandardHelpOptions = true,
    version = "arbiter 0.1.0-SNAPSHOT",
    description = "Generative judges and rubric-based rewards: judge, verify, report.",
    subcommands = {
      JudgeCommand.class,
      EvalCommand.class,
      VerifyCommand.class,
      ReportCommand.class,
      StubServerCommand.class,
      CommandLine.HelpCommand.class
    })
public final class ArbiterCli implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Builds the command line with Arbiter's error handling. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new ArbiterCli());
    cl.addSubcommand(
        "rubric",
        new RubricCommand(
            spec ->
                Judges.openModel(
                    spec.endpoint().orElse(null),
                    spec.model().orElse(null),
                    "ARBITER_API_KEY",
                    120,
                    16),
            Judges::pairJudge));
    cl.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          PrintWriter err = commandLine.getErr();
          if (ex instanceof InvalidInputException) {
            err.println("arbiter: " + ex.getMessage());
            return 2;
          }
          if (ex instanceof ArbiterException) {
            err.println("arbiter: " + ex.getMessage());
            return 1;
          }
          throw ex;
        });
    return cl;
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
