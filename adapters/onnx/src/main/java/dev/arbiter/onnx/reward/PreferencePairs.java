package dev.arbiter.onnx.reward;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.internal.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;

/**
 * Reads preference pairs from JSONL (plain or {@code .gz}), one pair a line, in either of two
 * layouts:
 *
 * <ul>
 *   <li>HH-RLHF (Anthropic): {@code {"chosen": DIALOGUE, "rejected": DIALOGUE}}, each a whole
 *       dialogue {@code "\n\nHuman: …\n\nAssistant: …"}; the last assistant turn is the response
 *       and the text before it the query (taken from the chosen dialogue);
 *   <li>Arbiter: {@code {"query" (or "prompt"): TEXT, "chosen": TEXT, "rejected": TEXT}}, the
 *       responses alone; optional {@code id} and {@code metadata} are ignored.
 * </ul>
 *
 * Blank lines are skipped. Anything else is an {@link InvalidInputException} naming the file, line
 * and field.
 */
public final class PreferencePairs {
  private static final Set<String> FIELDS =
      Set.of("id", "query", "prompt", "chosen", "rejected", "metadata");

  private PreferencePairs() {}

  /**
   * Every pair of {@code file}, in file order.
   *
   * @throws InvalidInputException for a missing file, a line that is not a JSON object, an unknown
   *     or missing field, or a dialogue without an assistant turn
   */
  public static List<PreferencePair> read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw InvalidInputException.of("--pairs", "no such file: " + file);
    }
    String source = file.toString();
    List<PreferencePair> out = new ArrayList<>();
    try (InputStream raw = Files.newInputStream(file);
        InputStream in =
            file.getFileName().toString().endsWith(".gz")
                ? new GZIPInputStream(raw, 1 << 16)
                : raw;
        BufferedReader r =
            new BufferedReader(
                new InputStreamReader(
                    in,
                    StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)))) {
      long no = 0;
      for (String line; (line = r.readLine()) != null; ) {
        no++;
        if (!line.isBlank()) {
          out.add(parse(source, no, line));
        }
      }
    } catch (IOException e) {
      throw new InvalidInputException(
          source, -1, null, "cannot read the pairs file: " + e.getMessage(), e);
    }
    if (out.isEmpty()) {
      throw new InvalidInputException(source, -1, null, "no preference pairs in the file");
    }
    return List.copyOf(out);
  }

  /** One line's pair. */
  static PreferencePair parse(String source, long no, String line) {
    JsonNode n;
    try {
      n = Json.mapper().readTree(line);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new InvalidInputException(
          source, no, null, "not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (n == null || !n.isObject()) {
      throw new InvalidInputException(source, no, null, "expected a JSON object");
    }
    for (var it = n.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!FIELDS.contains(f)) {
        throw new InvalidInputException(
            source, no, f, "unknown field; expected one of " + new TreeSet<>(FIELDS));
      }
    }
    String chosen = text(n, "chosen", source, no);
    String rejected = text(n, "rejected", source, no);
    if (n.has("query") && n.has("prompt")) {
      throw new InvalidInputException(
          source, no, "prompt", "give either query or prompt, not both");
    }
    String queryField = n.has("query") ? "query" : n.has("prompt") ? "prompt" : null;
    if (queryField != null) {
      String q = text(n, queryField, source, no);
      return new PreferencePair(source, no, Dialogue.HUMAN + " " + q, chosen, rejected);
    }
    String[] c = lastTurn(chosen, "chosen", source, no);
    String[] rj = lastTurn(rejected, "rejected", source, no);
    return new PreferencePair(source, no, c[0], c[1], rj[1]);
  }

  private static String[] lastTurn(String dialogue, String field, String source, long no) {
    String[] split = Dialogue.splitLastTurn(dialogue);
    if (split == null) {
      throw new InvalidInputException(
          source,
          no,
          field,
          "no \"Assistant:\" turn: give an HH-RLHF dialogue, or query/chosen/rejected fields");
    }
    return split;
  }

  private static String text(JsonNode n, String field, String source, long no) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      throw new InvalidInputException(source, no, field, "missing");
    }
    if (!v.isTextual()) {
      throw new InvalidInputException(source, no, field, "expected a string");
    }
    return v.asText();
  }
}
