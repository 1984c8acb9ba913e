package dev.arbiter.spark;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.cli.ArbiterCli;
import dev.arbiter.core.internal.Json;
import dev.arbiter.spec.JudgeSpec;
import dev.arbiter.spec.JudgeSpecs;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import picocli.CommandLine;

/** What the Spark tests share: a judge spec over the stub server, the CLI, and verdict files. */
final class SparkTestSupport {
  private SparkTestSupport() {}

  static JudgeSpec spec(String endpoint, String extraYaml) {
    String yaml =
        "models:\n"
            + "  - endpoint: "
            + endpoint
            + "\n"
            + "    model: stub-judge\n"
            + "protocol:\n"
            + "  name: arena-hard\n"
            + "concurrency:\n"
            + "  requests: 4\n"
            + extraYaml;
    return JudgeSpecs.parse(yaml, "test spec");
  }

  /** Runs {@code arbiter judge} in this JVM; returns its exit status. */
  static int cli(String... args) {
    CommandLine cl = ArbiterCli.commandLine();
    cl.setErr(new PrintWriter(new StringWriter(), true));
    cl.setOut(new PrintWriter(new StringWriter(), true));
    return cl.execute(args);
  }

  /** Every verdict line in a file or in a folder's part files. */
  static List<JsonNode> verdicts(Path fileOrDir) throws IOException {
    List<Path> files = new ArrayList<>();
    if (Files.isDirectory(fileOrDir)) {
      try (Stream<Path> s = Files.list(fileOrDir)) {
        s.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().forEach(files::add);
      }
    } else {
      files.add(fileOrDir);
    }
    List<JsonNode> out = new ArrayList<>();
    for (Path f : files) {
      for (String l : Files.readAllLines(f)) {
        if (!l.isBlank()) {
          out.add(Json.mapper().readTree(l));
        }
      }
    }
    return out;
  }

  /** id → preference (or status when there is none), the decisions to compare across runners. */
  static Map<String, String> decisions(List<JsonNode> verdicts) {
    Map<String, String> m = new TreeMap<>();
    for (JsonNode v : verdicts) {
      m.put(
          v.get("id").asText(),
          v.has("preference") ? v.get("preference").asText() : v.get("status").asText());
    }
    return m;
  }

  /**
   * id → the whole verdict line, less what no two runs share: how many prompt tokens the server's
   * prefix cache served ({@code usage.cached_prompt_tokens}) and how long each verifier took.
   */
  static Map<String, JsonNode> comparableLines(List<JsonNode> verdicts) {
    Map<String, JsonNode> m = new TreeMap<>();
    for (JsonNode v : verdicts) {
      com.fasterxml.jackson.databind.node.ObjectNode c = v.deepCopy();
      if (c.get("usage") instanceof com.fasterxml.jackson.databind.node.ObjectNode u) {
        u.remove("cached_prompt_tokens");
      }
      for (JsonNode e : c.path("evidence")) {
        ((com.fasterxml.jackson.databind.node.ObjectNode) e).remove("millis");
      }
      m.put(v.get("id").asText(), c);
    }
    return m;
  }
}
