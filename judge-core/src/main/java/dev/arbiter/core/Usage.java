package dev.arbiter.core;

/**
 * What a verdict cost.
 *
 * @param calls model calls made (a call with n = k counts once)
 * @param promptTokens prompt tokens the server reported
 * @param completionTokens completion tokens the server reported
 * @param cachedPromptTokens prompt tokens the server served from its prefix cache, when reported
 * @param cacheHits samples (or rubrics) served from Arbiter's cache
 * @param cacheMisses samples (or rubrics) that had to be generated
 * @param reasoningTokens of the completion tokens, those the judge spent thinking, when the server
 *     reported them
 */
public record Usage(
    long calls,
    long promptTokens,
    long completionTokens,
    long cachedPromptTokens,
    long cacheHits,
    long cacheMisses,
    long reasoningTokens) {
  public static final Usage ZERO = new Usage(0, 0, 0, 0, 0, 0, 0);

  public Usage(
      long calls,
      long promptTokens,
      long completionTokens,
      long cachedPromptTokens,
      long cacheHits,
      long cacheMisses) {
    this(calls, promptTokens, completionTokens, cachedPromptTokens, cacheHits, cacheMisses, 0);
  }

  public Usage plus(Usage o) {
    return new Usage(
        calls + o.calls,
        promptTokens + o.promptTokens,
        completionTokens + o.completionTokens,
        cachedPromptTokens + o.cachedPromptTokens,
        cacheHits + o.cacheHits,
        cacheMisses + o.cacheMisses,
        reasoningTokens + o.reasoningTokens);
  }

  public long totalTokens() {
    return promptTokens + completionTokens;
  }
}
