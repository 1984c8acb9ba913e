package dev.arbiter.prompts;

import dev.arbiter.core.Judgement;
import dev.arbiter.core.Preference;
import dev.arbiter.core.Scale;
import dev.arbiter.core.protocol.ParseMode;
import dev.arbiter.core.protocol.PromptContext;
import java.util.List;
import java.util.Optional;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads JudgeLRM's two scores {@code <answer>s1</answer><answer>s2</answer>} after its thinking
 * (Chen et al., JudgeLRM: Large Reasoning Models as a Judge, 2025). A higher score wins; equal
 * scores are a tie (tie margin 0).
 *
 * <p>Exact mode is the authors' {@code parse_judge_lrm_response} (NuoJohnChen/JudgeLRM, {@code
 * baseline/inference/pandalm/utils/judgelrm_inference.py}): the first two {@code
 * <answer>digits</answer>} tags decide, and fewer than two is read as a tie, as the authors' code
 * does. Robust mode reads the last two answer tags the judge wrote (tags quoted from a candidate
 * are skipped), accepts decimals, requires both on the 1 to 10 scale of the prompt, and gives no
 * decision instead of a tie when they are missing or the output stops inside them.
 */
final class JudgeLrmParser implements VerdictParser {
  private static final Pattern EXACT = Pattern.compile("<answer>\\s*(\\d+)\\s*</answer>");
  // The two tags as one match (a little text between them allowed), so that a quote is told by the
  // text around the pair and the judge's own pair is never split by a quoted one.
  private static final Pattern PAIR =
      Pattern.compile(
          "(?i)<answer>\\s*(\\d+(?:\\.\\d+)?)\\s*</answer>(?:(?!<answer>)[\\s\\S]){0,40}?"
              + "<answer>\\s*(\\d+(?:\\.\\d+)?)\\s*</answer>");
  private static final Pattern OPEN = Pattern.compile("(?i)<answer>");

  @Override
  public Judgement parse(String text, String finishReason, PromptContext context) {
    if (context.parseMode() == ParseMode.EXACT) {
      List<String> found = Verdicts.all(EXACT, text, 1);
      if (found.size() < 2) {
        if (Verdicts.cutShort(finishReason)) {
          // The authors' fallback is for an answer that ended; a cut one gives no verdict.
          return Judgement.unscored(FinalVerdicts.cutShort("<answer> tags"), text.strip());
        }
        // The authors' code raises on fewer than two scores and returns 0, i.e. a tie.
        return Judgement.ofPreference(Preference.TIE, List.of(), text.strip());
      }
      double a = Double.parseDouble(found.get(0));
      double b = Double.parseDouble(found.get(1));
      return Judgement.ofPreference(FinalVerdicts.fromScores(a, b, 0), List.of(), text.strip());
    }
    Optional<MatchResult> pair = lastPair(text, context);
    if (pair.isEmpty()) {
      return Judgement.unscored(
          Verdicts.notFound("two scores <answer>n</answer><answer>m</answer>", finishReason),
          text.strip());
    }
    MatchResult second = pair.get();
    if (Verdicts.cutShort(finishReason) && !FinalVerdicts.endsOutput(text, second.end())) {
      return Judgement.unscored(FinalVerdicts.cutShort("<answer> tags"), text.strip());
    }
    if (FinalVerdicts.reopenedAfter(OPEN, text, second.end(), context.candidates())) {
      return Judgement.unscored("the last <answer> tag holds no score", text.strip());
    }
    double a = Double.parseDouble(second.group(1));
    double b = Double.parseDouble(second.group(2));
    for (double s : new double[] {a, b}) {
      Optional<String> bad = Verdicts.outOfRange("score", s, Scale.ONE_TO_TEN);
      if (bad.isPresent()) {
        return Judgement.unscored(bad.get(), text.strip());
      }
    }
    return Judgement.ofPreference(
        FinalVerdicts.fromScores(a, b, 0), List.of(), text.substring(0, second.start()).strip());
  }

  /** The last pair not quoted from a candidate; pairs may overlap (three tags hold two pairs). */
  private static Optional<MatchResult> lastPair(String text, PromptContext context) {
    Matcher opener = OPEN.matcher(text);
    Matcher pair = PAIR.matcher(text);
    MatchResult last = null;
    while (opener.find()) {
      pair.region(opener.start(), text.length());
      if (pair.lookingAt()
          && !FinalVerdicts.quotedWithContext(
              text, pair.start(), pair.end(), context.candidates())) {
        last = pair.toMatchResult();
      }
    }
    return Optional.ofNullable(last);
  }
}
