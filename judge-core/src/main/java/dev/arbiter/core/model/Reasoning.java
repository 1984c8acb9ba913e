package dev.arbiter.core.model;

import java.util.Locale;

/**
 * Separates a judge's thinking from its final answer, so that only the answer is ever parsed for a
 * verdict. Thinking arrives in two shapes:
 *
 * <ul>
 *   <li>in a field of its own, when vLLM runs with a reasoning parser ({@code
 *       message.reasoning_content}, called {@code reasoning} in newer vLLM): the adapter puts it in
 *       {@link Choice#reasoning()};
 *   <li>inline in the content: one or more leading {@code <think>…</think>} or {@code
 *       <thinking>…</thinking>} blocks, or an unclosed block at the start, as chat templates that
 *       open {@code <think>} in the prompt produce (the output then holds only {@code </think>}:
 *       everything before the first closing tag is thinking).
 * </ul>
 *
 * <p>Only blocks at the start of the output are thinking. A tag further on is part of the answer (a
 * judge quoting a candidate that contains one, say), since a protocol's final verdict is read from
 * the answer's end anyway.
 */
public final class Reasoning {
  private Reasoning() {}

  private static final String[] TAGS = {"think", "thinking"};

  /**
   * A sample's two parts.
   *
   * @param thinking the thinking, without its tags (empty when there was none)
   * @param answer the final answer, leading whitespace removed
   * @param unfinished whether the output ended inside a thinking block (no final answer was begun)
   */
  public record Parts(String thinking, String answer, boolean unfinished) {}

  /**
   * Splits one output.
   *
   * @param content the message content as the model wrote it
   * @param separated the thinking the server already separated ({@code reasoning_content}); empty
   *     or null when it did not
   */
  public static Parts split(String content, String separated) {
    StringBuilder thinking = new StringBuilder(separated == null ? "" : separated.strip());
    String rest = content == null ? "" : content;
    boolean first = true;
    while (true) {
      String s = rest.stripLeading();
      String lower = s.toLowerCase(Locale.ROOT);
      String opened = openingTag(lower);
      if (opened != null) {
        String close = "</" + opened + ">";
        int end = lower.indexOf(close);
        if (end < 0) {
          append(thinking, s.substring(opened.length() + 2));
          return new Parts(thinking.toString(), "", true);
        }
        append(thinking, s.substring(opened.length() + 2, end));
        rest = s.substring(end + close.length());
        first = false;
        continue;
      }
      if (first) {
        // The template opened the block in the prompt: the output starts inside it.
        int end = -1;
        String close = null;
        for (String tag : TAGS) {
          int at = lower.indexOf("</" + tag + ">");
          if (at >= 0 && (end < 0 || at < end)) {
            end = at;
            close = "</" + tag + ">";
          }
        }
        if (end >= 0 && !lower.substring(0, end).contains("<think")) {
          append(thinking, s.substring(0, end));
          rest = s.substring(end + close.length());
          first = false;
          continue;
        }
      }
      return new Parts(thinking.toString(), s, false);
    }
  }

  private static String openingTag(String lower) {
    for (String tag : TAGS) {
      if (lower.startsWith("<" + tag + ">")) {
        return tag;
      }
    }
    return null;
  }

  private static void append(StringBuilder thinking, String part) {
    String p = part.strip();
    if (p.isEmpty()) {
      return;
    }
    if (thinking.length() > 0) {
      thinking.append("\n\n");
    }
    thinking.append(p);
  }
}
