package dev.arbiter.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.core.internal.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * What the CLI's end-to-end tests share: the {@code arbiter} command line run in this JVM with its
 * standard output and error captured, and the verdict lines it writes read back. The simulated
 * model server they judge against is {@link StubServer}.
 */
final class Cli {
  private Cli() {}

  /** One run: its exit status and what it printed. */
  record Run(int exit, String out, String err) {}

  static Run run(String... args) {
    CommandLine cl = ArbiterCli.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  static Run run(List<String> args) {
    return run(args.toArray(String[]::new));
  }

  /** Every line of a JSONL file, parsed. */
  static List<JsonNode> lines(Path p) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String l : Files.readAllLines(p)) {
      out.add(Json.mapper().readTree(l));
    }
    return out;
  }

  /** The verdict lines of a JSONL file by record id. */
  static Map<String, JsonNode> byId(Path p) throws Exception {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    for (JsonNode n : lines(p)) {
      out.put(n.path("id").asText(), n);
    }
    return out;
  }
}
