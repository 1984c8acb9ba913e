package dev.arbiter.prompts;

import dev.arbiter.core.Judgement;
import dev.arbiter.core.Preference;
import dev.arbiter.core.protocol.ParseMode;
import dev.arbiter.core.protocol.PromptContext;
import java.util.List;
import java.util.Optional;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads RM-R1's final judgment {@code <answer>[[A]]</answer>} or {@code <answer>[[B]]</answer>}
 * (Chen et al., RM-R1: Reward Modeling as Reasoning, 2025).
 *
 * <p>Exact mode is RM-R1's evaluation code (RM-R1-UIUC/RM-R1, {@code
 * eval/reward-bench/rewardbench/generative.py}, {@code process_judgement}): A when the output
 * contains {@code [[A]]} anywhere, else B when it contains {@code [[B]]}, else no decision. Robust
 * mode reads only the last {@code <answer>} block the judge wrote (blocks quoted from a candidate
 * are skipped); its content must be exactly one of the two labels, and the block must be closed.
 */
final class RmR1Parser implements VerdictParser {
  // A block holds no further <answer>: an opener the judge mentioned without closing starts none.
  private static final Pattern BLOCK =
      Pattern.compile("(?is)<answer>((?:(?!<answer>).)*?)</answer>");
  private static final Pattern OPEN = Pattern.compile("(?i)<answer>");
  private static final Pattern LABEL = Pattern.compile("^\\s*\\[\\[\\s*([AB])\\s*\\]\\]\\s*$");

  @Override
  public Judgement parse(String text, String finishReason, PromptContext context) {
    if (context.parseMode() == ParseMode.EXACT) {
      if (text.contains("[[A]]")) {
        return Judgement.ofPreference(Preference.A_BETTER, List.of(), text.strip());
      }
      if (text.contains("[[B]]")) {
        return Judgement.ofPreference(Preference.B_BETTER, List.of(), text.strip());
      }
      return Judgement.unscored(
          Verdicts.notFound("verdict [[A]] or [[B]]", finishReason), text.strip());
    }
    Optional<MatchResult> block = FinalVerdicts.last(BLOCK, text, context.candidates());
    if (block.isPresent()
        && Verdicts.cutShort(finishReason)
        && !FinalVerdicts.endsOutput(text, block.get().end())) {
      return Judgement.unscored(FinalVerdicts.cutShort("<answer> block"), text.strip());
    }
    if (block.isPresent()
        && FinalVerdicts.reopenedAfter(OPEN, text, block.get().end(), context.candidates())) {
      return Judgement.unscored("the last <answer> block is never closed", text.strip());
    }
    if (block.isEmpty()) {
      return Judgement.unscored(
          Verdicts.notFound("final judgment such as <answer>[[A]]</answer>", finishReason),
          text.strip());
    }
    Matcher label = LABEL.matcher(block.get().group(1));
    if (!label.matches()) {
      return Judgement.unscored(
          "the last <answer> block holds '"
              + block.get().group(1).strip()
              + "', not [[A]] or [[B]]",
          text.strip());
    }
    Preference p = label.group(1).equalsIgnoreCase("A") ? Preference.A_BETTER : Preference.B_BETTER;
    return Judgement.ofPreference(p, List.of(), text.substring(0, block.get().start()).strip());
  }
}
