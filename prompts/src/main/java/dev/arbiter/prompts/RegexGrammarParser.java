package dev.arbiter.prompts;

import dev.arbiter.core.Judgement;
import dev.arbiter.core.Preference;
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
 * and {@code critique}. Every match counts; by default the decisions must all agree ({@link
 * Pick#UNANIMOUS}), as for the built-in text formats.
 */
final class RegexGrammarParser implements VerdictParser {
  private static final Pattern RANK_LABEL = Pattern.compile("\\b[A-Z]\\b");

  private final Pattern pattern;
  private final Map<String, Preference> labels;
  private final Pick pick;

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
    String visible = Verdicts.maskQuoted(text, pattern, group, ctx.candidates());
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
    switch (pick) {
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
