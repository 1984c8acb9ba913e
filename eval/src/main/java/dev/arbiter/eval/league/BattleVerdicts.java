package dev.arbiter.eval.league;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.Preference;
import dev.arbiter.core.internal.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Reads a pairwise verdict file ({@code arbiter judge} output) as battles between named models.
 *
 * <p>Each scored or unscored line must carry a {@code battle} object: {@code model_a}, {@code
 * model_b} (the models behind candidates A and B), {@code question}, {@code length_a} and {@code
 * length_b} (code points). The batch runner writes it for every request whose metadata holds {@code
 * model_a} and {@code model_b}. A line's games are its {@code orders}' decisions (both presentation
 * orders, each already relative to the request's A and B), or its {@code preference} when it has no
 * orders. Error lines are counted and skipped: a failed judgement is no game.
 */
public final class BattleVerdicts {
  private BattleVerdicts() {}

  /**
   * One judged battle.
   *
   * @param line the line in the verdict file
   * @param id the record id
   * @param modelA the model behind candidate A
   * @param modelB the model behind candidate B
   * @param question the question both answered
   * @param lengthA candidate A's length in code points
   * @param lengthB candidate B's length in code points
   * @param games each order's decision relative to A and B; empty when that order had none
   */
  public record JudgedBattle(
      long line,
      String id,
      String modelA,
      String modelB,
      String question,
      long lengthA,
      long lengthB,
      List<Optional<Preference>> games) {
    /** Copies the games. */
    public JudgedBattle {
      games = List.copyOf(games);
    }
  }

  /**
   * What a verdict file held.
   *
   * @param source the file
   * @param battles the battles, in file order
   * @param errors error lines (failed judgements), not counted as games
   * @param unscored unscored lines (no order could be parsed)
   * @param judges the judge models named in the lines' provenance
   */
  public record Read(
      String source, List<JudgedBattle> battles, long errors, long unscored, List<String> judges) {
    /** Copies the lists. */
    public Read {
      battles = List.copyOf(battles);
      judges = List.copyOf(judges);
    }
  }

  /**
   * Reads the file.
   *
   * @throws InvalidInputException naming file, line and field for a line that is not JSON, is not
   *     pairwise, or lacks its battle fields
   * @throws IOException when the file cannot be read
   */
  public static Read read(Path file) throws IOException {
    String source = file.toString();
    List<JudgedBattle> out = new ArrayList<>();
    TreeSet<String> judges = new TreeSet<>();
    long errors = 0;
    long unscored = 0;
    long no = 0;
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String text; (text = r.readLine()) != null; ) {
        no++;
        if (text.isBlank()) {
          continue;
        }
        JsonNode v;
        try {
          v = Json.mapper().readTree(text);
        } catch (JsonProcessingException e) {
          throw new InvalidInputException(
              source, no, null, "not a JSON verdict line: " + e.getOriginalMessage());
        }
        if (!v.isObject()) {
          throw new InvalidInputException(source, no, null, "expected a JSON object");
        }
        String status = v.path("status").asText("");
        if (status.equals("ERROR")) {
          errors++;
          continue;
        }
        String mode = v.path("mode").asText("");
        if (!mode.equals("pairwise")) {
          throw new InvalidInputException(
              source,
              no,
              "mode",
              "a league table takes pairwise verdicts but this line is '" + mode + "'");
        }
        if (v.path("provenance").hasNonNull("model")) {
          judges.add(v.get("provenance").get("model").asText());
        }
        if (status.equals("UNSCORED")) {
          unscored++;
          continue;
        }
        out.add(battle(source, no, v));
      }
    }
    return new Read(source, out, errors, unscored, new ArrayList<>(judges));
  }

  private static JudgedBattle battle(String source, long no, JsonNode v) {
    JsonNode b = v.get("battle");
    if (b == null || !b.isObject()) {
      throw new InvalidInputException(
          source,
          no,
          "battle",
          "missing: a league table needs the models of each verdict; judge requests whose"
              + " metadata names model_a and model_b (docs/eval.md, league tables)");
    }
    String a = text(source, no, b, "model_a");
    String bm = text(source, no, b, "model_b");
    if (a.equals(bm)) {
      throw new InvalidInputException(
          source, no, "battle.model_b", "a model cannot battle itself: '" + a + "'");
    }
    String id = v.path("id").asText("line-" + no);
    String question = b.hasNonNull("question") ? b.get("question").asText() : id;
    long la = length(source, no, b, "length_a");
    long lb = length(source, no, b, "length_b");
    List<Optional<Preference>> games = new ArrayList<>();
    if (v.has("orders") && v.get("orders").isArray() && !v.get("orders").isEmpty()) {
      int i = 0;
      for (JsonNode o : v.get("orders")) {
        games.add(decision(source, no, "orders[" + i + "].decision", o.get("decision")));
        i++;
      }
    } else {
      games.add(decision(source, no, "preference", v.get("preference")));
    }
    return new JudgedBattle(no, id, a, bm, question, la, lb, games);
  }

  private static Optional<Preference> decision(
      String source, long no, String field, JsonNode value) {
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    Optional<Preference> p = Preference.parseLabel(value.asText());
    if (p.isEmpty()) {
      throw new InvalidInputException(
          source, no, field, "expected a label such as A>B, A=B or B>>A but was " + value);
    }
    return p;
  }

  private static String text(String source, long no, JsonNode b, String field) {
    JsonNode n = b.get(field);
    if (n == null || !n.isTextual() || n.asText().isBlank()) {
      throw new InvalidInputException(
          source, no, "battle." + field, "missing or not a model name: " + n);
    }
    return n.asText();
  }

  private static long length(String source, long no, JsonNode b, String field) {
    JsonNode n = b.get(field);
    if (n == null || !n.canConvertToLong() || n.asLong() < 0) {
      throw new InvalidInputException(
          source, no, "battle." + field, "missing or not a length >= 0: " + n);
    }
    return n.asLong();
  }
}
