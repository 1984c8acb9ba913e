package dev.arbiter.prompts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON extraction Arbiter shipped before it was made linear, kept as the oracle the linear one
 * must agree with: each '{' is tried as the start of an object; the first balanced region from
 * there that parses is taken and the scan resumes after it. Quadratic in the number of braces.
 */
final class ReferenceJsonExtractor {
  // Models emit trailing commas now and then; accepting them loses nothing.
  static final ObjectMapper LENIENT = JsonExtractor.LENIENT;

  private ReferenceJsonExtractor() {}

  /** The objects found, in order, and whether an object was opened but never closed. */
  record Found(List<Region> objects, boolean unclosed) {}

  /** One parsed object and its source text. */
  record Region(JsonNode node, String raw) {}

  static Found objects(String text) {
    List<Region> found = new ArrayList<>();
    boolean unclosed = false;
    int i = text.indexOf('{');
    while (i >= 0) {
      int end = balancedEnd(text, i);
      if (end < 0) {
        unclosed = true;
        i = text.indexOf('{', i + 1);
        continue;
      }
      String raw = text.substring(i, end + 1);
      JsonNode node = tryParse(raw);
      if (node != null && node.isObject()) {
        found.add(new Region(node, raw));
        i = text.indexOf('{', end + 1);
      } else {
        i = text.indexOf('{', i + 1);
      }
    }
    return new Found(found, unclosed && found.isEmpty());
  }

  /** The index of the brace closing the object opened at {@code start}, or -1. */
  private static int balancedEnd(String s, int start) {
    int depth = 0;
    boolean inString = false;
    for (int i = start; i < s.length(); i++) {
      char c = s.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        depth--;
        if (depth == 0) {
          return c == '}' ? i : -1;
        }
        if (depth < 0) {
          return -1;
        }
      }
    }
    return -1;
  }

  private static JsonNode tryParse(String raw) {
    try {
      return LENIENT.readTree(raw);
    } catch (java.io.IOException | RuntimeException e) {
      return null;
    }
  }
}
