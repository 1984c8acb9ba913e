package dev.arbiter.prompts;

import dev.arbiter.core.Candidate;
import dev.arbiter.core.Judgement;
import dev.arbiter.core.Mode;
import dev.arbiter.core.Preference;
import dev.arbiter.core.protocol.ParseMode;
import dev.arbiter.core.protocol.PromptContext;
import dev.arbiter.core.protocol.VerdictSlot;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads MT-Bench verdicts (FastChat llm_judge): single-answer grading ends with "Rating: [[n]]",
 * pairwise grading with {@code [[A]]}, {@code [[B]]} or {@code [[C]]} for a tie.
 *
 * <p>{@link ParseMode#ROBUST} (default): the final verdict counts. Pointwise: the last "Rating:
 * [[n]]"; without one, the last {@code [[n]]}; without one, the last {@code [n]} (FastChat's backup
 * form). Pairwise: the last {@code [[A]]}/{@code [[B]]}/{@code [[C]]}. An output cut short decides
 * only through a complete "Rating: [[n]]" (pointwise) or a label on a line that names the verdict
 * (pairwise), not quoted from a candidate.
 *
 * <p>{@link ParseMode#EXACT}: FastChat's rule ({@code lm-sys/FastChat fastchat/llm_judge/common.py}
 * {@code run_judge_single} / {@code run_judge_pair}): the FIRST match of {@code
 * \[\[(\d+\.?\d*)\]\]}, else the first of {@code \[(\d+\.?\d*)\]}; pairwise, "[[A]]" anywhere in
 * the text wins, else "[[B]]", else "[[C]]" (a tie).
 */
final class MtBenchParser implements VerdictParser {
  // FastChat llm_judge/common.py: one_score_pattern and one_score_pattern_backup, verbatim.
  static final Pattern RATING = Pattern.compile("\\[\\[(\\d+\\.?\\d*)\\]\\]");
  static final Pattern RATING_BACKUP = Pattern.compile("\\[(\\d+\\.?\\d*)\\]");
  static final Pattern RATING_LINE =
      Pattern.compile(
          "rating\\s*:?\\s*\\[\\[\\s*(\\d+\\.?\\d*)\\s*\\]\\]", Pattern.CASE_INSENSITIVE);
  static final Pattern WINNER = Pattern.compile("\\[\\[([ABC])\\]\\]");
  private static final Pattern WINNER_ON_VERDICT_LINE =
      Pattern.compile("(?im)^[^\\n]*verdict[^\\n]*?\\[\\[([ABC])\\]\\]");

  // FastChat writes this in place of a judgment when the judge API failed.
  private static final String API_ERROR = "$ERROR$";

  @Override
  public Judgement parse(String text, String finishReason, PromptContext context) {
    if (text.strip().equals(API_ERROR)) {
      return Judgement.unscored("the judge call failed upstream ($ERROR$)", text);
    }
    boolean exact = context.parseMode() == ParseMode.EXACT;
    boolean cut = Verdicts.cutShort(finishReason);
    if (context.mode() == Mode.PAIRWISE) {
      Optional<String> w;
      if (cut) {
        w =
            Verdicts.last(
                WINNER_ON_VERDICT_LINE,
                Verdicts.maskQuoted(text, WINNER_ON_VERDICT_LINE, context.candidates()),
                1);
      } else {
        w =
            exact
                ? fastChatWinner(text)
                : Verdicts.last(
                    WINNER,
                    Verdicts.maskQuotedInContext(text, WINNER, null, context.candidates()),
                    1);
      }
      return w.isEmpty()
          ? Judgement.unscored(
              cut
                  ? Verdicts.cutShortBefore("a final verdict [[A]], [[B]] or [[C]]")
                  : Verdicts.notFound("verdict [[A]], [[B]] or [[C]]", finishReason),
              text.strip())
          : winner(w.get(), text);
    }
    Optional<String> r;
    if (cut) {
      r =
          Verdicts.last(
              RATING_LINE, Verdicts.maskQuoted(text, RATING_LINE, context.candidates()), 1);
      if (r.isEmpty()) {
        return Judgement.unscored(
            Verdicts.cutShortBefore("a complete \"Rating: [[n]]\""), text.strip());
      }
      if (exact) {
        r = first(RATING, text).or(() -> first(RATING_BACKUP, text));
      }
    } else if (exact) {
      r = first(RATING, text).or(() -> first(RATING_BACKUP, text));
    } else {
      List<Candidate> cs = context.candidates();
      r =
          Verdicts.last(RATING_LINE, Verdicts.maskQuotedInContext(text, RATING_LINE, null, cs), 1)
              .or(
                  () ->
                      Verdicts.last(
                          RATING, Verdicts.maskQuotedInContext(text, RATING, null, cs), 1))
              .or(
                  () ->
                      Verdicts.last(
                          RATING_BACKUP,
                          Verdicts.maskQuotedInContext(text, RATING_BACKUP, null, cs),
                          1));
    }
    if (r.isEmpty()) {
      return Judgement.unscored(
          Verdicts.notFound("rating such as Rating: [[5]]", finishReason), text.strip());
    }
    Optional<Double> value = Verdicts.number(r.get());
    if (value.isEmpty()) {
      return Judgement.unscored("rating '" + r.get() + "' is not a number", text.strip());
    }
    Optional<String> bad = Verdicts.outOfRange("rating", value.get(), context.scale());
    if (bad.isPresent()) {
      return Judgement.unscored(bad.get(), text.strip());
    }
    return Judgement.ofScore(value.get(), List.of(), text.strip());
  }

  /**
   * The verdict token in {@link ParseMode#ROBUST} reading of a complete output: the digits of the
   * rating or the letter of the winner the robust rule above decided by. Exact mode (FastChat's
   * first-match rule) and outputs cut short point to no token.
   */
  @Override
  public Optional<VerdictSlot> slot(
      String text, String finishReason, Judgement judgement, PromptContext context) {
    if (context.parseMode() != ParseMode.ROBUST || Verdicts.cutShort(finishReason)) {
      return Optional.empty();
    }
    if (context.mode() == Mode.PAIRWISE) {
      return VerdictSlots.last(WINNER, text).map(m -> VerdictSlots.label(m, 1, VerdictSlots.A_B_C));
    }
    return VerdictSlots.last(RATING_LINE, text)
        .or(() -> VerdictSlots.last(RATING, text))
        .or(() -> VerdictSlots.last(RATING_BACKUP, text))
        .map(m -> VerdictSlots.score(m, 1));
  }

  private static Optional<String> first(Pattern p, String text) {
    Matcher m = p.matcher(text);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /** FastChat's precedence: A, then B, then C, wherever they stand. */
  private static Optional<String> fastChatWinner(String text) {
    for (String w : List.of("A", "B", "C")) {
      if (text.contains("[[" + w + "]]")) {
        return Optional.of(w);
      }
    }
    return Optional.empty();
  }

  private static Judgement winner(String w, String text) {
    // MT-Bench's pairwise format has no strength: a win is A>B, [[C]] a tie.
    Preference p =
        switch (w) {
          case "A" -> Preference.A_BETTER;
          case "B" -> Preference.B_BETTER;
          default -> Preference.TIE;
        };
    return Judgement.ofPreference(p, List.of(), text.strip());
  }
}
