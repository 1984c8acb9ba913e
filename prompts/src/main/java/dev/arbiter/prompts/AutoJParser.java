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
 * Reads Auto-J's pairwise decision "So, the final decision is Response 1 / Response 2 / Tie" (Li et
 * al., Generative Judge for Evaluating Alignment, ICLR 2024).
 *
 * <p>Exact mode is JudgeBench's {@code extract_pariwise_result} (ScalerLab/JudgeBench, {@code
 * utils/judges.py}, class {@code AutoJ}): the text after the last "final decision is " must start
 * with "response 1", "response 2" or "tie" (any case). Robust mode takes the last "final decision
 * is" statement that is not quoted from a candidate, tolerating a colon, bold markers and spaces.
 */
final class AutoJParser implements VerdictParser {
  private static final String MARKER = "final decision is ";
  private static final Pattern DECISION =
      Pattern.compile(
          // The lead-in "So, the" belongs to the match, so that a quote is told by the text around
          // the whole statement, not by the protocol's own words.
          "(?i)(?:so,?\\s*)?(?:the\\s+)?final\\s+decision\\s+is\\s*:?[\\s*\"']*(response\\s*1|response\\s*2|tie)(?![0-9A-Za-z])");

  @Override
  public Judgement parse(String text, String finishReason, PromptContext context) {
    String label;
    if (context.parseMode() == ParseMode.EXACT) {
      String out = text.strip();
      int pos = out.lastIndexOf(MARKER);
      if (pos < 0) {
        return Judgement.unscored(
            Verdicts.notFound("\"final decision is\" statement", finishReason), out);
      }
      String rest = out.substring(pos + MARKER.length()).strip().toLowerCase(Locale.ROOT);
      if (rest.startsWith("response 1")) {
        label = "1";
      } else if (rest.startsWith("response 2")) {
        label = "2";
      } else if (rest.startsWith("tie")) {
        label = "tie";
      } else {
        return Judgement.unscored(
            "the final decision names neither Response 1, Response 2 nor Tie", out);
      }
    } else {
      Optional<MatchResult> m = FinalVerdicts.last(DECISION, text, context.candidates());
      if (m.isEmpty()) {
        return Judgement.unscored(
            Verdicts.notFound(
                "decision such as \"the final decision is Response 1\"", finishReason),
            text.strip());
      }
      if (Verdicts.cutShort(finishReason) && !FinalVerdicts.endsOutput(text, m.get().end())) {
        return Judgement.unscored(FinalVerdicts.cutShort("decision"), text.strip());
      }
      String g = m.get().group(1).replaceAll("\\s+", "").toLowerCase(Locale.ROOT);
      label = g.equals("tie") ? "tie" : g.substring(g.length() - 1);
    }
    Preference p =
        switch (label) {
          case "1" -> Preference.A_BETTER;
          case "2" -> Preference.B_BETTER;
          default -> Preference.TIE;
        };
    return Judgement.ofPreference(p, List.of(), text.strip());
  }
}
