package dev.arbiter.prompts;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.ValidationMessage;
import dev.arbiter.core.Candidate;
import dev.arbiter.core.Judgement;
import dev.arbiter.core.Preference;
import dev.arbiter.core.protocol.ParseMode;
import dev.arbiter.core.protocol.PromptContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads output against a user's JSON Schema: the JSON object is found as for the {@code json}
 * protocol, validated, and its decision read through a JSON Pointer per field. In {@link
 * ParseMode#ROBUST} (default) the last valid object decides (when the output was cut short, only if
 * no later object was begun); in {@link ParseMode#EXACT} objects quoted from a candidate are set
 * aside and all valid ones must agree (this parser's rule before parse modes existed).
 */
final class SchemaGrammarParser implements VerdictParser {
  private final JsonSchema schema;
  private final Map<String, String> fields;
  private final Map<String, Preference> labels;

  SchemaGrammarParser(
      JsonSchema schema, Map<String, String> fields, Map<String, Preference> labels) {
    this.schema = schema;
    this.fields = Map.copyOf(fields);
    this.labels = Map.copyOf(labels);
  }

  @Override
  public Judgement parse(String text, String finishReason, PromptContext ctx) {
    String field =
        switch (ctx.mode()) {
          case POINTWISE -> "score";
          case PAIRWISE -> "preference";
          case LISTWISE -> "ranking";
        };
    String pointer = fields.get(field);
    boolean exact = ctx.parseMode() == ParseMode.EXACT;
    JsonExtractor.Found found = JsonExtractor.objects(text);
    List<JsonNode> valid = new ArrayList<>();
    JsonExtractor.Region lastValid = null;
    String firstProblem = null;
    for (JsonExtractor.Region r : found.objects()) {
      boolean quotedHere =
          exact
              ? quoted(r.raw(), ctx.candidates())
              : FinalVerdicts.quotedWithContext(
                  text, r.start(), r.start() + r.raw().length(), ctx.candidates());
      if (quotedHere) {
        continue;
      }
      Set<ValidationMessage> errors = schema.validate(r.node());
      if (errors.isEmpty()) {
        valid.add(r.node());
        lastValid = r;
      } else if (firstProblem == null) {
        firstProblem =
            "the JSON object does not match the grammar's schema: "
                + errors.stream()
                    .limit(3)
                    .map(ValidationMessage::getMessage)
                    .collect(Collectors.joining("; "));
      }
    }
    if (valid.isEmpty()) {
      String reason =
          firstProblem != null
              ? firstProblem
              : Verdicts.cutShort(finishReason)
                  ? "output cut short (finish_reason=length) before the JSON object was complete"
                  : found.unclosed() ? "the JSON object is not closed" : "no JSON object found";
      return Judgement.unscored(reason, text.strip());
    }
    if (!exact
        && Verdicts.cutShort(finishReason)
        && (JsonVerdictParser.openedAfter(text, lastValid)
            || quoted(lastValid.raw(), ctx.candidates()))) {
      return Judgement.unscored(
          Verdicts.cutShortBefore("the final JSON object was complete"), text.strip());
    }
    Set<JsonNode> decisions = new HashSet<>();
    valid.forEach(v -> decisions.add(v.at(pointer)));
    if (exact && decisions.size() > 1) {
      return Judgement.unscored(
          "conflicting JSON verdicts: " + valid.size() + " objects disagree on " + pointer,
          text.strip());
    }
    JsonNode v = valid.get(valid.size() - 1);
    JsonNode c = fields.containsKey("critique") ? v.at(fields.get("critique")) : v.path("critique");
    String critique = c.isTextual() ? c.asText() : "";
    JsonNode d = v.at(pointer);
    if (d.isMissingNode() || d.isNull()) {
      return Judgement.unscored("field " + pointer + " is missing", critique);
    }
    return switch (ctx.mode()) {
      case POINTWISE -> {
        Optional<Double> s =
            d.isNumber()
                ? Optional.of(d.asDouble()).filter(Double::isFinite)
                : d.isTextual() ? Verdicts.number(d.asText()) : Optional.empty();
        if (s.isEmpty()) {
          yield Judgement.unscored("field " + pointer + " must be a number but was " + d, critique);
        }
        Optional<String> bad = Verdicts.outOfRange("score", s.get(), ctx.scale());
        yield bad.isPresent()
            ? Judgement.unscored(bad.get(), critique)
            : Judgement.ofScore(s.get(), List.of(), critique);
      }
      case PAIRWISE -> {
        Optional<Preference> p =
            d.isValueNode() ? RegexGrammarParser.preference(d.asText(), labels) : Optional.empty();
        yield p.isPresent()
            ? Judgement.ofPreference(p.get(), List.of(), critique)
            : Judgement.unscored(
                "field " + pointer + " holds " + d + ", neither a mapped label nor A>>B ... B>>A",
                critique);
      }
      case LISTWISE -> {
        if (!d.isArray()) {
          yield Judgement.unscored("field " + pointer + " must be a list of labels", critique);
        }
        List<String> items = new ArrayList<>();
        d.forEach(e -> items.add(e.asText()));
        yield RegexGrammarParser.ranking(
            String.join(" ", items), ctx.candidates().size(), critique);
      }
    };
  }

  private static boolean quoted(String raw, List<Candidate> candidates) {
    return JsonVerdictParser.quoted(raw, candidates);
  }
}
