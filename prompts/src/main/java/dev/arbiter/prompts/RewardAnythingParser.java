package dev.arbiter.prompts;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.arbiter.core.Candidate;
import dev.arbiter.core.Judgement;
import dev.arbiter.core.Preference;
import dev.arbiter.core.protocol.ParseMode;
import dev.arbiter.core.protocol.PromptContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads RewardAnything's JSON verdict {@code {"scores": {"model-1": 2, "model-2": 4},
 * "best-to-worst": ["model-2", "model-1"]}} (Yu et al., RewardAnything: Generalizable
 * Principle-Following Reward Models, 2025). Responses are named model-1, model-2, ... in the order
 * shown.
 *
 * <p>Exact mode is the authors' {@code parse_rewardanything_output} (zhuohaoyu/RewardAnything,
 * {@code rewardanything/processing.py}): drop think blocks and code-fence markers, parse the rest
 * as JSON, else after {@code fix_json_format}'s repairs, else the span from the first '{' to the
 * last '}'. Robust mode takes the last complete JSON object with a "scores" field that is not
 * quoted from a candidate. Pointwise: model-1's score. Pairwise: the higher score wins; on equal
 * scores the judge's best-to-worst order decides (the prompt asks it to separate equal scores
 * there); with neither, a tie. Listwise: the best-to-worst order, which must name every response
 * once.
 */
final class RewardAnythingParser implements VerdictParser {
  // Python's json.loads: one value and nothing after it.
  private static final ObjectMapper STRICT =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
  private static final Pattern THINK = Pattern.compile("(?s)<think>.*?</think>");
  private static final Pattern FENCE = Pattern.compile("```(?:json)?|```");
  private static final Pattern BARE_KEY = Pattern.compile("([{,])\\s*([a-zA-Z0-9_-]+)\\s*:");

  @Override
  public Judgement parse(String text, String finishReason, PromptContext context) {
    Optional<JsonNode> verdict =
        context.parseMode() == ParseMode.EXACT ? exact(text) : robust(text, context.candidates());
    if (verdict.isEmpty()) {
      String reason =
          Verdicts.cutShort(finishReason)
              ? FinalVerdicts.cutShort("JSON object")
              : "no JSON object with \"scores\" found";
      return Judgement.unscored(reason, text.strip());
    }
    if (context.parseMode() == ParseMode.ROBUST
        && Verdicts.cutShort(finishReason)
        && !endsOutput(text, verdict.get())) {
      return Judgement.unscored(FinalVerdicts.cutShort("JSON object"), text.strip());
    }
    JsonNode v = verdict.get();
    JsonNode scores = v.path("scores");
    JsonNode order = v.has("best-to-worst") ? v.get("best-to-worst") : v.path("best-to-worse");
    int n = context.candidates().size();
    String critique = THINK.matcher(text).replaceAll("").strip();
    return switch (context.mode()) {
      case POINTWISE -> {
        Optional<Double> s = score(scores, 1);
        if (s.isEmpty()) {
          yield Judgement.unscored("no score for model-1 in \"scores\"", critique);
        }
        Optional<String> bad = Verdicts.outOfRange("score", s.get(), context.scale());
        yield bad.isPresent()
            ? Judgement.unscored(bad.get(), critique)
            : Judgement.ofScore(s.get(), List.of(), critique);
      }
      case PAIRWISE -> pairwise(scores, order, critique);
      case LISTWISE -> {
        List<Integer> ranking = ranking(order, n);
        yield ranking.isEmpty()
            ? Judgement.unscored(
                "\"best-to-worst\" does not name each of model-1 .. model-" + n + " once", critique)
            : Judgement.ofRanking(ranking, critique);
      }
    };
  }

