package dev.arbiter.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How a solution is cut into steps for {@link Mode#STEPS}: one step per non-blank line (PRM800K's
 * solutions are newline-separated steps), one per paragraph (text between blank lines), or one per
 * piece between occurrences of a delimiter. Steps are stripped; blank steps are dropped.
 *
 * @param kind the rule
 * @param delimiter the delimiter for {@link Kind#DELIMITER}; empty otherwise
 */
public record StepSplit(Kind kind, String delimiter) {

  /** The splitting rules. */
  public enum Kind {
    /** Every non-blank line is a step. */
    LINE,
    /** Every block of text between blank lines is a step. */
    PARAGRAPH,
    /** Every piece between occurrences of {@link StepSplit#delimiter()} is a step. */
    DELIMITER
  }

  /** One step per line, the default. */
  public static final StepSplit LINES = new StepSplit(Kind.LINE, "");

  /** One step per paragraph. */
  public static final StepSplit PARAGRAPHS = new StepSplit(Kind.PARAGRAPH, "");

  public StepSplit {
    Objects.requireNonNull(kind, "kind");
    delimiter = delimiter == null ? "" : delimiter;
    if (kind == Kind.DELIMITER && delimiter.isEmpty()) {
      throw InvalidInputException.of("step delimiter", "must not be empty");
    }
    if (kind != Kind.DELIMITER && !delimiter.isEmpty()) {
      throw InvalidInputException.of(
          "step delimiter", "only the delimiter rule takes one, not " + kind);
    }
  }

  /** Steps cut at every occurrence of {@code delimiter} (taken literally, not as a regex). */
  public static StepSplit delimiter(String delimiter) {
    return new StepSplit(Kind.DELIMITER, delimiter);
  }

  /**
   * Parses "line", "paragraph" or "delimiter:TEXT".
   *
   * @throws InvalidInputException naming the accepted forms when {@code spec} is none of them
   */
  public static StepSplit parse(String spec) {
    String s = spec == null ? "" : spec.strip();
    String lower = s.toLowerCase(Locale.ROOT);
    if (lower.equals("line") || lower.equals("lines")) {
      return LINES;
    }
    if (lower.equals("paragraph") || lower.equals("paragraphs")) {
      return PARAGRAPHS;
    }
    if (lower.startsWith("delimiter:") && s.length() > "delimiter:".length()) {
      return delimiter(s.substring("delimiter:".length()));
    }
    throw InvalidInputException.of(
        "step split", "expected line, paragraph or delimiter:TEXT but was '" + spec + "'");
  }

  /** The steps of {@code text}, in order, each stripped; blank pieces are not steps. */
  public List<String> split(String text) {
    String t = text.replace("\r\n", "\n").replace('\r', '\n');
    String[] pieces =
        switch (kind) {
          case LINE -> t.split("\n");
          case PARAGRAPH -> t.split("\n[ \t]*\n");
          case DELIMITER -> t.split(java.util.regex.Pattern.quote(delimiter), -1);
        };
    List<String> out = new ArrayList<>();
    for (String p : pieces) {
      if (!p.isBlank()) {
        out.add(p.strip());
      }
    }
    return List.copyOf(out);
  }

  @Override
  public String toString() {
    return kind == Kind.DELIMITER ? "delimiter:" + delimiter : kind.name().toLowerCase(Locale.ROOT);
  }
}
