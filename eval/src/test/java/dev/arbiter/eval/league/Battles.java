package dev.arbiter.eval.league;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.core.internal.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes hand-made battle verdict files in the shape {@code arbiter judge} writes them. */
final class Battles {
  private final List<String> lines = new ArrayList<>();

  /**
   * One verdict line: both orders' decisions relative to A and B (null = undecided).
   *
   * @return this
   */
  Battles add(
      String question,
      String modelA,
      String modelB,
      long lengthA,
      long lengthB,
      String order0,
      String order1) {
    ObjectNode v = Json.mapper().createObjectNode();
    v.put("id", question + "/" + modelA + "/" + modelB);
    v.put("line", lines.size() + 1);
    v.put("mode", "pairwise");
    v.put("status", "SCORED");
    var orders = v.putArray("orders");
    orders.addObject().put("order", "original").put("decision", order0);
    orders.addObject().put("order", "swapped").put("decision", order1);
    battle(v, question, modelA, modelB, lengthA, lengthB);
    v.putObject("provenance").put("model", "hand-made");
    lines.add(v.toString());
    return this;
  }

  /** A verdict line with one game only: its pooled {@code preference}, no orders. */
  Battles single(
      String question,
      String modelA,
      String modelB,
      long lengthA,
      long lengthB,
      String preference) {
    ObjectNode v = Json.mapper().createObjectNode();
    v.put("id", question + "/" + modelA + "/" + modelB);
    v.put("mode", "pairwise");
    v.put("status", "SCORED");
    v.put("preference", preference);
    battle(v, question, modelA, modelB, lengthA, lengthB);
    lines.add(v.toString());
    return this;
  }

  private static void battle(
      ObjectNode v, String question, String modelA, String modelB, long lengthA, long lengthB) {
    v.putObject("battle")
        .put("model_a", modelA)
        .put("model_b", modelB)
        .put("question", question)
        .put("length_a", lengthA)
        .put("length_b", lengthB);
  }

  /** A raw line, e.g. a malformed one. */
  Battles raw(String line) {
    lines.add(line);
    return this;
  }

  Path write(Path file) throws IOException {
    Files.write(file, lines, StandardCharsets.UTF_8);
    return file;
  }
}
