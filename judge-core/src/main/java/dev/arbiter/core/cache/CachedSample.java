package dev.arbiter.core.cache;

import dev.arbiter.core.model.TokenLogprob;
import java.util.List;

/**
 * One model output as it is cached: what the model wrote, not how Arbiter parsed it, so that a
 * better parser can re-read cached samples.
 *
 * @param text the raw text
 * @param finishReason the server's finish reason
 * @param logprobs token logprobs when returned
 * @param transcript the tool-calling transcript, when the sample came out of a tool loop
 * @param reasoning the thinking the server returned apart from the text (empty when none)
 */
public record CachedSample(
    String text,
    String finishReason,
    List<TokenLogprob> logprobs,
    List<dev.arbiter.core.Message> transcript,
    String reasoning) {
  public CachedSample {
    text = text == null ? "" : text;
    finishReason = finishReason == null ? "" : finishReason;
    logprobs = logprobs == null ? List.of() : List.copyOf(logprobs);
    transcript = transcript == null ? List.of() : List.copyOf(transcript);
    reasoning = reasoning == null ? "" : reasoning;
  }

  public CachedSample(
      String text,
      String finishReason,
      List<TokenLogprob> logprobs,
      List<dev.arbiter.core.Message> transcript) {
    this(text, finishReason, logprobs, transcript, "");
  }

  public CachedSample(String text, String finishReason, List<TokenLogprob> logprobs) {
    this(text, finishReason, logprobs, List.of(), "");
  }

  /**
   * Whether this output may be cached as a success: it has text (or a tool transcript) and was not
   * cut off at the token budget ({@code finish_reason} "length"). Other outputs are used for the
   * judgement at hand but paid for again next time, and a stored one is read as a miss.
   */
  public boolean complete() {
    return !finishReason.equalsIgnoreCase("length") && (!text.isBlank() || !transcript.isEmpty());
  }
}
