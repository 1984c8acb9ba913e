package dev.arbiter.cli;

import dev.arbiter.core.ArbiterException;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.model.JudgeModel;
import dev.arbiter.spec.JudgeSpec;
import dev.arbiter.spec.Judges;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code arbiter} command line. */
@Command(
    name = "arbiter",
    mixinStandardHelpOptions = true,
    version = "arbiter 0.1.0-SNAPSHOT",
    description = "Generative judges and rubric-based rewards: judge, verify, report, protocol.",
    subcommands = {
      JudgeCommand.class,
      EvalCommand.class,
      VerifyCommand.class,
      ProtocolCommand.class,
      ReportCommand.class,
      StubServerCommand.class,
      SpecCommand.class,
      ServeCommand.class,
      CascadeCommand.class,
      ProfileCommand.class,
      RmCommand.class,
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
            spec -> openModel(spec.endpoint().orElse(null), spec.model().orElse(null)),
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

  /** The model an endpoint and model name point at, with the flags named in errors. */
  static JudgeModel openModel(String endpoint, String model) {
    if (endpoint == null || endpoint.isBlank()) {
      throw InvalidInputException.of(
          "--endpoint",
          "a model server is needed here: give --endpoint URL --model NAME (start one with 'vllm serve <model>')");
    }
    if (model == null || model.isBlank()) {
      throw InvalidInputException.of(
          "--model", "required with --endpoint: the model name the server serves");
    }
    JudgeSpec.ModelEndpoint e;
    try {
      e = new JudgeSpec.ModelEndpoint(endpoint, model, null, null);
    } catch (InvalidInputException bad) {
      throw InvalidInputException.of("--endpoint", bad.problem());
    }
    return Judges.openModel(e, model, JudgeSpec.defaults().concurrency().modelCalls());
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
