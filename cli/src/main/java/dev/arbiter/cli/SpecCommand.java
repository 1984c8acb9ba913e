package dev.arbiter.cli;

import dev.arbiter.spec.JudgeSpecs;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code arbiter spec}: judge specs. */
@Command(
    name = "spec",
    mixinStandardHelpOptions = true,
    description = "Judge specs: one declarative description of a judge (docs/spec.md).",
    subcommands = {SpecCommand.Show.class})
public final class SpecCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code arbiter spec show}: the effective spec, every default spelled out. */
  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = {
        "Print the effective judge spec as YAML: --spec FILE (or the defaults) with the judge flags laid over it.",
        "Credentials in URLs are redacted; API keys never appear, only the variables that hold them."
      })
  public static final class Show implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Mixin JudgeOptions options;

    @Override
    public Integer call() {
      var out = spec.commandLine().getOut();
      out.print(JudgeSpecs.toYaml(options.spec()));
      out.flush();
      return 0;
    }
  }
}
