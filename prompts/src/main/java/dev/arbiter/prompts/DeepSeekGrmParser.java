package dev.arbiter.prompts;

import dev.arbiter.core.Judgement;
import dev.arbiter.core.Mode;
import dev.arbiter.core.Scale;
import dev.arbiter.core.protocol.ParseMode;
import dev.arbiter.core.protocol.PromptContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads DeepSeek-GRM's last line, "Scores: \boxed{x, y}": one integer per response, in the order
 * shown (Liu et al., Inference-Time Scaling for Generalist Reward Modeling, 2025). Pointwise: the
 * one score. Pairwise: the two scores as a preference, a tie when they are equal (tie margin 0).
 *
 * <p>The authors published no parser. Exact mode takes the last {@code \boxed{...}} of the output,
 * as reimplementations of the paper do. Robust mode takes the last {@code \boxed{...}} that is not
 * quoted from a candidate and holds one number per response; the protocol's scale is 1 to 10.
 */
final class DeepSeekGrmParser implements VerdictParser {
  static final Pattern BOXED = Pattern.compile("\\\\boxed\\{([^{}]*)\\}");
  // With its lead-in "Scores:", so that the judge's own last line is not taken for a quote of the
  // same line forged in a candidate.
  private static final Pattern FINAL_BOXED =
      Pattern.compile("(?i)(?:scores?\\s*:?\\s*)?\\\\boxed\\{([^{}]*)\\}");
  private static final Pattern SCORES_LINE = Pattern.compile("(?i)scores?\\b");
  private static final Scale GRM_SCALE = Scale.ONE_TO_TEN;

  @Override
  public Judgement parse(String text, String finishReason, PromptContext context) {
    int n = context.candidates().size();
    Optional<MatchResult> boxed;
    if (context.parseMode() == ParseMode.EXACT) {
      Matcher m = BOXED.matcher(text);
      MatchResult last = null;
      while (m.find()) {
        last = m.toMatchResult();
      }
      boxed = Optional.ofNullable(last);
    } else {
      boxed = lastWithArity(text, n, context);
      if (boxed.isPresent() && Verdicts.cutShort(finishReason)) {
        MatchResult b = boxed.get();
        int lineStart = text.lastIndexOf('\n', b.start()) + 1;
        boolean onScoresLine = SCORES_LINE.matcher(text.substring(lineStart, b.end())).find();
        if (!onScoresLine || !FinalVerdicts.endsOutput(text, b.end())) {
          return Judgement.unscored(FinalVerdicts.cutShort("Scores line"), text.strip());
        }
      }
    }
    if (boxed.isEmpty()) {
      return Judgement.unscored(
          Verdicts.notFound("scores such as Scores: \\boxed{" + example(n) + "}", finishReason),
          text.strip());
    }
    List<Double> scores = numbers(boxed.get().group(1));
    if (scores.size() != n) {
      return Judgement.unscored(
          "the last \\boxed{} holds "
              + scores.size()
              + " scores, not one per response ("
              + n
              + "): \\boxed{"
              + boxed.get().group(1).strip()
              + "}",
          text.strip());
    }
    String critique = text.substring(0, boxed.get().start()).strip();
    if (critique.endsWith("Scores:")) {
      critique = critique.substring(0, critique.length() - "Scores:".length()).strip();
    }
    if (context.mode() == Mode.POINTWISE) {
      Optional<String> bad = Verdicts.outOfRange("score", scores.get(0), context.scale());
      return bad.isPresent()
          ? Judgement.unscored(bad.get(), text.strip())
          : Judgement.ofScore(scores.get(0), List.of(), critique);
    }
    for (double s : scores) {
      Optional<String> bad = Verdicts.outOfRange("score", s, GRM_SCALE);
      if (bad.isPresent()) {
        return Judgement.unscored(bad.get(), text.strip());
      }
    }
    return Judgement.ofPreference(
        FinalVerdicts.fromScores(scores.get(0), scores.get(1), 0), List.of(), critique);
  }

  private static Optional<MatchResult> lastWithArity(String text, int n, PromptContext ctx) {
    Matcher m = FINAL_BOXED.matcher(text);
    MatchResult last = null;
    while (m.find()) {
      if (numbers(m.group(1)).size() == n
          && !FinalVerdicts.quotedWithContext(text, m.start(), m.end(), ctx.candidates())) {
        last = m.toMatchResult();
      }
    }
    return Optional.ofNullable(last);
  }

  /** The comma-separated numbers of a box; empty when any part is not a number. */
  static List<Double> numbers(String inside) {
    List<Double> out = new ArrayList<>();
    for (String part : inside.split(",", -1)) {
      Optional<Double> v = Verdicts.number(part);
      if (v.isEmpty()) {
        return List.of();
      }
      out.add(v.get());
    }
    return out;
  }

  private static String example(int n) {
    return n == 1 ? "x" : "x, y";
  }
}
