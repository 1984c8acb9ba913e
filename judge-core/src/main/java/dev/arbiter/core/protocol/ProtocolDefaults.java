package dev.arbiter.core.protocol;

import dev.arbiter.core.InvalidInputException;

/**
 * What a protocol recommends for sampling its judge; a caller uses these unless its user says
 * otherwise.
 *
 * @param maxCompletionTokens the completion budget per sample that the protocol's outputs fit in,
 *     with headroom (an output cut short at this budget loses its verdict)
 * @param temperature the sampling temperature the protocol's authors judge with
 * @param expectsThinking whether the protocol's judge is expected to reason before its final answer
 *     (a reasoning model, or a format with a thinking block), so the budget must cover it
 */
public record ProtocolDefaults(
    int maxCompletionTokens, double temperature, boolean expectsThinking) {

  /** For a protocol that says nothing: 1024 tokens, temperature 0, no thinking expected. */
  public static final ProtocolDefaults GENERIC = new ProtocolDefaults(1024, 0.0, false);

  public ProtocolDefaults {
    if (maxCompletionTokens < 1) {
      throw InvalidInputException.of(
          "maxCompletionTokens", "must be >= 1 but was " + maxCompletionTokens);
    }
    if (temperature < 0 || !Double.isFinite(temperature)) {
      throw InvalidInputException.of("temperature", "must be >= 0 but was " + temperature);
    }
  }
}
