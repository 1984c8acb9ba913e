package dev.arbiter.eval.league;

import dev.arbiter.core.InvalidInputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Small text files that give a number per name: a reference ranking ({@code arbiter eval
 * --reference-ranking}) and instruction difficulties ({@code --instruction-difficulty}).
 *
 * <p>Each line is {@code name,number} (comma or tab); blank lines and lines starting with {@code #}
 * are skipped, and a first line whose number does not parse is taken as a header (AlpacaEval's
 * {@code instruction_difficulty.csv} starts with one). A reference ranking may instead list one
 * name per line, best first.
 */
public final class ScoreFile {
  private ScoreFile() {}

  /**
   * Reads a reference ranking: higher is better. Lines with a number use it; a file of bare names
   * scores them by position (first = best).
   *
   * @throws InvalidInputException naming file and line for a duplicate name, a bad number, or a
   *     file mixing bare names with scored ones
   */
  public static Map<String, Double> ranking(Path file) throws IOException {
    return read(file, true);
  }

  /**
   * Reads {@code question,difficulty} lines.
   *
   * @throws InvalidInputException naming file and line for a duplicate question or a bad number
   */
  public static Map<String, Double> numbers(Path file) throws IOException {
    return read(file, false);
  }

  private static Map<String, Double> read(Path file, boolean bareNamesAllowed) throws IOException {
    String source = file.toString();
    Map<String, Double> out = new LinkedHashMap<>();
    Boolean bare = null;
    long no = 0;
    boolean first = true;
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String line; (line = r.readLine()) != null; ) {
        no++;
        String t = line.strip();
        if (t.isEmpty() || t.startsWith("#")) {
          continue;
        }
        boolean header = first;
        first = false;
        int cut = Math.max(t.lastIndexOf(','), t.lastIndexOf('\t'));
        String name = cut < 0 ? t : t.substring(0, cut).strip();
        Double value = null;
        if (cut >= 0) {
          try {
            value = Double.parseDouble(t.substring(cut + 1).strip());
          } catch (NumberFormatException e) {
            if (header) {
              continue;
            }
            throw new InvalidInputException(
                source, no, "score", "expected a number after the name but was: " + t);
          }
          if (!Double.isFinite(value)) {
            throw new InvalidInputException(source, no, "score", "not a finite number: " + t);
          }
        } else if (!bareNamesAllowed) {
          throw new InvalidInputException(
              source, no, "score", "expected 'name,number' but was: " + t);
        }
        boolean isBare = value == null;
        if (bare != null && bare != isBare) {
          throw new InvalidInputException(
              source,
              no,
              "score",
              "mixes bare names with 'name,score' lines; use one form for the whole file");
        }
        bare = isBare;
        if (name.isEmpty()) {
          throw new InvalidInputException(source, no, "name", "empty name");
        }
        if (out.containsKey(name)) {
          throw new InvalidInputException(source, no, "name", "'" + name + "' appears twice");
        }
        out.put(name, isBare ? -(double) (out.size() + 1) : value);
      }
    }
    if (out.isEmpty()) {
      throw new InvalidInputException(source, -1, null, "no entries");
    }
    return out;
  }
}
