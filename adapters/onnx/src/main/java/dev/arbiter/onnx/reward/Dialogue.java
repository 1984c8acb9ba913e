package dev.arbiter.onnx.reward;

import dev.arbiter.core.Message;
import java.util.List;

/**
 * Dialogues as text, in the HH-RLHF layout ({@code "\n\nHuman: …\n\nAssistant: …"}), so a request's
 * conversation reads to the embedding model as the training queries did.
 */
final class Dialogue {
  static final String HUMAN = "\n\nHuman:";
  static final String ASSISTANT = "\n\nAssistant:";

  private Dialogue() {}

  /** The conversation before the response, as HH-RLHF writes it. */
  static String query(List<Message> conversation) {
    StringBuilder sb = new StringBuilder();
    for (Message m : conversation) {
      String speaker =
          switch (m.role()) {
            case USER -> HUMAN;
            case ASSISTANT -> ASSISTANT;
            case SYSTEM -> "\n\nSystem:";
            default -> null;
          };
      if (speaker != null) {
        sb.append(speaker).append(' ').append(m.content());
      }
    }
    return sb.toString();
  }

  /**
   * Splits an HH-RLHF dialogue at its last assistant turn: the text before is the query, the text
   * after the response.
   *
   * @return {query, response}, or null when the text has no assistant turn
   */
  static String[] splitLastTurn(String dialogue) {
    int cut = dialogue.lastIndexOf(ASSISTANT);
    if (cut < 0) {
      return null;
    }
    return new String[] {
      dialogue.substring(0, cut), dialogue.substring(cut + ASSISTANT.length()).strip()
    };
  }
}
