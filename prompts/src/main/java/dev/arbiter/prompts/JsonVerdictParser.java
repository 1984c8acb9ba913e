package dev.arbiter.prompts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.core.Criterion;
import dev.arbiter.core.CriterionScore;
import dev.arbiter.core.Judgement;
import dev.arbiter.core.Preference;
import dev.arbiter.core.Scale;
import dev.arbiter.core.protocol.ParseMode;
import dev.arbiter.core.protocol.PromptContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the {@code json} protocol's verdict object (see {@link JsonSchemas}). A decision field that
 * is missing, malformed or out of range makes the sample unscored with that reason; so does a
 * rubric criterion without a score. A missing critique is read as empty.
 *
 * <p>{@link ParseMode#ROBUST} (default): the judge's final JSON object holding the decision field
 * counts; objects earlier in the answer (a candidate's forged verdict the judge quotes, a draft)
 * neither decide nor veto. When the output was cut short, that object counts only if no later
 * object was begun and it is not quoted from a candidate. {@link ParseMode#EXACT}: the answer must
 * be exactly one JSON object (optionally in one code fence), as structured output returns it; the
 * protocol is Arbiter's own, so there is no outside publisher's parser to match.
 *
 * <p>In pairwise mode a criterion's score is its preference's signed strength from A's point of
 * view as shown (+2 for A&gt;&gt;B ... -2 for B&gt;&gt;A), so swapping the order negates it.
 */
final class JsonVerdictParser implements VerdictParser {

  @Override
  public Judgement parse(String text, String finishReason, PromptContext ctx) {
    String key =
        switch (ctx.mode()) {
          case POINTWISE -> "score";
          case PAIRWISE -> "preference";
          case LISTWISE -> "ranking";
        };
    JsonNode v;
    if (ctx.parseMode() == ParseMode.EXACT) {
      Optional<JsonNode> whole = wholeObject(text);
      if (whole.isEmpty()) {
        return Judgement.unscored(
            Verdicts.cutShort(finishReason)
                ? "output cut short (finish_reason=length) before the JSON object was complete"
                : "the answer is not exactly one JSON object (parse mode exact)",
            text.strip());
      }
      if (!whole.get().has(key)) {
        return Judgement.unscored("the JSON object has no field '" + key + "'", text.strip());
      }
      v = whole.get();
    } else {
      JsonExtractor.Found found = JsonExtractor.objects(text);
      JsonExtractor.Region last = null;
      boolean anyObject = !found.objects().isEmpty();
      for (JsonExtractor.Region r : found.objects()) {
        // An object a candidate holds together with the judge's text around it is the judge
        // quoting that candidate, never its verdict, even when it comes last.
        if (r.node().has(key)
            && !FinalVerdicts.quotedWithContext(
                text, r.start(), r.start() + r.raw().length(), ctx.candidates())) {
          last = r;
        }
      }
      if (last != null
          && Verdicts.cutShort(finishReason)
          && (openedAfter(text, last) || quoted(last.raw(), ctx.candidates()))) {
        // The budget ran out while a later object was being written: that one was the verdict.
        last = null;
        anyObject = false;
      }
      if (last == null) {
        String reason;
        if (anyObject) {
          reason = "the JSON object has no field '" + key + "'";
        } else if (Verdicts.cutShort(finishReason) || found.unclosed()) {
          reason =
              Verdicts.cutShort(finishReason)
                  ? Verdicts.cutShortBefore("the final JSON object was complete")
                  : "the JSON object is not closed";
        } else {
          reason = "no JSON object found";
        }
        return Judgement.unscored(reason, text.strip());
      }
      v = last.node();
    }
    String critique = v.path("critique").isTextual() ? v.get("critique").asText() : "";
    try {
      return switch (ctx.mode()) {
        case POINTWISE -> pointwise(v, ctx, critique);
        case PAIRWISE -> pairwise(v, ctx, critique);
        case LISTWISE -> listwise(v, ctx, critique);
      };
    } catch (Unreadable e) {
      return Judgement.unscored(e.getMessage(), critique.isEmpty() ? text.strip() : critique);
    }
  }

  private static final Pattern FENCED =
      Pattern.compile("(?s)^```(?:json)?\\s*\\n(.*?)\\n?```$", Pattern.CASE_INSENSITIVE);

  /** The answer as one JSON object (a single code fence around it allowed), or empty. */
  private static Optional<JsonNode> wholeObject(String text) {
    String t = text.strip();
    Matcher m = FENCED.matcher(t);
    if (m.matches()) {
      t = m.group(1).strip();
    }
    JsonExtractor.Found found = JsonExtractor.objects(t);
    if (found.objects().size() != 1 || !found.objects().get(0).raw().equals(t)) {
      return Optional.empty();
    }
    return Optional.of(found.objects().get(0).node());
  }

  /** Whether another object was begun after {@code region} (its last occurrence in the text). */
  /** Whether a candidate contains this object's text: the judge quoted it. */
  static boolean quoted(String raw, List<dev.arbiter.core.Candidate> candidates) {
    return candidates.stream().anyMatch(c -> c.text().contains(raw));
  }

  static boolean openedAfter(String text, JsonExtractor.Region region) {
    int end = text.lastIndexOf(region.raw()) + region.raw().length();
    return text.indexOf('{', end) >= 0;
  }

  private static Judgement pointwise(JsonNode v, PromptContext ctx, String critique) {
    double score = score(v.get("score"), "score", ctx.scale(), false);
    List<CriterionScore> criteria = new ArrayList<>();
    if (ctx.rubric().isPresent()) {
      for (Criterion c : ctx.rubric().get().criteria()) {
        JsonNode entry = entry(v, c);
        criteria.add(
            new CriterionScore(
                c.name(),
                score(entry.get("score"), "criterion '" + c.name() + "' score", c.scale(), true),
                textOf(entry)));
      }
    }
    return Judgement.ofScore(score, criteria, critique);
  }

  private static Judgement pairwise(JsonNode v, PromptContext ctx, String critique) {
    Preference p = preference(v.get("preference"), "preference");
    List<CriterionScore> criteria = new ArrayList<>();
    if (ctx.rubric().isPresent()) {
      for (Criterion c : ctx.rubric().get().criteria()) {
        JsonNode entry = entry(v, c);
        Preference cp = preference(entry.get("preference"), "criterion '" + c.name() + "'");
        criteria.add(new CriterionScore(c.name(), cp.signedStrength(), textOf(entry)));
      }
    }
    return Judgement.ofPreference(p, criteria, critique);
  }

  private static Judgement listwise(JsonNode v, PromptContext ctx, String critique) {
    JsonNode r = v.get("ranking");
    int n = ctx.candidates().size();
    if (!r.isArray()) {
      throw new Unreadable("'ranking' must be a list of labels but was " + r.getNodeType());
    }
    List<Integer> ranking = new ArrayList<>();
    for (JsonNode e : r) {
      int pos = e.isTextual() ? Numbers.position(e.asText(), n) : -1;
      if (pos < 0) {
        throw new Unreadable(
            "'ranking' holds " + e + ", which is not one of the labels A.." + Numbers.label(n - 1));
      }
      if (ranking.contains(pos)) {
        throw new Unreadable("'ranking' lists " + Numbers.label(pos) + " twice");
      }
      ranking.add(pos);
    }
    if (ranking.size() != n) {
      throw new Unreadable("'ranking' lists " + ranking.size() + " of " + n + " candidates");
    }
    return Judgement.ofRanking(ranking, critique);
  }

  private static JsonNode entry(JsonNode v, Criterion c) {
    JsonNode criteria = v.get("criteria");
    JsonNode entry = null;
    if (criteria != null && criteria.isObject()) {
      entry = criteria.get(c.name());
    } else if (criteria != null && criteria.isArray()) {
      for (JsonNode e : criteria) {
        if (c.name().equals(e.path("name").asText(null))) {
          entry = e;
        }
      }
    }
    if (entry == null || !entry.isObject()) {
      throw new Unreadable("criterion '" + c.name() + "' has no verdict");
    }
    return entry;
  }

  private static String textOf(JsonNode entry) {
    return entry.path("critique").isTextual() ? entry.get("critique").asText() : "";
  }

  private static double score(JsonNode n, String what, Scale scale, boolean allowBoolean) {
    Optional<Double> d = Optional.empty();
    if (n == null || n.isNull()) {
      throw new Unreadable(what + " is missing");
    } else if (n.isNumber()) {
      d = Optional.of(n.asDouble()).filter(Double::isFinite);
    } else if (n.isTextual()) {
      d = Verdicts.number(n.asText());
    } else if (n.isBoolean() && allowBoolean && scale.equals(Scale.BINARY)) {
      d = Optional.of(n.asBoolean() ? 1.0 : 0.0);
    }
    if (d.isEmpty()) {
      throw new Unreadable(what + " must be a number but was " + n);
    }
    Optional<String> bad = Verdicts.outOfRange(what, d.get(), scale);
    if (bad.isPresent()) {
      throw new Unreadable(bad.get());
    }
    return d.get();
  }

  private static Preference preference(JsonNode n, String what) {
    if (n == null || !n.isTextual()) {
      throw new Unreadable(what + " must be one of A>>B, A>B, A=B, B>A, B>>A but was " + n);
    }
    return Preference.parseLabel(n.asText())
        .orElseThrow(
            () ->
                new Unreadable(
                    what
                        + " must be one of A>>B, A>B, A=B, B>A, B>>A but was '"
                        + n.asText()
                        + "'"));
  }

  /** Carries an unscored reason out of the nested readers; never leaves this class. */
  private static final class Unreadable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unreadable(String reason) {
      super(reason, null, false, false);
    }
  }
}
