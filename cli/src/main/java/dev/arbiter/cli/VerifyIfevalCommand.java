package dev.arbiter.cli;

import dev.arbiter.core.InvalidInputException;
import dev.arbiter.verifiers.ifeval.IfevalMode;
import dev.arbiter.verifiers.ifeval.IfevalReport;
import dev.arbiter.verifiers.ifeval.IfevalRunner;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code arbiter verify ifeval}: checks IFEval responses against their prompts' instructions,
 * writes IFEval's results file and prints prompt-level and instruction-level accuracy, as IFEval's
 * own {@code evaluation_main} does.
 *
 * <p>Exit code 0 on success, 2 for bad input (the message names file, line and field), 1 when a
 * file cannot be read or written.
 */
@Command(
    name = "ifeval",
    mixinStandardHelpOptions = true,
    description =
        "Checks responses against IFEval's verifiable instructions (Zhou et al. 2023) and prints"
            + " prompt-level and instruction-level accuracy.")
public final class VerifyIfevalCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(
      names = "--in",
      required = true,
      paramLabel = "FILE",
      description = "IFEval prompts: JSONL with key, prompt, instruction_id_list, kwargs.")
  private Path input;

  @Option(
      names = "--responses",
      required = true,
      paramLabel = "FILE",
      description = "Responses: JSONL with prompt, response (joined on the prompt text).")
  private Path responses;

  @Option(
      names = "--mode",
      paramLabel = "strict|loose",
      defaultValue = "strict",
      converter = ModeConverter.class,
      description =
          "strict (the response as written) or loose (IFEval's 8 variants); default ${DEFAULT-VALUE}.")
  private IfevalMode mode;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "FILE",
      description = "Where to write one result line per prompt (IFEval's eval_results format).")
  private Path out;

  @Option(
      names = "--per-instruction",
      description = "Also print the accuracy of each instruction id.")
  private boolean perInstruction;

  /** Parses {@code strict} / {@code loose} in any case. */
  static final class ModeConverter implements picocli.CommandLine.ITypeConverter<IfevalMode> {
    @Override
    public IfevalMode convert(String value) {
      return IfevalMode.valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
  }

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter stderr = spec.commandLine().getErr();
    IfevalReport report;
    try {
      report = IfevalRunner.create().run(input, responses, mode, out);
    } catch (InvalidInputException e) {
      stderr.println("error: " + e.getMessage());
      return 2;
    } catch (UncheckedIOException e) {
      stderr.println("error: " + e.getMessage() + ": " + e.getCause().getMessage());
      return 1;
    }
    stdout.printf(
        Locale.ROOT,
        "mode: %s%nprompt-level: %.4f (%d/%d)%ninstruction-level: %.4f (%d/%d)%n",
        mode.name().toLowerCase(Locale.ROOT),
        report.promptLevelAccuracy(),
        report.promptsFollowed(),
        report.prompts(),
        report.instructionLevelAccuracy(),
        report.instructionsFollowed(),
        report.instructions());
    if (perInstruction) {
      for (Map.Entry<String, IfevalReport.Tally> e : report.perInstruction().entrySet()) {
        stdout.printf(
            Locale.ROOT,
            "%s %.4f (%d/%d)%n",
            e.getKey(),
            e.getValue().accuracy(),
            e.getValue().followed(),
            e.getValue().total());
      }
    }
    stdout.println("results: " + out);
    stdout.flush();
    return 0;
  }
}
