package dev.arbiter.prompts;

import dev.arbiter.core.Judgement;
import dev.arbiter.core.Preference;
import dev.arbiter.core.protocol.ParseMode;
import dev.arbiter.core.protocol.PromptContext;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;

/**
 * Reads Skywork-Critic's pairwise verdict {@code [[A]]} or {@code [[B]]} (no tie).
 *
 * <p>Exact mode is JudgeBench's reading (ScalerLab/JudgeBench, {@code utils/judges.py}, class
 * {@code SkyworkCritic}): A when the output contains the letter "A" anywhere, else B when it
 * contains "B", else no decision. Robust mode takes the last {@code [[A]]} / {@code [[B]]} label
 * that is not quoted from a candidate, or, when there is none, an output that is the bare letter.
 */
final class SkyworkCriticParser implements VerdictParser {
  private static final Pattern LABEL = Pattern.compile("\\[\\[\\s*([AB])\\s*\\]\\]");
  private static final Pattern BARE = Pattern.compile("^\\s*\\[?\\s*([AB])\\s*\\]?\\s*\\.?\\s*$");

  @Override
  public Judgement parse(String text, String finishReason, PromptContext context) {
    if (context.parseMode() == ParseMode.EXACT) {
      if (text.contains("A")) {
        return Judgement.ofPreference(Preference.A_BETTER, List.of(), text.strip());
      }
      if (text.contains("B")) {
        return Judgement.ofPreference(Preference.B_BETTER, List.of(), text.strip());
      }
      return Judgement.unscored(Verdicts.notFound("verdict A or B", finishReason), text.strip());
    }
    Optional<MatchResult> label = FinalVerdicts.last(LABEL, text, context.candidates());
    String letter;
    if (label.isPresent()) {
      if (Verdicts.cutShort(finishReason) && !FinalVerdicts.endsOutput(text, label.get().end())) {
        return Judgement.unscored(FinalVerdicts.cutShort("verdict label"), text.strip());
      }
      letter = label.get().group(1);
    } else {
      var bare = BARE.matcher(text);
      if (!bare.matches() || Verdicts.cutShort(finishReason)) {
        return Judgement.unscored(
            Verdicts.notFound("verdict [[A]] or [[B]]", finishReason), text.strip());
      }
      letter = bare.group(1);
    }
    Preference p =
        letter.toUpperCase(Locale.ROOT).equals("A") ? Preference.A_BETTER : Preference.B_BETTER;
    return Judgement.ofPreference(p, List.of(), text.strip());
  }
}
