package dev.arbiter.eval.probe;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The built-in meaning-preserving transformations of {@code arbiter probe}, and the word multiset
 * their tests hold them to. docs/probe.md explains each one and why it should not change a verdict.
 */
public final class Transformations {
  private Transformations() {}

  private static final Pattern BULLET = Pattern.compile("^\\s*[-*•]\\s+(.*)$");
  private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+(?=[\\p{Lu}\\d])");
  private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

  /** The trailing filler {@code polite-filler} appends. */
  public static final String FILLER =
      "I hope this helps! Let me know if you have any other questions.";

  /** Every built-in transformation, in report order. */
  public static List<Transformation> all() {
    return List.of(
        new Transformation(
            "whitespace",
            "blank lines between lines, two spaces after a sentence, a trailing line break: layout only",
            false,
            (t, ref) -> hasCode(t) ? t : whitespace(t)),
        new Transformation(
            "markdown-added",
            "the first line set in bold: emphasis adds no content",
            false,
            (t, ref) -> markdownAdded(t)),
        new Transformation(
            "markdown-removed",
            "bold, italics markers, headings' # and inline code ticks removed: the words stay",
            false,
            (t, ref) -> hasCode(t) ? t : markdownRemoved(t)),
        new Transformation(
            "list-to-prose",
            "bullet items joined into one paragraph: the same statements in the same order",
            false,
            (t, ref) -> listToProse(t)),
        new Transformation(
            "prose-to-list",
            "each sentence of a paragraph as a bullet: the same statements in the same order",
            false,
            (t, ref) -> hasCode(t) || hasList(t) ? t : proseToList(t)),
        new Transformation(
            "answer-prefix",
            "\"Answer:\" before the text: a label, not content",
            false,
            (t, ref) -> "Answer: " + t),
        new Transformation(
            "final-answer-prefix",
            "\"Final answer:\" before the text: a label, not content",
            false,
            (t, ref) -> "Final answer: " + t),
        new Transformation(
            "polite-filler",
            "a closing pleasantry appended: it neither adds nor removes a claim",
            false,
            (t, ref) -> t.stripTrailing() + "\n\n" + FILLER),
        new Transformation(
            "unicode-lookalikes",
            "spaces replaced by no-break spaces (U+00A0): NFKC maps the text back to the original",
            false,
            (t, ref) -> hasCode(t) ? t : t.replace(' ', '\u00A0')),
        new Transformation(
            "swap-labels",
            "the candidates shown as B and A instead of A and B: the verdict is read from the other side",
            true,
            (t, ref) -> t),
        new Transformation(
            "reference-format",
            "each candidate laid out like the reference (list or prose, markdown or plain): layout only",
            false,
            (t, ref) -> ref.map(r -> referenceFormat(t, r)).orElse(t)));
  }

  /** The built-in transformation of this name. */
  public static Optional<Transformation> byName(String name) {
    return all().stream().filter(t -> t.name().equals(name)).findFirst();
  }

  // ---- the rewrites ----

  static String whitespace(String t) {
    String s = t.replaceAll("\n+", "\n\n");
    s = s.replaceAll("([.!?]) (?=\\S)", "$1  ");
    return s.endsWith("\n") ? s : s + "\n";
  }

  static String markdownAdded(String t) {
    String[] lines = t.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String l = lines[i];
      if (l.isBlank()) {
        continue;
      }
      if (l.contains("*")
          || l.contains("`")
          || l.strip().startsWith("#")
          || BULLET.matcher(l).matches()) {
        return t;
      }
      lines[i] = "**" + l.strip() + "**";
      return String.join("\n", lines);
    }
    return t;
  }

  static String markdownRemoved(String t) {
    String s = t.replaceAll("(?m)^\\s{0,3}#{1,6}\\s+", "");
    s = s.replace("**", "").replace("__", "");
    s = s.replaceAll("(?<![\\w*])\\*(?=\\S)([^*\\n]+?)(?<=\\S)\\*(?![\\w*])", "$1");
    return s.replace("`", "");
  }

  static boolean hasList(String t) {
    return t.lines().filter(l -> BULLET.matcher(l).matches()).count() >= 2;
  }

  static String listToProse(String t) {
    if (!hasList(t) || hasCode(t)) {
      return t;
    }
    StringBuilder out = new StringBuilder();
    StringBuilder para = new StringBuilder();
    for (String l : t.split("\n", -1)) {
      var m = BULLET.matcher(l);
      if (m.matches()) {
        String item = m.group(1).strip();
        if (!item.matches(".*[.!?;:]$")) {
          item = item + ".";
        }
        para.append(para.length() > 0 ? " " : "").append(item);
        continue;
      }
      if (para.length() > 0) {
        out.append(para).append('\n');
        para.setLength(0);
      }
      out.append(l).append('\n');
    }
    if (para.length() > 0) {
      out.append(para).append('\n');
    }
    return out.toString().stripTrailing();
  }

  static String proseToList(String t) {
    List<String> out = new ArrayList<>();
    boolean changed = false;
    for (String para : t.split("\n")) {
      String[] sentences = SENTENCE_END.split(para.strip());
      if (sentences.length >= 2) {
        changed = true;
        for (String s : sentences) {
          out.add("- " + s.strip());
        }
      } else {
        out.add(para);
      }
    }
    return changed ? String.join("\n", out) : t;
  }

  static String referenceFormat(String t, String reference) {
    if (hasCode(t)) {
      return t;
    }
    String s = hasList(reference) ? (hasList(t) ? t : proseToList(t)) : listToProse(t);
    boolean plainReference =
        !reference.contains("**")
            && !reference.contains("`")
            && !reference.matches("(?s).*(^|\n)\\s{0,3}#{1,6}\\s.*");
    return plainReference ? markdownRemoved(s) : s;
  }

  private static boolean hasCode(String t) {
    return t.contains("```");
  }

  // ---- the invariant ----

  /**
   * The text's words as a multiset: NFKC-normalised, lower-cased, split at every character that is
   * not a letter or digit. Layout, markdown and look-alike spaces do not change it.
   */
  public static Map<String, Integer> words(String text) {
    Map<String, Integer> m = new TreeMap<>();
    String n = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    for (String w : NON_WORD.split(n)) {
      if (!w.isEmpty()) {
        m.merge(w, 1, Integer::sum);
      }
    }
    return m;
  }
}
