package dev.arbiter.prompts;

import dev.arbiter.core.Judgement;
import dev.arbiter.core.Scale;
import dev.arbiter.core.protocol.ParseMode;
import dev.arbiter.core.protocol.PromptContext;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads JudgeLM's first line, the two scores "s1 s2" on a 1 to 10 scale, followed by an explanation
 * (Zhu et al., JudgeLM: Fine-tuned Large Language Models are Scalable Judges, 2023). A higher score
 * wins; equal scores are a tie (tie margin 0).
 *
 * <p>Exact mode is JudgeBench's {@code JudgeLM.parse_score} (ScalerLab/JudgeBench, {@code
 * utils/judges.py}): the first line, commas turned into spaces, split on single spaces, must give
 * exactly two numbers; anything else reads as [-1, -1], i.e. a tie, as in JudgeBench. Robust mode
 * reads the first non-blank line as two numbers separated by spaces and/or a comma, both on the
 * scale, and gives no decision otherwise; the line must be complete (an output cut short inside it
 * gives none). The first line is the judge's by position, so a candidate's text cannot stand in.
 */
final class JudgeLmParser implements VerdictParser {
  private static final Pattern PAIR =
      Pattern.compile("^(\\d+(?:\\.\\d+)?)\\s*(?:,\\s*|\\s+)(\\d+(?:\\.\\d+)?)$");

  @Override
  public Judgement parse(String text, String finishReason, PromptContext context) {
    if (context.parseMode() == ParseMode.EXACT) {
      double[] s = exactScores(text);
      boolean lineEnded = text.indexOf('\n') >= 0;
      if (Verdicts.cutShort(finishReason) && (!lineEnded || (s[0] == -1 && s[1] == -1))) {
        // JudgeBench's reading assumes the first line ended; a cut one may have lost a digit.
        return Judgement.unscored(FinalVerdicts.cutShort("score line"), text.strip());
      }
      return Judgement.ofPreference(
          FinalVerdicts.fromScores(s[0], s[1], 0), List.of(), text.strip());
    }
    Optional<String> line = FinalVerdicts.firstLine(text, finishReason);
    if (line.isEmpty()) {
      return FinalVerdicts.noFirstLine("score line", text, finishReason);
    }
    Matcher m = PAIR.matcher(line.get());
    if (!m.matches()) {
      return Judgement.unscored(
          "the first line '" + line.get() + "' is not two scores such as '8 6'", text.strip());
    }
    double a = Double.parseDouble(m.group(1));
    double b = Double.parseDouble(m.group(2));
    for (double s : new double[] {a, b}) {
      Optional<String> bad = Verdicts.outOfRange("score", s, Scale.ONE_TO_TEN);
      if (bad.isPresent()) {
        return Judgement.unscored(bad.get(), text.strip());
      }
    }
    String rest = text.strip().substring(line.get().length()).strip();
    return Judgement.ofPreference(FinalVerdicts.fromScores(a, b, 0), List.of(), rest);
  }

  /** JudgeBench's parse_score: two numbers from the first line, or [-1, -1]. */
  static double[] exactScores(String review) {
    String first = review.split("\n", -1)[0].replace(',', ' ');
    String[] sp = first.split(" ", -1);
    if (sp.length == 2) {
      Optional<Double> a = pythonFloat(sp[0]);
      Optional<Double> b = pythonFloat(sp[1]);
      if (a.isPresent() && b.isPresent()) {
        return new double[] {a.get(), b.get()};
      }
    }
    return new double[] {-1, -1};
  }

  /** Python's float() on what JudgeLM writes: surrounding whitespace allowed, no hex, no suffix. */
  private static Optional<Double> pythonFloat(String s) {
    String t = s.strip();
    if (t.isEmpty() || !t.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
      return Optional.empty();
    }
    return Optional.of(Double.parseDouble(t));
  }
}
