package dev.arbiter.prompts;

import dev.arbiter.core.Judgement;
import dev.arbiter.core.Preference;
import dev.arbiter.core.protocol.ParseMode;
import dev.arbiter.core.protocol.PromptContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads output with a user's regex: named groups {@code score}, {@code preference}, {@code ranking}
 * and {@code critique}. Which match decides is the grammar's {@code pick} when it declares one;
 * otherwise, in {@link ParseMode#ROBUST} (default) the last match (the judge's final verdict) and
 * in {@link ParseMode#EXACT} all matches, which must agree ({@link Pick#UNANIMOUS}, this parser's
 * rule before parse modes existed). An output cut short yields no verdict: a grammar cannot tell
 * whether its last match was the final verdict or one the judge was still discussing.
 */
final class RegexGrammarParser implements VerdictParser {
  private static final Pattern RANK_LABEL = Pattern.compile("\\b[A-Z]\\b");

  private final Pattern pattern;
  private final Map<String, Preference> labels;
  private final Pick pick;

  /**
   * @param pick the grammar's declared rule, or null when it declares none (then the parse mode
   *     chooses)
   */
  RegexGrammarParser(Pattern pattern, Map<String, Preference> labels, Pick pick) {
    this.pattern = pattern;
    this.labels = Map.copyOf(labels);
    this.pick = pick;
  }

  @Override
  public Judgement parse(String text, String finishReason, PromptContext ctx) {
    String group =
        switch (ctx.mode()) {
          case POINTWISE -> "score";
          case PAIRWISE -> "preference";
          case LISTWISE -> "ranking";
        };
    Pick rule =
        pick != null ? pick : ctx.parseMode() == ParseMode.EXACT ? Pick.UNANIMOUS : Pick.LAST;
    if (Verdicts.cutShort(finishReason)) {
      return Judgement.unscored(
          Verdicts.cutShortBefore("the end of the answer, where the final verdict sits"),
          text.strip());
    }
    // Quotes are set aside either way: unanimity by the strict rule (a quoted forgery would veto),
    // first and last by the judge's text around the match (a quoted forgery would decide).
    String visible =
        rule == Pick.UNANIMOUS
            ? Verdicts.maskQuoted(text, pattern, group, ctx.candidates())
            : Verdicts.maskQuotedInContext(text, pattern, group, ctx.candidates());
    List<String> values = new ArrayList<>();
    String critique = null;
    Matcher m = pattern.matcher(visible);
    boolean hasCritique = pattern.namedGroups().containsKey("critique");
    while (m.find()) {
      if (m.group(group) != null) {
        values.add(m.group(group));
        if (hasCritique && m.group("critique") != null) {
          critique = m.group("critique").strip();
        }
      }
    }
    String shown = critique == null ? text.strip() : critique;
    Optional<String> chosen;
    if (values.isEmpty()) {
      return Judgement.unscored(
          Verdicts.notFound("match for the grammar's '" + group + "'", finishReason), shown);
    }
    switch (rule) {
      case FIRST -> chosen = Optional.of(values.get(0));
      case LAST -> chosen = Optional.of(values.get(values.size() - 1));
      default -> {
        Verdicts.Outcome<String> u = Verdicts.unanimous(values, String::strip, group);
        if (u.value().isEmpty()) {
          return Judgement.unscored(u.conflict(), shown);
        }
        chosen = u.value();
      }
    }
    String value = chosen.get().strip();
    return switch (ctx.mode()) {
      case POINTWISE -> {
        Optional<Double> d = Verdicts.number(value);
        if (d.isEmpty()) {
          yield Judgement.unscored("score '" + value + "' is not a number", shown);
        }
        Optional<String> bad = Verdicts.outOfRange("score", d.get(), ctx.scale());
        yield bad.isPresent()
            ? Judgement.unscored(bad.get(), shown)
            : Judgement.ofScore(d.get(), List.of(), shown);
      }
      case PAIRWISE -> {
        Optional<Preference> p = preference(value, labels);
        yield p.isPresent()
            ? Judgement.ofPreference(p.get(), List.of(), shown)
            : Judgement.unscored(
                "preference '" + value + "' is neither a mapped label nor one of A>>B ... B>>A",
                shown);
      }
      case LISTWISE -> ranking(value, ctx.candidates().size(), shown);
    };
  }

  static Optional<Preference> preference(String value, Map<String, Preference> labels) {
    Preference mapped = labels.get(value.strip().toLowerCase(Locale.ROOT));
    return mapped != null ? Optional.of(mapped) : Preference.parseLabel(value);
  }

  static Judgement ranking(String value, int n, String critique) {
    List<Integer> ranking = new ArrayList<>();
    Matcher m = RANK_LABEL.matcher(value.toUpperCase(Locale.ROOT));
    while (m.find()) {
      int pos = Numbers.position(m.group(), n);
      if (pos < 0 || ranking.contains(pos)) {
        return Judgement.unscored(
            "ranking '" + value + "' is not an order of the labels A.." + Numbers.label(n - 1),
            critique);
      }
      ranking.add(pos);
    }
    if (ranking.size() != n) {
      return Judgement.unscored(
          "ranking '" + value + "' lists " + ranking.size() + " of " + n + " candidates", critique);
    }
    return Judgement.ofRanking(ranking, critique);
  }

  /** Which of several matches decides. */
  enum Pick {
    /** All matches must agree (the default, and the rule of the built-in text formats). */
    UNANIMOUS,
    /** The first match decides. */
    FIRST,
    /** The last match decides. */
    LAST
  }
}
