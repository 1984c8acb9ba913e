package dev.arbiter.core.model;

/**
 * Token counts a server reported for one call.
 *
 * @param promptTokens prompt tokens (counted once even when n &gt; 1)
 * @param completionTokens completion tokens over all choices
 * @param cachedPromptTokens prompt tokens served from the server's prefix cache (0 when not
 *     reported)
 * @param reasoningTokens of the completion tokens, those spent thinking, when the server reported
 *     them ({@code completion_tokens_details.reasoning_tokens}); 0 otherwise
 */
public record TokenUsage(
    long promptTokens, long completionTokens, long cachedPromptTokens, long reasoningTokens) {
  public static final TokenUsage ZERO = new TokenUsage(0, 0, 0, 0);

  public TokenUsage(long promptTokens, long completionTokens, long cachedPromptTokens) {
    this(promptTokens, completionTokens, cachedPromptTokens, 0);
  }

  public TokenUsage plus(TokenUsage o) {
    return new TokenUsage(
        promptTokens + o.promptTokens,
        completionTokens + o.completionTokens,
        cachedPromptTokens + o.cachedPromptTokens,
        reasoningTokens + o.reasoningTokens);
  }
}