  private static Judgement pairwise(JsonNode scores, JsonNode order, String critique) {
    Optional<Double> a = score(scores, 1);
    Optional<Double> b = score(scores, 2);
    if (a.isEmpty() || b.isEmpty()) {
      return Judgement.unscored("\"scores\" lacks model-1 or model-2", critique);
    }
    Preference p = FinalVerdicts.fromScores(a.get(), b.get(), 0);
    if (p == Preference.TIE) {
      List<Integer> r = ranking(order, 2);
      if (!r.isEmpty()) {
        p = r.get(0) == 0 ? Preference.A_BETTER : Preference.B_BETTER;
      }
    }
    return Judgement.ofPreference(p, List.of(), critique);
  }

  private static Optional<Double> score(JsonNode scores, int i) {
    JsonNode s = scores.path("model-" + i);
    if (s.isNumber()) {
      return Double.isFinite(s.asDouble()) ? Optional.of(s.asDouble()) : Optional.empty();
    }
    return s.isTextual() ? Verdicts.number(s.asText()) : Optional.empty();
  }

  /** 0-based positions, best first; empty unless the order names model-1 .. model-n once each. */
  private static List<Integer> ranking(JsonNode order, int n) {
    if (!order.isArray() || order.size() != n) {
      return List.of();
    }
    List<Integer> out = new ArrayList<>();
    Set<Integer> seen = new HashSet<>();
    for (JsonNode e : order) {
      String name = e.asText("").strip();
      if (!name.startsWith("model-")) {
        return List.of();
      }
      Optional<Double> k = Verdicts.number(name.substring("model-".length()));
      if (k.isEmpty() || k.get() != Math.rint(k.get()) || k.get() < 1 || k.get() > n) {
        return List.of();
      }
      int pos = (int) Math.round(k.get()) - 1;
      if (!seen.add(pos)) {
        return List.of();
      }
      out.add(pos);
    }
    return out;
  }

  /** The authors' reading: cleaned text, then three attempts; an object or nothing. */
  static Optional<JsonNode> exact(String text) {
    String clean = FENCE.matcher(THINK.matcher(text).replaceAll("")).replaceAll("").strip();
    Optional<JsonNode> direct = strict(clean);
    if (direct.isPresent()) {
      return direct.filter(JsonNode::isObject);
    }
    Optional<JsonNode> fixed = strict(fixJsonFormat(clean));
    if (fixed.isPresent()) {
      return fixed.filter(JsonNode::isObject);
    }
    int first = clean.indexOf('{');
    int last = clean.lastIndexOf('}');
    if (first >= 0 && last > first) {
      return strict(clean.substring(first, last + 1)).filter(JsonNode::isObject);
    }
    return Optional.empty();
  }

  /** RewardAnything's {@code fix_json_format}, step for step. */
  static String fixJsonFormat(String s) {
    String fixed = s.replace('\'', '"');
    fixed = BARE_KEY.matcher(fixed).replaceAll("$1\"$2\":");
    fixed = fixed.replaceAll(",\\s*}", "}");
    fixed = fixed.replaceAll(",\\s*]", "]");
    return fixed.replace("\"best-to-worse\"", "\"best-to-worst\"");
  }

  private static Optional<JsonNode> strict(String s) {
    try {
      return Optional.ofNullable(STRICT.readTree(s)).filter(n -> !n.isMissingNode());
    } catch (java.io.IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static Optional<JsonNode> robust(String text, List<Candidate> candidates) {
    JsonNode last = null;
    int from = 0;
    for (JsonExtractor.Region r : JsonExtractor.objects(text).objects()) {
      int at = text.indexOf(r.raw(), from);
      from = at + r.raw().length();
      if (r.node().path("scores").isObject()
          && !FinalVerdicts.quotedWithContext(text, at, from, candidates)) {
        last = r.node();
      }
    }
    return Optional.ofNullable(last);
  }

  /** Whether the verdict object is the last thing in the output (fence markers aside). */
  private static boolean endsOutput(String text, JsonNode v) {
    int end = -1;
    for (JsonExtractor.Region r : JsonExtractor.objects(text).objects()) {
      if (r.node().equals(v)) {
        end = text.lastIndexOf(r.raw()) + r.raw().length();
      }
    }
    return end >= 0 && FinalVerdicts.endsOutput(text, end);
  }
}
