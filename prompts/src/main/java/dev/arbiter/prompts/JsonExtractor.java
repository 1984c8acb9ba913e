package dev.arbiter.prompts;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the JSON objects in a judge's reply, whatever surrounds them: code fences, chatter before
 * or after, stray braces in prose. Each '{' is a possible start of an object; going left to right,
 * the first one from which a whole object parses is taken and the search resumes after it.
 *
 * <p>Time is linear in the length of the text. Trying every '{' with its own parse would be
 * quadratic (40 000 stray braces took seconds), so one streaming parse from a start records what it
 * learns about every '{' it reads as the start of a nested object: where that object closed, or
 * that the parse broke inside it (a nested object's grammar does not depend on what encloses it, so
 * it would break at the same place on its own). Only a '{' no earlier parse read as an object start
 * — one inside what an earlier parse took for a string, or past where it stopped — gets a parse of
 * its own. Such a parse reads the strings of the earlier one as structure and vice versa, so over
 * any stretch of text at most two parses are running, and each character is read a bounded number
 * of times. Parses read the text in place, without copying it.
 */
final class JsonExtractor {
  // Models emit trailing commas now and then; accepting them loses nothing.
  static final ObjectMapper LENIENT =
      JsonMapper.builder().enable(JsonReadFeature.ALLOW_TRAILING_COMMA).build();

  /** Objects nested deeper than this are not taken (no judge writes them; trees stay shallow). */
  static final int MAX_DEPTH = 200;

  // The scanning parser keeps its own stack, so it may nest as deep as the text goes.
  private static final JsonFactory SCANNER =
      JsonFactory.builder()
          .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(Integer.MAX_VALUE)
                  .maxStringLength(Integer.MAX_VALUE)
                  .maxNumberLength(Integer.MAX_VALUE)
                  .build())
          .build();

  // What a scan recorded for a '{' it read as an object start (0: no scan has read it as one).
  private static final int BROKEN = -1; // the parse broke inside the object
  private static final int UNCLOSED = -2; // the text ended inside the object
  private static final int TOO_DEEP = -3; // closed, but nested deeper than MAX_DEPTH

  private JsonExtractor() {}

  /** The objects found, in order, and whether an object was opened but never closed. */
  record Found(List<Region> objects, boolean unclosed) {}

  /** One parsed object and its source text. */
  /** A parsed object, its text, and where that text starts in the answer. */
  record Region(JsonNode node, String raw, int start) {}

  static Found objects(String text) {
    char[] chars = text.toCharArray();
    // end[i] > 0: the object starting at i ends just before end[i]; else one of the codes above.
    int[] end = new int[chars.length];
    List<Region> found = new ArrayList<>();
    boolean unclosed = false;
    int i = text.indexOf('{');
    while (i >= 0) {
      if (end[i] == 0) {
        end[i] = opening(chars, i);
        if (end[i] == 0) {
          scan(chars, i, end);
        }
      }
      int e = end[i];
      if (e > 0) {
        String raw = text.substring(i, e);
        JsonNode node = tryParse(raw);
        if (node != null && node.isObject()) {
          found.add(new Region(node, raw, i));
          i = text.indexOf('{', e);
          continue;
        }
      } else if (e == UNCLOSED) {
        unclosed = true;
      }
      i = text.indexOf('{', i + 1);
    }
    return new Found(found, unclosed && found.isEmpty());
  }

  /**
   * What the characters after the '{' at {@code i} already say: an object's first token is a key or
   * its closing brace, so anything else breaks it (the common case of stray braces, settled without
   * starting a parser); 0 when a parse must decide.
   */
  private static int opening(char[] chars, int i) {
    for (int k = i + 1; k < chars.length; k++) {
      char c = chars[k];
      if (c == '"' || c == '}') {
        return 0;
      }
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return BROKEN;
      }
    }
    return UNCLOSED;
  }

  /**
   * Parses one value from {@code start} (a '{') and records, for every object start it reads, where
   * that object ends or why it does not.
   */
  private static void scan(char[] chars, int start, int[] end) {
    // Open containers: the offset of an object's '{', or -1 for an array; depth below each object.
    int[] open = new int[16];
    int[] deepest = new int[16];
    int top = 0;
    int code = BROKEN;
    try (JsonParser p = SCANNER.createParser(chars, start, chars.length - start)) {
      // Offsets come back relative to the array or to start depending on the Jackson version;
      // the first token is the '{' at start, which settles it.
      long base = -1;
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
          long at = p.currentTokenLocation().getCharOffset();
          if (base < 0) {
            base = start - at;
          }
          if (top == open.length) {
            open = java.util.Arrays.copyOf(open, top * 2);
            deepest = java.util.Arrays.copyOf(deepest, top * 2);
          }
          open[top] = t == JsonToken.START_OBJECT ? (int) (at + base) : -1;
          deepest[top] = 0;
          top++;
        } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
          top--;
          int depth = deepest[top] + 1;
          if (top > 0) {
            deepest[top - 1] = Math.max(deepest[top - 1], depth);
          }
          if (open[top] >= 0) {
            int close = (int) (p.currentTokenLocation().getCharOffset() + base) + 1;
            end[open[top]] = depth > MAX_DEPTH ? TOO_DEEP : close;
          }
          if (top == 0) {
            return; // the value that started at start is complete: read no further
          }
        }
      }
      code = UNCLOSED;
    } catch (JsonEOFException eof) {
      code = UNCLOSED;
    } catch (IOException | RuntimeException broken) {
      code = BROKEN;
    }
    // Every object still open contains the place the parse stopped.
    for (int k = 0; k < top; k++) {
      if (open[k] >= 0) {
        end[open[k]] = code;
      }
    }
  }

  private static JsonNode tryParse(String raw) {
    try {
      return LENIENT.readTree(raw);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
