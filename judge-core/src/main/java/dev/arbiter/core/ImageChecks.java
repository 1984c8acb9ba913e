package dev.arbiter.core;

import dev.arbiter.core.model.JudgeModel;
import dev.arbiter.core.protocol.PromptContext;
import dev.arbiter.core.protocol.Protocol;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The two checks that keep a request's images from being dropped on the way to the model: the model
 * must take images, and the protocol's prompt must show every one of them.
 */
final class ImageChecks {
  private ImageChecks() {}

  /**
   * @throws InvalidInputException when the request has images and the model cannot take them
   */
  static void requireModelTakes(JudgeRequest request, JudgeModel model) {
    int n = request.images().size();
    if (n > 0 && !model.supportsImages()) {
      throw InvalidInputException.of(
          "images",
          "request '"
              + request.id()
              + "' carries "
              + n
              + " image(s) but model "
              + model.id()
              + " takes text only; judge it with a vision model (VllmJudgeModel or"
              + " LangChain4jJudgeModel over a vision model)");
    }
  }

  /**
   * Verifiers read text: without a model nobody would look at the images, so they are refused.
   *
   * @throws InvalidInputException when the request has an image
   */
  static void requireNone(JudgeRequest request) {
    int n = request.images().size();
    if (n > 0) {
      throw InvalidInputException.of(
          "images",
          "request '"
              + request.id()
              + "' carries "
              + n
              + " image(s) but no judge model is set and verifiers read text only; give a vision"
              + " model");
    }
  }

  /**
   * @throws InvalidInputException when an image of the context is missing from the rendered prompt
   */
  static void requireAllShown(PromptContext context, List<Message> rendered, Protocol protocol) {
    List<Image> wanted = context.images();
    if (wanted.isEmpty()) {
      return;
    }
    Set<String> shown = new HashSet<>();
    rendered.forEach(m -> m.images().forEach(i -> shown.add(i.sha256())));
    long missing = wanted.stream().filter(i -> !shown.contains(i.sha256())).count();
    if (missing > 0) {
      throw InvalidInputException.of(
          "images",
          "protocol '"
              + protocol.id()
              + "' left "
              + missing
              + " of the request's "
              + wanted.size()
              + " image(s) out of its prompt; it judges text only, so it cannot judge this"
              + " request");
    }
  }
}
