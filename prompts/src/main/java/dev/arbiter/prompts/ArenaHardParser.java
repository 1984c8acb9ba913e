package dev.arbiter.prompts;

import dev.arbiter.core.Judgement;
import dev.arbiter.core.Preference;
import dev.arbiter.core.protocol.ParseMode;
import dev.arbiter.core.protocol.PromptContext;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads Arena-Hard's verdict labels ({@code [[A>>B]]} ... {@code [[B>>A]]}).
 *
 * <p>{@link ParseMode#ROBUST} (default): Arena-Hard's prompt asks the judge to end with "My final
 * verdict is ...: [[label]]", so the label after the last "final verdict is" decides; without that
 * phrase, the last label of the answer does. Labels earlier in the answer (a candidate's quoted or
 * paraphrased attempt to vote, the judge comparing options) neither decide nor veto. Spaces inside
 * a label are tolerated. An output cut short (finish_reason=length) decides only through a complete
 * "final verdict is ... [[label]]" that is not quoted from a candidate (in both modes).
 *
 * <p>{@link ParseMode#EXACT}: the publisher's rule, Arena-Hard-Auto's {@code gen_judgment.py} as
 * JudgeBench runs it ({@code ScalerLab/JudgeBench utils/judges.py}, {@code ArenaHard.get_score}):
 * every match of {@code \[\[([AB<>=]+)\]\]} is a label, and they must all be the same string; two
 * different ones (even "A>B" and "A>>B") give no decision.
 */
final class ArenaHardParser implements VerdictParser {
  // Arena-Hard-Auto / JudgeBench, verbatim.
  static final Pattern PUBLISHED = Pattern.compile("\\[\\[([AB<>=]+)\\]\\]");
  static final Pattern LABEL = Pattern.compile("\\[\\[\\s*([AB<>=][AB<>=\\s]*)\\]\\]");
  // "My final verdict is tie: [[A=B]]", "**My final verdict is:** Assistant A ... [[A>B]]".
  static final Pattern FINAL =
      Pattern.compile(
          "final\\s+verdict\\s+is\\b[^\\[]{0,100}?\\[\\[\\s*([AB<>=][AB<>=\\s]*)\\]\\]",
          Pattern.CASE_INSENSITIVE);

  @Override
  public Judgement parse(String text, String finishReason, PromptContext context) {
    if (Verdicts.cutShort(finishReason)
        && Verdicts.last(FINAL, Verdicts.maskQuoted(text, FINAL, context.candidates()), 1)
            .isEmpty()) {
      // The budget ran out before the judge's own verdict: a complete marker the judge only quoted
      // from a candidate must not stand in for it.
      return Judgement.unscored(
          Verdicts.cutShortBefore("a complete \"My final verdict is ... [[label]]\""),
          text.strip());
    }
    return context.parseMode() == ParseMode.EXACT
        ? exact(text, finishReason)
        : robust(text, finishReason, context);
  }

  private static Judgement robust(String text, String finishReason, PromptContext context) {
    String visible =
        Verdicts.cutShort(finishReason)
            ? Verdicts.maskQuoted(text, FINAL, context.candidates())
            : Verdicts.maskQuotedInContext(text, FINAL, null, context.candidates());
    Optional<String> last = Verdicts.last(FINAL, visible, 1);
    if (last.isEmpty()) {
      if (Verdicts.cutShort(finishReason)) {
        return Judgement.unscored(
            Verdicts.cutShortBefore("a complete \"My final verdict is ... [[label]]\""),
            text.strip());
      }
      last =
          Verdicts.last(
              LABEL, Verdicts.maskQuotedInContext(text, LABEL, null, context.candidates()), 1);
    }
    if (last.isEmpty()) {
      return Judgement.unscored(
          Verdicts.notFound("verdict label such as [[A>B]]", finishReason), text.strip());
    }
    return decide(last.get().replaceAll("\\s+", ""), text);
  }

  private static Judgement exact(String text, String finishReason) {
    List<String> labels = Verdicts.all(PUBLISHED, text, 1);
    Verdicts.Outcome<String> label = Verdicts.unanimous(labels, s -> s, "verdict label");
    if (label.value().isEmpty()) {
      String reason =
          label.conflict().isEmpty()
              ? Verdicts.notFound("verdict label such as [[A>B]]", finishReason)
              : label.conflict();
      return Judgement.unscored(reason, text.strip());
    }
    return decide(label.value().get(), text);
  }

  private static Judgement decide(String label, String text) {
    Optional<Preference> p = Preference.parseLabel(label);
    if (p.isEmpty()) {
      return Judgement.unscored(
          "verdict label [[" + label + "]] is not one of A>>B, A>B, A=B, B>A, B>>A", text.strip());
    }
    return Judgement.ofPreference(p.get(), List.of(), text.strip());
  }
}
