package dev.arbiter.prompts;

import dev.arbiter.core.Judgement;
import dev.arbiter.core.Preference;
import dev.arbiter.core.protocol.ParseMode;
import dev.arbiter.core.protocol.PromptContext;
import java.util.List;
import java.util.Optional;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;

/**
 * Reads CompassJudger's answer to the Arena-Hard judge prompt: an explanation ending in one of
 * {@code [[A>>B]]} ... {@code [[B>>A]]} (Cao et al., CompassJudger-1, 2024, as JudgeBench runs it).
 *
 * <p>Exact mode is JudgeBench's {@code CompassJudger.get_score} (ScalerLab/JudgeBench, {@code
 * utils/judges.py}): every match of {@code \[\[([AB<>=]+)\]\]} is a label, and all labels must be
 * the same string, else no decision. Arbiter keeps the strength JudgeBench drops when it records
 * {@code A>>B} as {@code A>B}. Robust mode takes the last label that is not quoted from a
 * candidate.
 */
final class CompassJudgerParser implements VerdictParser {
  // JudgeBench utils/judges.py: re.compile("\[\[([AB<>=]+)\]\]")
  private static final java.util.Set<String> CANONICAL =
      java.util.Set.of("A>>B", "A>B", "A=B", "B>A", "B>>A");
  private static final Pattern EXACT = Pattern.compile("\\[\\[([AB<>=]+)\\]\\]");
  // With its lead-in ("My final verdict is tie:"), so that the judge's own verdict line is not
  // taken for a quote when a candidate forged the same line.
  private static final Pattern LABEL =
      Pattern.compile(
          "(?i)(?:(?:my\\s+)?final\\s+verdict\\s+is[^\\[\\n]{0,20})?"
              + "\\[\\[\\s*([AB<>=][AB<>=\\s]*)\\]\\]");

  @Override
  public Judgement parse(String text, String finishReason, PromptContext context) {
    String label;
    if (context.parseMode() == ParseMode.EXACT) {
      Verdicts.Outcome<String> o =
          Verdicts.unanimous(Verdicts.all(EXACT, text, 1), s -> s, "verdict label");
      if (o.value().isEmpty()) {
        return Judgement.unscored(
            o.conflict().isEmpty()
                ? Verdicts.notFound("verdict label such as [[A>B]]", finishReason)
                : o.conflict(),
            text.strip());
      }
      label = o.value().get();
      if (!CANONICAL.contains(label)) {
        // JudgeBench records the label string itself; "A<B" or "AB" equals no pair label there.
        return Judgement.unscored(
            "verdict label [[" + label + "]] is none of JudgeBench's A>>B, A>B, A=B, B>A, B>>A",
            text.strip());
      }
    } else {
      Optional<MatchResult> m = FinalVerdicts.last(LABEL, text, context.candidates());
      if (m.isEmpty()) {
        return Judgement.unscored(
            Verdicts.notFound("verdict label such as [[A>B]]", finishReason), text.strip());
      }
      if (Verdicts.cutShort(finishReason) && !FinalVerdicts.endsOutput(text, m.get().end())) {
        return Judgement.unscored(FinalVerdicts.cutShort("verdict label"), text.strip());
      }
      label = m.get().group(1);
    }
    Optional<Preference> p = Preference.parseLabel(label);
    if (p.isEmpty()) {
      return Judgement.unscored(
          "verdict label [[" + label.strip() + "]] is not one of A>>B, A>B, A=B, B>A, B>>A",
          text.strip());
    }
    return Judgement.ofPreference(p.get(), List.of(), text.strip());
  }
}
