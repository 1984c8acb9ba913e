package dev.arbiter.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code arbiter verify ...}: run a verifier over a file, without a judge model. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = "Run a verifier over a file (no model needed).",
    subcommands = {VerifyIfevalCommand.class, VerifyMathCommand.class})
public final class VerifyCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
