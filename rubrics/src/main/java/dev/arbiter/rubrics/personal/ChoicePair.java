package dev.arbiter.rubrics.personal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.core.InvalidInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One choice a user made: of two judged responses (named by their verdict ids), the user preferred
 * {@code chosen}. Read from a pairs file, a JSONL of {@code {"user": "u1", "chosen": "<verdict
 * id>", "rejected": "<verdict id>"}} lines.
 *
 * @param user the user's id: letters, digits, {@code .}, {@code _} and {@code -}, not starting with
 *     {@code _} or {@code .} (it names the user's profile file)
 * @param chosen the verdict id of the response the user preferred
 * @param rejected the verdict id of the other response
 * @param source where the pair was read, for error messages ({@code "pairs"} when built in code)
 * @param line the 1-based line in {@code source}, or 0
 */
public record ChoicePair(String user, String chosen, String rejected, String source, long line) {
  private static final Pattern USER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  public ChoicePair {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(chosen, "chosen");
    Objects.requireNonNull(rejected, "rejected");
    source = source == null ? "pairs" : source;
    if (!USER.matcher(user).matches()) {
      throw new InvalidInputException(
          source,
          line,
          "user",
          "expected letters, digits, '.', '_' or '-' (not first), at most 128, but was '"
              + user
              + "'");
    }
    if (chosen.equals(rejected)) {
      throw new InvalidInputException(
          source, line, "rejected", "is the same verdict as chosen ('" + chosen + "')");
    }
  }

  /** A pair built in code. */
  public static ChoicePair of(String user, String chosen, String rejected) {
    return new ChoicePair(user, chosen, rejected, "pairs", 0);
  }

  /** Whether a string can be a user id (and so a profile file name). */
  public static boolean isUserId(String s) {
    return s != null && USER.matcher(s).matches();
  }

  /**
   * Reads a pairs JSONL file; blank lines are skipped.
   *
   * @throws InvalidInputException naming the file, line and field of the first bad line
   */
  public static List<ChoicePair> read(Path file) {
    String source = file.toString();
    List<ChoicePair> out = new ArrayList<>();
    JsonLines.read(
        file,
        (n, no) ->
            out.add(
                new ChoicePair(
                    text(n, "user", source, no),
                    text(n, "chosen", source, no),
                    text(n, "rejected", source, no),
                    source,
                    no)));
    return out;
  }

  private static String text(JsonNode n, String field, String source, long no) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      throw new InvalidInputException(source, no, field, "missing");
    }
    if (!v.isTextual() && !v.isNumber()) {
      throw new InvalidInputException(source, no, field, "expected a string");
    }
    return v.asText();
  }
}
