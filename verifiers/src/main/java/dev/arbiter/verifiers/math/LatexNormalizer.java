package dev.arbiter.verifiers.math;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * String clean-ups applied to an extracted LaTeX answer before parsing: boxed contents, styling,
 * spacing, units, thousands separators, degrees, percent words and approximations.
 */
final class LatexNormalizer {
  private LatexNormalizer() {}

  // Commands that model outputs sometimes write with a doubled backslash (JSON-escaped twice).
  private static final Pattern DOUBLED_COMMAND =
      Pattern.compile(
          "(?<!\\\\)\\\\\\\\(?=(?:frac|dfrac|tfrac|cfrac|sqrt|left|right|pi|le|leq|ge|geq|ne|neq"
              + "|boxed|cdot|times|text|mathrm|infty|cup|cap|pm|mp|sin|cos|tan|log|ln|begin|end"
              + "|div|lt|gt|in|alpha|beta|gamma|theta|circ)(?![a-zA-Z]))");
  private static final Pattern BOXED = Pattern.compile("\\\\(?:boxed|fbox)\\s*\\{");
  private static final Pattern LEFT_RIGHT =
      Pattern.compile(
          "\\\\(?:left|right|bigl|bigr|Bigl|Bigr|biggl|biggr|big|Big|bigg|Bigg)(?![a-zA-Z])\\s*(\\.)?");
  private static final Pattern SPACING =
      Pattern.compile(
          // "\\quadx_2" (no space after \\quad) is how some references write it; TeX would not
          // care.
          "(?<!\\\\)\\\\q?quad|(?<!\\\\)\\\\(?:displaystyle|textstyle|limits|nolimits|,|;|:| )(?![a-zA-Z])|~");
  private static final Pattern THOUSANDS_GROUP =
      Pattern.compile("\\s*\\{\\s*,\\s*\\}\\s*|,\\\\!\\s*");
  private static final Pattern DEGREES =
      Pattern.compile(
          "\\^\\s*\\{?\\s*\\\\circ\\s*\\}?|\\\\circ(?![a-zA-Z])|°|\\\\degree(?![a-zA-Z])");
  private static final Pattern AND_WORD =
      Pattern.compile(
          "\\\\(?:text|textnormal|mbox|textrm)\\s*\\{\\s*(?:and|or)\\s*\\}|\\s+(?:and|or)\\s+"
              + "|(?<=[)\\]])\\s*(?:and|or)\\s*(?=[(\\[])");
  // A text group right after a number or a closing bracket names a unit ("5\text{ cm}^2").
  private static final Pattern UNIT_TEXT =
      Pattern.compile(
          "(?<=[\\d})]\\s{0,5})\\\\(?:text|textnormal|textbf|textit|textrm|mbox|mathrm|rm)\\s*"
              + "\\{\\s*[A-Za-z][A-Za-z .]*\\}(?:\\s*\\^\\s*\\{?\\d\\}?)?");
  // Bare unit words after a number (latex2sympy strips a similar list).
  private static final Pattern UNIT_WORD =
      Pattern.compile(
          "(?<=[\\d}])\\s*(?:cm|mm|km|meters?|metres?|miles?|inches|inch|feet|foot|ft|yards?|units?"
              + "|degrees?|dollars?|cents?|hours?|minutes?|seconds?|days?|weeks?|months?|years?"
              + "|kg|grams?|pounds?|lbs?|ounces?|oz|liters?|litres?|mph|sq|square|cubic)"
              + "(?![A-Za-z])(?:\\s*\\^\\s*\\{?\\d\\}?)?");
  private static final Pattern PERCENT_WORD =
      Pattern.compile("(?<=[\\d}])\\s*(?:percentage|percent|pct)(?![A-Za-z])");
  private static final Pattern EMPTY_ITEM = Pattern.compile(",\\s*,");
  private static final Pattern THOUSANDS_NUMBER =
      Pattern.compile("-?\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?");

  /** Rewrites doubly escaped commands such as {@code \\frac} to {@code \frac}. */
  static String undoubleCommands(String s) {
    return DOUBLED_COMMAND.matcher(s).replaceAll(Matcher.quoteReplacement("\\"));
  }

  /** The contents of every \boxed{...} / \fbox{...} in order (balanced braces). */
  static List<String> boxedContents(String s) {
    return boxSpans(s).stream().map(b -> s.substring(b[1], b[2])).toList();
  }

  /** Each box as {start of "\boxed", start of its content, its closing brace}, in order. */
  private static List<int[]> boxSpans(String s) {
    List<int[]> out = new ArrayList<>();
    Matcher m = BOXED.matcher(s);
    int from = 0;
    while (from < s.length() && m.find(from)) {
      int close = matchingBrace(s, m.end() - 1);
      if (close < 0) {
        break;
      }
      out.add(new int[] {m.start(), m.end(), close});
      from = close + 1;
    }
    return out;
  }

