package dev.arbiter.cli.stub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.core.internal.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Writes the stub server's answers in the format the prompt asks for. */
final class StubAnswers {
  private static final String[] LABELS = {"A>>B", "A>B", "A=B", "B>A", "B>>A"};
  private static final Pattern CANDIDATE_COUNT =
      Pattern.compile("(?i)(\\d+) (?:candidate|response)s");

  private StubAnswers() {}

  static String answer(String prompt, JsonNode schema, SplittableRandom rnd) {
    if (schema != null) {
      return Json.write(instance(schema, rnd, "", prompt));
    }
    String critique = "Stub critique: a simulated judge wrote this; it carries no judgement.";
    if (prompt.contains("[[A>>B]]") || prompt.contains("[[A>B]]")) {
      return critique + "\n\nMy final verdict is: [[" + LABELS[rnd.nextInt(LABELS.length)] + "]]";
    }
    if (prompt.contains("[RESULT]")) {
      if (prompt.contains("[RESULT] A")
          || prompt.contains("[RESULT] (A or B)")
          || prompt.contains("Response A")) {
        return "Feedback: " + critique + " [RESULT] " + (rnd.nextBoolean() ? "A" : "B");
      }
      return "Feedback: " + critique + " [RESULT] " + (1 + rnd.nextInt(5));
    }
    if (prompt.contains("[[A]]") && prompt.contains("[[B]]")) {
      String[] l = {"[[A]]", "[[B]]", "[[C]]"};
      return critique + "\n\n" + l[rnd.nextInt(3)];
    }
    if (prompt.contains("Rating: [[")) {
      return critique + "\n\nRating: [[" + (1 + rnd.nextInt(10)) + "]]";
    }
    return critique + "\nScore: " + (1 + rnd.nextInt(10));
  }

  /** A random instance of a JSON schema, respecting types, enums, ranges and required fields. */
  static JsonNode instance(JsonNode schema, SplittableRandom rnd, String name, String prompt) {
    if (schema.has("enum")) {
      JsonNode e = schema.get("enum");
      return e.get(rnd.nextInt(e.size()));
    }
    if (schema.has("anyOf") || schema.has("oneOf")) {
      JsonNode alts = schema.has("anyOf") ? schema.get("anyOf") : schema.get("oneOf");
      return instance(alts.get(rnd.nextInt(alts.size())), rnd, name, prompt);
    }
    String type =
        schema.path("type").isArray()
            ? schema.path("type").get(0).asText()
            : schema.path("type").asText("object");
    switch (type) {
      case "object" -> {
        ObjectNode o = Json.mapper().createObjectNode();
        var it = schema.path("properties").fields();
        while (it.hasNext()) {
          var e = it.next();
          o.set(e.getKey(), instance(e.getValue(), rnd, e.getKey(), prompt));
        }
        return o;
      }
      case "array" -> {
        int min = schema.path("minItems").asInt(1);
        int max = schema.path("maxItems").asInt(Math.max(min, 3));
        if (name.toLowerCase(Locale.ROOT).contains("rank")) {
          return permutation(schema, max > 0 ? max : guessCount(prompt), rnd);
        }
        ArrayNode a = Json.mapper().createArrayNode();
        int count = min + (max > min ? rnd.nextInt(max - min + 1) : 0);
        for (int i = 0; i < count; i++) {
          a.add(instance(schema.path("items"), rnd, name, prompt));
        }
        return a;
      }
      case "integer" -> {
        long lo = schema.path("minimum").asLong(1);
        long hi = schema.path("maximum").asLong(10);
        return Json.mapper().getNodeFactory().numberNode(lo + rnd.nextLong(hi - lo + 1));
      }
      case "number" -> {
        double lo = schema.path("minimum").asDouble(1);
        double hi = schema.path("maximum").asDouble(10);
        return Json.mapper()
            .getNodeFactory()
            .numberNode(Math.round(lo + rnd.nextDouble() * (hi - lo)));
      }
      case "boolean" -> {
        return Json.mapper().getNodeFactory().booleanNode(rnd.nextBoolean());
      }
      default -> {
        return Json.mapper()
            .getNodeFactory()
            .textNode(
                "Stub critique for "
                    + (name.isEmpty() ? "the answer" : name)
                    + ": simulated, carries no judgement.");
      }
    }
  }

  private static JsonNode permutation(JsonNode schema, int n, SplittableRandom rnd) {
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      idx.add(i);
    }
    for (int i = n - 1; i > 0; i--) {
      Collections.swap(idx, i, rnd.nextInt(i + 1));
    }
    ArrayNode a = Json.mapper().createArrayNode();
    boolean labels = "string".equals(schema.path("items").path("type").asText());
    JsonNode itemEnum = schema.path("items").path("enum");
    for (int i : idx) {
      if (itemEnum.isArray() && itemEnum.size() == n) {
        a.add(itemEnum.get(i));
      } else if (labels) {
        a.add(String.valueOf((char) ('A' + i)));
      } else {
        a.add(i + (schema.path("items").path("minimum").asInt(0)));
      }
    }
    return a;
  }

  private static int guessCount(String prompt) {
    Matcher m = CANDIDATE_COUNT.matcher(prompt);
    return m.find() ? Integer.parseInt(m.group(1)) : 2;
  }

  /** OpenAI-shaped logprobs for a text, cut into 4-character "tokens". */
  static JsonNode logprobs(String text, int top, SplittableRandom rnd) {
    ObjectNode lp = Json.mapper().createObjectNode();
    ArrayNode content = lp.putArray("content");
    for (int i = 0; i < text.length(); i += 4) {
      String tok = text.substring(i, Math.min(text.length(), i + 4));
      ObjectNode t = content.addObject();
      double chosen = -rnd.nextDouble() * 0.5;
      t.put("token", tok);
      t.put("logprob", chosen);
      ArrayNode tops = t.putArray("top_logprobs");
      if (top > 0) {
        ObjectNode first = tops.addObject();
        first.put("token", tok);
        first.put("logprob", chosen);
        for (int k = 1; k < top; k++) {
          ObjectNode alt = tops.addObject();
          alt.put(
              "token",
              tok.isEmpty()
                  ? "?"
                  : Character.isDigit(tok.charAt(0))
                      ? String.valueOf((char) ('0' + rnd.nextInt(10)))
                      : tok + k);
          alt.put("logprob", chosen - 1 - k - rnd.nextDouble());
        }
      }
    }
    return lp;
  }
}
