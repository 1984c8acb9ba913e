package dev.arbiter.cli;

import dev.arbiter.core.Mode;
import dev.arbiter.core.protocol.Protocol;
import dev.arbiter.core.protocol.ProtocolDefaults;
import dev.arbiter.prompts.ProtocolCard;
import dev.arbiter.prompts.Protocols;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code arbiter protocol list} and {@code arbiter protocol show NAME}: the built-in judging
 * protocols, their modes and defaults, and where their prompts and parsers come from.
 */
@Command(
    name = "protocol",
    mixinStandardHelpOptions = true,
    description = "List the built-in judging protocols or show one.",
    subcommands = {ProtocolCommand.List.class, ProtocolCommand.Show.class})
public final class ProtocolCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code arbiter protocol list}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "One line per built-in protocol: id, modes, defaults, what the judge writes.")
  static final class List implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      PrintWriter out = spec.commandLine().getOut();
      out.printf("%-16s %-29s %-22s %s%n", "PROTOCOL", "MODES", "DEFAULTS", "THE JUDGE WRITES");
      for (String id : Protocols.ids()) {
        Protocol p = Protocols.get(id);
        ProtocolCard card = Protocols.card(id);
        out.printf(
            "%-16s %-29s %-22s %s%s%n",
            id + "@" + p.version(),
            modes(p),
            defaults(p.defaults()),
            card.summary(),
            card.fullyVerified() ? "" : " [partly unverified]");
      }
      out.flush();
    }
  }

  /** {@code arbiter protocol show NAME}. */
  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "A protocol's format, source, parser rule, tie rule, defaults and checks.")
  static final class Show implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Parameters(index = "0", paramLabel = "NAME", description = "A protocol id.")
    String name;

    @Override
    public void run() {
      // Protocols.get throws InvalidInputException naming the known ids; the CLI prints it.
      Protocol p = Protocols.get(name);
      ProtocolCard card = Protocols.card(name);
      PrintWriter out = spec.commandLine().getOut();
      line(out, "protocol", p.id() + "@" + p.version());
      line(out, "modes", modes(p));
      line(out, "format", card.summary());
      line(out, "source", card.source());
      line(out, "parser", card.parserRule());
      line(out, "tie", card.tieRule());
      ProtocolDefaults d = p.defaults();
      line(
          out,
          "defaults",
          "max tokens "
              + d.maxCompletionTokens()
              + ", temperature "
              + d.temperature()
              + ", thinking "
              + (d.expectsThinking() ? "expected" : "not expected"));
      line(out, "verified", card.verified().isBlank() ? "nothing" : card.verified());
      line(out, "unverified", card.unverified().isBlank() ? "nothing" : card.unverified());
      out.flush();
    }

    private static void line(PrintWriter out, String key, String value) {
      out.printf("%-11s %s%n", key + ":", value);
    }
  }

  static String modes(Protocol p) {
    return p.modes().stream()
        .sorted()
        .map(Mode::name)
        .map(s -> s.toLowerCase(Locale.ROOT))
        .collect(Collectors.joining(", "));
  }

  static String defaults(ProtocolDefaults d) {
    return d.maxCompletionTokens()
        + " tok, t="
        + d.temperature()
        + (d.expectsThinking() ? ", think" : "");
  }
}
