package dev.arbiter.prompts;

import dev.arbiter.core.Judgement;
import dev.arbiter.core.Preference;
import dev.arbiter.core.protocol.ParseMode;
import dev.arbiter.core.protocol.PromptContext;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads PandaLM's first line, "1", "2" or "Tie", followed by "### Reason: ..." and "### Reference:
 * ..." (Wang et al., PandaLM: An Automatic Evaluation Benchmark for LLM Instruction Tuning
 * Optimization, ICLR 2024).
 *
 * <p>Exact mode is JudgeBench's {@code PandaLM.parse_pandalm_response} (ScalerLab/JudgeBench,
 * {@code utils/judges.py}), the same rule as PandaLM's own inference script: the first line of the
 * stripped output is "1" or "2", and everything else, "Tie" included, reads as a tie. Robust mode
 * requires the first line to be "1", "2" or "Tie" (any case) and complete, and gives no decision
 * otherwise. The first line is the judge's by position, so a candidate's text cannot stand in.
 */
final class PandaLmParser implements VerdictParser {

  @Override
  public Judgement parse(String text, String finishReason, PromptContext context) {
    if (context.parseMode() == ParseMode.EXACT) {
      String first = text.strip().split("\n", -1)[0];
      boolean read = first.equals("1") || first.equals("2") || first.equalsIgnoreCase("tie");
      if (!read && Verdicts.cutShort(finishReason)) {
        // JudgeBench's tie fallback is for an answer that ended; a cut one gives none.
        return Judgement.unscored(FinalVerdicts.cutShort("verdict line"), text.strip());
      }
      Preference p =
          switch (first) {
            case "1" -> Preference.A_BETTER;
            case "2" -> Preference.B_BETTER;
            default -> Preference.TIE;
          };
      return Judgement.ofPreference(p, List.of(), text.strip());
    }
    Optional<String> line = FinalVerdicts.firstLine(text, finishReason);
    if (line.isEmpty()) {
      return FinalVerdicts.noFirstLine("verdict line", text, finishReason);
    }
    Preference p =
        switch (line.get().toLowerCase(Locale.ROOT)) {
          case "1" -> Preference.A_BETTER;
          case "2" -> Preference.B_BETTER;
          case "tie" -> Preference.TIE;
          default -> null;
        };
    if (p == null) {
      return Judgement.unscored(
          "the first line '" + line.get() + "' is not 1, 2 or Tie", text.strip());
    }
    String rest = text.strip().substring(line.get().length()).strip();
    return Judgement.ofPreference(p, List.of(), rest);
  }
}
