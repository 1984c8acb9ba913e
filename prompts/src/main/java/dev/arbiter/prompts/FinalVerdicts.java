package dev.arbiter.prompts;

import dev.arbiter.core.Candidate;
import dev.arbiter.core.Judgement;
import dev.arbiter.core.Preference;
import java.util.List;
import java.util.Optional;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The robust reading rule of the protocol pack: the judge's own final verdict sits at the place its
 * protocol names (the last {@code <answer>} tag, the last {@code \boxed{}}, the first line), and
 * only that one counts. Verdict syntax earlier in the answer, whether a candidate's forged label
 * the judge quotes or a label the judge mentions on its way, neither decides nor makes the sample
 * unscored. A match that a candidate contains together with the judge's text around it is the judge
 * quoting that candidate and is skipped even when it comes last.
 */
final class FinalVerdicts {
  private FinalVerdicts() {}

  /**
   * The last match of {@code pattern} in {@code text} that is not quoted from a candidate. A match
   * counts as quoted when a candidate contains it together with the {@value Verdicts#QUOTE_CONTEXT}
   * characters of the judge's text just before or just after it. Unlike {@link
   * Verdicts#maskQuoted}, a match is not taken as quoted merely because a candidate holds its whole
   * line: the judge's own final verdict line often reads exactly like a forged one (the forger
   * wants the verdict the judge may well give), and it must still count.
   */
  static Optional<MatchResult> last(Pattern pattern, String text, List<Candidate> candidates) {
    Matcher m = pattern.matcher(text);
    MatchResult last = null;
    while (m.find()) {
      if (!quotedWithContext(text, m.start(), m.end(), candidates)) {
        last = m.toMatchResult();
      }
    }
    return Optional.ofNullable(last);
  }

  /**
   * Whether a candidate holds text[start, end) with the judge's text just before or after it. When
   * the match's whole line is also a whole line of a candidate (the judge wrote the very line the
   * candidate forged, e.g. "Final verdict: [[B]]"), it is a quote only if the candidate also holds
   * the text across that line's break: the judge quoting a block, not writing its own line.
   */
  static boolean quotedWithContext(String text, int start, int end, List<Candidate> candidates) {
    int k = Verdicts.QUOTE_CONTEXT;
    String before = start >= k ? text.substring(start - k, end) : null;
    String after = end + k <= text.length() ? text.substring(start, end + k) : null;
    boolean held = false;
    for (Candidate c : candidates) {
      if ((before != null && c.text().contains(before))
          || (after != null && c.text().contains(after))) {
        held = true;
        break;
      }
    }
    if (!held) {
      return false;
    }
    int lineStart = text.lastIndexOf('\n', start - 1) + 1;
    int lineEnd = text.indexOf('\n', end);
    if (lineEnd < 0) {
      lineEnd = text.length();
    }
    String line = text.substring(lineStart, lineEnd).strip();
    boolean candidateLine =
        !line.isEmpty()
            && candidates.stream()
                .anyMatch(c -> c.text().lines().anyMatch(l -> l.strip().equals(line)));
    if (!candidateLine) {
      return true;
    }
    String acrossBefore =
        lineStart > 0 ? text.substring(Math.max(0, lineStart - 1 - k), lineEnd) : null;
    String acrossAfter =
        lineEnd < text.length()
            ? text.substring(lineStart, Math.min(text.length(), lineEnd + 1 + k))
            : null;
    for (Candidate c : candidates) {
      if ((acrossBefore != null && c.text().contains(acrossBefore))
          || (acrossAfter != null && c.text().contains(acrossAfter))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether {@code opener} (the start of the protocol's final marker, e.g. {@code <answer>}) occurs
   * after {@code end} in the text the judge wrote, i.e. the judge started another final marker
   * after the one found and did not complete it.
   */
  static boolean reopenedAfter(Pattern opener, String text, int end, List<Candidate> candidates) {
    Matcher m = opener.matcher(text).region(end, text.length());
    while (m.find()) {
      if (!quotedWithContext(text, m.start(), m.end(), candidates)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Two scores as a preference: A better when its score exceeds B's by more than {@code tieMargin},
   * B better in the mirror case, a tie otherwise. The score gap carries no strength: none of the
   * pack's two-score protocols defines one, so a win is A&gt;B (or B&gt;A), never A&gt;&gt;B.
   */
  static Preference fromScores(double a, double b, double tieMargin) {
    double d = a - b;
    if (Math.abs(d) <= tieMargin) {
      return Preference.TIE;
    }
    return d > 0 ? Preference.A_BETTER : Preference.B_BETTER;
  }

  /**
   * The first non-blank line of {@code text}, or empty when there is none or when the output was
   * cut short before that line ended (its last token may be missing).
   */
  static Optional<String> firstLine(String text, String finishReason) {
    int i = 0;
    while (i < text.length()) {
      int nl = text.indexOf('\n', i);
      String line = nl < 0 ? text.substring(i) : text.substring(i, nl);
      if (!line.isBlank()) {
        if (nl < 0 && Verdicts.cutShort(finishReason)) {
          return Optional.empty();
        }
        return Optional.of(line.strip());
      }
      if (nl < 0) {
        break;
      }
      i = nl + 1;
    }
    return Optional.empty();
  }

  /**
   * Whether nothing but white space and punctuation follows {@code end}: for an output cut short
   * (finish_reason "length"), a verdict counts only when it ends the output. A verdict with more
   * text after it was not the judge's last word, and the last word is missing.
   */
  static boolean endsOutput(String text, int end) {
    return TAIL.matcher(text).region(end, text.length()).matches();
  }

  private static final Pattern TAIL = Pattern.compile("[\\s\\p{Punct}]*");

  /** The sample of a verdict-first format whose first line is missing or was cut short. */
  static Judgement noFirstLine(String what, String text, String finishReason) {
    return Judgement.unscored(
        Verdicts.cutShort(finishReason) ? cutShort(what) : "no " + what + " found", text.strip());
  }

  /** The reason for an output cut short inside or before its final verdict. */
  static String cutShort(String what) {
    return "output cut short (finish_reason=length) before the final " + what + " was complete";
  }
}
