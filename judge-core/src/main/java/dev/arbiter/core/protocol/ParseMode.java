package dev.arbiter.core.protocol;

/**
 * How a {@link Protocol} reads the judge's final answer. The protocol receives it in {@link
 * PromptContext#parseMode()}; the thinking part of a sample never reaches the parser in either
 * mode.
 */
public enum ParseMode {
  /**
   * The default: only the judge's final verdict counts, found where the protocol's prompt tells the
   * judge to put it (e.g. after "My final verdict is", the last {@code [RESULT]}). Verdict syntax
   * quoted earlier in the answer (from a candidate, or while reasoning) neither decides nor makes
   * the sample unscored.
   */
  ROBUST,

  /**
   * Reads the output exactly as the publisher's own parser does (its regular expressions, its rule
   * for several labels), so that published figures reproduce to the decimal.
   */
  EXACT;

  /** Parses {@code robust} or {@code exact} (any case); names the bad value otherwise. */
  public static ParseMode parse(String name) {
    for (ParseMode m : values()) {
      if (m.name().equalsIgnoreCase(name.trim())) {
        return m;
      }
    }
    throw dev.arbiter.core.InvalidInputException.of(
        "parse", "expected robust or exact but was '" + name + "'");
  }
}
