package dev.arbiter.prompts;

import dev.arbiter.core.Judgement;
import dev.arbiter.core.Mode;
import dev.arbiter.core.Preference;
import dev.arbiter.core.protocol.ParseMode;
import dev.arbiter.core.protocol.PromptContext;
import dev.arbiter.core.protocol.VerdictSlot;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Prometheus verdicts: "Feedback: ... [RESULT] n" for absolute grading and "... [RESULT] A"
 * (or B) for relative grading (Prometheus 2). The feedback before the verdict's marker becomes the
 * critique.
 *
 * <p>{@link ParseMode#ROBUST} (default): the last {@code [RESULT]} decides, so a marker quoted
 * earlier (from a candidate, or while comparing) neither decides nor vetoes. Without any marker, a
 * final "Score: n" / "Result: n" line is accepted, unless the output was cut short; cut short, a
 * marker quoted from a candidate does not count.
 *
 * <p>{@link ParseMode#EXACT}: prometheus-eval's rule ({@code prometheus-eval/prometheus-eval
 * libs/prometheus-eval/prometheus_eval/utils.py}, {@code _parse_output}): the text must hold
 * exactly one "[RESULT]", and what follows it, stripped, must be exactly the score digits (1..5
 * there; the context's scale here) or exactly "A" / "B".
 */
final class PrometheusParser implements VerdictParser {
  static final Pattern SCORE =
      Pattern.compile(
          "\\[RESULT\\]\\s*[:\\-]?\\s*[(\\[]?\\s*(\\d+(?:\\.\\d+)?)(?!\\d)",
          Pattern.CASE_INSENSITIVE);
  static final Pattern WINNER =
      Pattern.compile(
          "\\[RESULT\\]\\s*[:\\-]?\\s*[(\\[]?\\s*(?:Response\\s+)?([AB])(?![A-Za-z])",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern SCORE_LAST_LINE =
      Pattern.compile(
          "(?i)(?:^|\\n)\\s*(?:score|result)\\s*:\\s*(\\d+(?:\\.\\d+)?)\\s*(?:/\\s*\\d+|out of \\d+)?"
              + "\\s*[.!]?\\s*$");
  private static final Pattern WINNER_LAST_LINE =
      Pattern.compile("(?i)(?:^|\\n)\\s*result\\s*:\\s*(?:response\\s+)?([AB])\\s*[.!]?\\s*$");
  private static final Pattern FEEDBACK_PREFIX =
      Pattern.compile("^\\s*(?:###\\s*)?feedback\\s*:\\s*", Pattern.CASE_INSENSITIVE);
  private static final String MARKER = "[RESULT]";

  @Override
  public Judgement parse(String text, String finishReason, PromptContext context) {
    boolean pairwise = context.mode() == Mode.PAIRWISE;
    String what = pairwise ? "verdict such as [RESULT] A" : "score such as [RESULT] 4";
    Found found =
        context.parseMode() == ParseMode.EXACT
            ? exact(text, pairwise)
            : robust(text, pairwise, Verdicts.cutShort(finishReason), context);
    if (found.value().isEmpty()) {
      String reason =
          found.problem().isEmpty()
              ? Verdicts.cutShort(finishReason)
                  ? Verdicts.cutShortBefore("a complete \"[RESULT] ...\"")
                  : Verdicts.notFound(what, finishReason)
              : found.problem();
      return Judgement.unscored(reason, feedback(text, found.cut()));
    }
    String feedback = feedback(text, found.cut());
    String v = found.value().get();
    if (pairwise) {
      // Prometheus 2's relative grading has no tie and no strength.
      Preference p =
          v.toUpperCase(Locale.ROOT).equals("A") ? Preference.A_BETTER : Preference.B_BETTER;
      return Judgement.ofPreference(p, List.of(), feedback);
    }
    Optional<Double> s = Verdicts.number(v);
    if (s.isEmpty()) {
      return Judgement.unscored("score '" + v + "' is not a number", feedback);
    }
    Optional<String> bad = Verdicts.outOfRange("score", s.get(), context.scale());
    if (bad.isPresent()) {
      return Judgement.unscored(bad.get(), feedback);
    }
    return Judgement.ofScore(s.get(), List.of(), feedback);
  }

  /** A verdict value (or the reason there is none) and where the feedback ends. */
  private record Found(Optional<String> value, String problem, int cut) {}

  private static Found robust(
      String text, boolean pairwise, boolean cutShort, PromptContext context) {
    Pattern marker = pairwise ? WINNER : SCORE;
    // Cut short, the judge's own verdict may never have been written: a marker it only quoted from
    // a candidate must not stand in for it.
    String visible =
        cutShort
            ? Verdicts.maskQuoted(text, marker, context.candidates())
            : Verdicts.maskQuotedInContext(text, marker, null, context.candidates());
    Matcher m = marker.matcher(visible);
    String value = null;
    int cut = -1;
    while (m.find()) {
      value = m.group(1);
      cut = m.start();
    }
    if (value == null && !cutShort) {
      Pattern lastLine = pairwise ? WINNER_LAST_LINE : SCORE_LAST_LINE;
      Matcher last =
          lastLine.matcher(
              Verdicts.maskQuotedInContext(text, lastLine, null, context.candidates()));
      if (last.find()) {
        value = last.group(1);
        cut = last.start();
      }
    }
    return new Found(Optional.ofNullable(value), "", cut);
  }

  /**
   * The verdict token in {@link ParseMode#ROBUST} reading of a complete output: the score digits or
   * the letter after the last {@code [RESULT]}, else on the final "Score:" / "Result:" line, as the
   * robust rule above reads them. Exact mode and outputs cut short point to no token.
   */
  @Override
  public Optional<VerdictSlot> slot(
      String text, String finishReason, Judgement judgement, PromptContext context) {
    if (context.parseMode() != ParseMode.ROBUST || Verdicts.cutShort(finishReason)) {
      return Optional.empty();
    }
    boolean pairwise = context.mode() == Mode.PAIRWISE;
    return VerdictSlots.last(pairwise ? WINNER : SCORE, text)
        .or(() -> VerdictSlots.last(pairwise ? WINNER_LAST_LINE : SCORE_LAST_LINE, text))
        .map(m -> pairwise ? VerdictSlots.label(m, 1, VerdictSlots.A_B) : VerdictSlots.score(m, 1));
  }

  private static Found exact(String text, boolean pairwise) {
    int at = text.indexOf(MARKER);
    if (at < 0) {
      return new Found(Optional.empty(), "", -1);
    }
    if (text.indexOf(MARKER, at + MARKER.length()) >= 0) {
      return new Found(
          Optional.empty(), "more than one [RESULT] marker (prometheus-eval reads none)", at);
    }
    String result = text.substring(at + MARKER.length()).strip();
    boolean ok = pairwise ? result.equals("A") || result.equals("B") : result.matches("[0-9]+");
    if (!ok) {
      return new Found(
          Optional.empty(),
          "what follows [RESULT] is '"
              + (result.length() > 40 ? result.substring(0, 40) + "…" : result)
              + "', not exactly "
              + (pairwise ? "A or B" : "a score"),
          at);
    }
    return new Found(Optional.of(result), "", at);
  }

  private static String feedback(String text, int cut) {
    return FEEDBACK_PREFIX
        .matcher(cut >= 0 ? text.substring(0, cut) : text)
        .replaceFirst("")
        .strip();
  }
}
