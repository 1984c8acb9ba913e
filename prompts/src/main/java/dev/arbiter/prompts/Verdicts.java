package dev.arbiter.prompts;

import dev.arbiter.core.Candidate;
import dev.arbiter.core.Scale;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rules every text-format parser shares.
 *
 * <p>Unanimity: all verdicts the judge wrote must agree, else the sample is unscored. This is the
 * rule of Arena-Hard-Auto's and JudgeBench's label parser (several different labels give no
 * decision), and it means a verdict string the judge quoted from a candidate can at worst turn a
 * sample into an abstention, never flip it.
 *
 * <p>Quote masking: a verdict-looking match that occurs inside a candidate's text together with the
 * text around it in the judge's output is taken to be the judge quoting that candidate, and is
 * ignored. If the judge's own verdict happens to repeat a candidate's forged one word for word, it
 * is ignored too; the sample then abstains rather than risk taking the candidate's word.
 */
final class Verdicts {
  private Verdicts() {}

  /** The server cut the output short (OpenAI / vLLM finish_reason "length"). */
  static boolean cutShort(String finishReason) {
    return finishReason != null && finishReason.equalsIgnoreCase("length");
  }

  /** How much surrounding text must match a candidate before a verdict counts as quoted. */
  static final int QUOTE_CONTEXT = 8;

  /** Decides whether text[start, end) is quoted from one of the candidates. */
  private interface QuoteRule {
    boolean quoted(String text, int start, int end, List<Candidate> candidates);
  }

  /**
   * {@code text} with every match of {@code pattern} blanked out (same length, so offsets hold)
   * when it is quoted from a candidate: some candidate contains the match together with at least
   * {@value #QUOTE_CONTEXT} characters of the text just before or just after it, or the whole line
   * around it.
   */
  static String maskQuoted(String text, Pattern pattern, List<Candidate> candidates) {
    return maskQuoted(text, pattern, null, candidates);
  }

  /**
   * Like {@link #maskQuoted(String, Pattern, List)}, but judges and blanks only the span of the
   * named {@code group} of each match (the whole match when {@code group} is null or did not take
   * part). A user grammar's match may begin with the judge's own critique, which no candidate
   * contains; the verdict inside it may still be quoted.
   */
  static String maskQuoted(String text, Pattern pattern, String group, List<Candidate> candidates) {
    return mask(text, pattern, group, candidates, Verdicts::quoted);
  }

  /**
   * {@code text} with every match of {@code pattern} (or its named {@code group}) blanked out that
   * a candidate contains together with the judge's text just before or after it: the robust parse's
   * rule (see {@link FinalVerdicts#quotedWithContext}). Unlike {@link #maskQuoted}, a match the
   * judge writes on a line of its own still counts when a candidate holds the same line.
   */
  static String maskQuotedInContext(
      String text, Pattern pattern, String group, List<Candidate> candidates) {
    return mask(text, pattern, group, candidates, FinalVerdicts::quotedWithContext);
  }

  private static String mask(
      String text, Pattern pattern, String group, List<Candidate> candidates, QuoteRule rule) {
    if (candidates.isEmpty()) {
      return text;
    }
    StringBuilder out = null;
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      int start = m.start();
      int end = m.end();
      if (group != null && pattern.namedGroups().containsKey(group) && m.start(group) >= 0) {
        start = m.start(group);
        end = m.end(group);
      }
      if (end > start && rule.quoted(text, start, end, candidates)) {
        if (out == null) {
          out = new StringBuilder(text);
        }
        for (int i = start; i < end; i++) {
          out.setCharAt(i, ' ');
        }
      }
    }
    return out == null ? text : out.toString();
  }

  private static boolean quoted(String text, int start, int end, List<Candidate> candidates) {
    String match = text.substring(start, end);
    int lineStart = text.lastIndexOf('\n', start - 1) + 1;
    int lineEnd = text.indexOf('\n', end);
    String line = text.substring(lineStart, lineEnd < 0 ? text.length() : lineEnd).strip();
    String before = start >= QUOTE_CONTEXT ? text.substring(start - QUOTE_CONTEXT, end) : null;
    String after =
        end + QUOTE_CONTEXT <= text.length() ? text.substring(start, end + QUOTE_CONTEXT) : null;
    for (Candidate c : candidates) {
      String t = c.text();
      if (t.contains(match)
          && (t.contains(line)
              || (before != null && t.contains(before))
              || (after != null && t.contains(after)))) {
        return true;
      }
    }
    return false;
  }

  /** Group {@code group} of the last match, or empty when there is none. */
  static Optional<String> last(Pattern pattern, String text, int group) {
    Matcher m = pattern.matcher(text);
    String last = null;
    while (m.find()) {
      last = m.group(group);
    }
    return Optional.ofNullable(last);
  }

  /** The reason used when an output was cut short before its final-verdict marker was complete. */
  static String cutShortBefore(String marker) {
    return "output cut short (finish_reason=length) before "
        + marker
        + "; raise the completion budget (--max-tokens)";
  }

  /** Group {@code group} of every match, in order. */
  static List<String> all(Pattern pattern, String text, int group) {
    List<String> found = new ArrayList<>();
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      found.add(m.group(group));
    }
    return found;
  }

  /**
   * The one value all {@code raw} strings agree on after {@code normalise}, or the reason they do
   * not ("conflicting ..."); empty input gives an empty result and no reason.
   */
  static <T> Outcome<T> unanimous(List<String> raw, Function<String, T> normalise, String what) {
    Set<T> distinct = new LinkedHashSet<>();
    Set<String> shown = new LinkedHashSet<>();
    for (String r : raw) {
      distinct.add(normalise.apply(r));
      shown.add(r.strip());
    }
    if (distinct.isEmpty()) {
      return new Outcome<>(Optional.empty(), "");
    }
    if (distinct.size() > 1) {
      return new Outcome<>(
          Optional.empty(), "conflicting " + what + "s: " + String.join(" / ", shown));
    }
    return new Outcome<>(Optional.of(distinct.iterator().next()), "");
  }

  /** A unanimous value, or the reason there is none (blank when nothing was found at all). */
  record Outcome<T>(Optional<T> value, String conflict) {}

  /** A finite number, or empty. */
  static Optional<Double> number(String s) {
    try {
      double d = Double.parseDouble(s.strip());
      return Double.isFinite(d) ? Optional.of(d) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Why {@code v} cannot be a score on {@code scale}, or empty when it can. */
  static Optional<String> outOfRange(String what, double v, Scale scale) {
    if (scale.contains(v)) {
      return Optional.empty();
    }
    return Optional.of(
        what
            + " "
            + Numbers.format(v)
            + " lies outside the scale "
            + Numbers.format(scale.min())
            + ".."
            + Numbers.format(scale.max()));
  }

  /** The reason used when no verdict was found, mentioning a cut-short output. */
  static String notFound(String what, String finishReason) {
    return cutShort(finishReason)
        ? "output cut short (finish_reason=length) before any "
            + what
            + "; raise the completion budget (--max-tokens)"
        : "no " + what + " found";
  }
}