  /**
   * What joins boxes that answer together: "\\boxed{1} and \\boxed{2}", "\\boxed{1}, \\boxed{2}".
   */
  private static final Pattern BOX_SEPARATOR = Pattern.compile("and|or|,|;");

  /**
   * The last box of a text and the boxes before it that are joined to it: walking back from the
   * last box, an earlier box belongs to the answer when less than 70 characters separate the two
   * and those contain "and", "or", a comma or a semicolon (Math-Verify's "last" boxed mode,
   * latex2sympy2_extended {@code extract_boxed_content}). So "\\boxed{1} papers and \\boxed{2}
   * bins" answers 1, 2 while "\\boxed{1} no, wait... [a paragraph] \\boxed{2}" answers 2. A box
   * repeated in the chain counts once.
   */
  static List<String> lastBoxChain(String s) {
    List<int[]> spans = boxSpans(s);
    if (spans.isEmpty()) {
      return List.of();
    }
    java.util.LinkedList<String> chain = new java.util.LinkedList<>();
    int i = spans.size() - 1;
    chain.addFirst(s.substring(spans.get(i)[1], spans.get(i)[2]).strip());
    for (; i > 0; i--) {
      String between = s.substring(spans.get(i - 1)[2] + 1, spans.get(i)[0]);
      if (between.length() >= 70 || !BOX_SEPARATOR.matcher(between).find()) {
        break;
      }
      String content = s.substring(spans.get(i - 1)[1], spans.get(i - 1)[2]).strip();
      if (!chain.contains(content)) {
        chain.addFirst(content);
      }
    }
    return List.copyOf(chain);
  }

  /** Index of the brace closing the one at {@code open}, or -1. Escaped braces are skipped. */
  static int matchingBrace(String s, int open) {
    int depth = 0;
    for (int i = open; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\') {
        i++;
        continue;
      }
      if (c == '{') {
        depth++;
      } else if (c == '}') {
        depth--;
        if (depth == 0) {
          return i;
        }
      }
    }
    return -1;
  }

  /**
   * Cleans one LaTeX answer.
   *
   * @param latex the math-mode text found by the extractor
   * @param allBoxes when the text has several boxes, keep all (joined by commas) rather than the
   *     last one
   */
  static String normalize(String latex, boolean allBoxes) {
    String s = undoubleCommands(latex);
    List<String> boxes = allBoxes ? boxedContents(s) : lastBoxChain(s);
    if (!boxes.isEmpty()) {
      // ", " rather than "," so that boxes 1 and 200 never read as the number 1,200.
      s = String.join(allBoxes ? "," : ", ", boxes);
    }
    s = s.replace("\\dfrac", "\\frac").replace("\\tfrac", "\\frac").replace("\\cfrac", "\\frac");
    s = LEFT_RIGHT.matcher(s).replaceAll("");
    s = THOUSANDS_GROUP.matcher(s).replaceAll("");
    s = s.replace("\\!", "").replace("\\$", "").replace("$", " ");
    s = SPACING.matcher(s).replaceAll(" ");
    s = DEGREES.matcher(s).replaceAll("");
    s = AND_WORD.matcher(s).replaceAll(",");
    // "19, 46, and 82" (Oxford comma): the comma and the "and" are one separator.
    s = EMPTY_ITEM.matcher(s).replaceAll(",");
    s = UNIT_TEXT.matcher(s).replaceAll("");
    s = UNIT_WORD.matcher(s).replaceAll("");
    s = PERCENT_WORD.matcher(s).replaceAll("\\\\%");
    s = approximations(s);
    s = s.strip();
    // Sentence punctuation and line breaks after the answer are not part of it.
    while (!s.isEmpty()) {
      if (s.endsWith("\\\\")) {
        s = s.substring(0, s.length() - 2).strip();
      } else if (s.endsWith(".") || s.endsWith(",") || s.endsWith(";")) {
        s = s.substring(0, s.length() - 1).strip();
      } else {
        break;
      }
    }
    if (THOUSANDS_NUMBER.matcher(s).matches()) {
      s = s.replace(",", "");
    }
    return s;
  }

  /**
   * "x = 1/3 \approx 0.33" keeps the exact value; a lone "x \approx 11" means x = 11 (as
   * Math-Verify's tests expect).
   */
  private static String approximations(String s) {
    int i = s.indexOf("\\approx");
    if (i < 0) {
      return s;
    }
    if (s.substring(0, i).contains("=")) {
      return s.substring(0, i);
    }
    return s.replace("\\approx", "=");
  }
}
