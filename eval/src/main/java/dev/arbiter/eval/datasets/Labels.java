package dev.arbiter.eval.datasets;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.Preference;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Stream;

/**
 * A labels file, the ground truth {@code arbiter calibrate} scores verdicts against: JSONL (or a
 * JSON list), plain or gzipped, one record per judged item with
 *
 * <ul>
 *   <li>{@code id} (or {@code pair_id}, as in JudgeBench pair files): the verdict's id;
 *   <li>{@code label}: a pairwise preference ({@code A>B}, {@code A>>B}, {@code B>A}, {@code B>>A},
 *       {@code A=B} for a tie; compared by direction, so {@code A>>B} and {@code A>B} are the same
 *       label), a number (the pointwise score a verdict should give), or any other string (the id
 *       of the best candidate of a listwise item).
 * </ul>
 *
 * <p>Other fields are ignored, so a JudgeBench pairs file is a labels file as it is. An id that
 * appears twice is an error naming both lines.
 */
public final class Labels {
  private Labels() {}

  /**
   * One item's label; exactly one of {@code preference}, {@code score} and {@code best} is set.
   *
   * @param id the item's id
   * @param source the labels file
   * @param line the record's line
   * @param preference a pairwise label
   * @param score a pointwise label
   * @param best a listwise label: the best candidate's id
   */
  public record Label(
      String id,
      String source,
      long line,
      Optional<Preference> preference,
      OptionalDouble score,
      Optional<String> best) {

    /** The label as written in a labels file ({@code A>B}, {@code 4.0}, {@code c2}). */
    public String text() {
      return preference
          .map(Preference::label)
          .or(() -> best)
          .orElseGet(() -> Double.toString(score.orElseThrow()));
    }
  }

  /** Every label of {@code file}, by id, in file order. */
  public static Map<String, Label> read(Path file) {
    Map<String, Label> out = new LinkedHashMap<>();
    try (Stream<Located> records = JsonRecords.read(file)) {
      records.forEach(
          r -> {
            Label l = label(r);
            Label before = out.putIfAbsent(l.id(), l);
            if (before != null) {
              throw r.fail(
                  r.at("id").isPresent() ? "id" : "pair_id",
                  "id '" + l.id() + "' is already labelled on line " + before.line());
            }
          });
    }
    if (out.isEmpty()) {
      throw new InvalidInputException(file.toString(), -1, null, "no labels in the file");
    }
    return out;
  }

  private static Label label(Located r) {
    String id = r.at("id").isPresent() ? r.text("id") : r.text("pair_id");
    JsonNode n = r.required("label");
    if (n.isNumber()) {
      double v = n.asDouble();
      if (!Double.isFinite(v)) {
        throw r.fail("label", "expected a finite number but was " + n);
      }
      return new Label(
          id, r.source(), r.line(), Optional.empty(), OptionalDouble.of(v), Optional.empty());
    }
    if (!n.isTextual() || n.asText().isBlank()) {
      throw r.fail(
          "label",
          "expected a preference (A>B, B>A, A=B, ...), a score or a candidate id but was "
              + n.getNodeType());
    }
    String text = n.asText().strip();
    Optional<Preference> p = Preference.parseLabel(text);
    if (p.isPresent()) {
      return new Label(id, r.source(), r.line(), p, OptionalDouble.empty(), Optional.empty());
    }
    if (text.matches(".*[<>=].*")) {
      throw r.fail("label", "expected A>B, A>>B, B>A, B>>A or A=B but was '" + text + "'");
    }
    return new Label(
        id, r.source(), r.line(), Optional.empty(), OptionalDouble.empty(), Optional.of(text));
  }
}
