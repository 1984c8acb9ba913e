package dev.arbiter.onnx.reward;

import java.util.Objects;

/**
 * One preference: for {@code query}, {@code chosen} was preferred to {@code rejected}.
 *
 * @param source the file it was read from
 * @param line its line there (1-based)
 * @param query the conversation before the response (HH-RLHF layout)
 * @param chosen the preferred response
 * @param rejected the other response
 */
public record PreferencePair(
    String source, long line, String query, String chosen, String rejected) {
  public PreferencePair {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(chosen, "chosen");
    Objects.requireNonNull(rejected, "rejected");
  }
}
