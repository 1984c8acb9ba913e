package dev.arbiter.core;

import dev.arbiter.core.model.TokenLogprob;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One sampled output of the judge model: its final answer and its thinking (kept apart, see {@link
 * dev.arbiter.core.model.Reasoning}), why generation stopped, the token logprobs when the server
 * returned them, and the {@link Judgement} parsed from the final answer alone.
 *
 * @param index the sample index within its request (part of the cache key)
 * @param order 0 for the candidates in the request's order, 1 for the swapped pairwise order
 * @param text the final answer as the model wrote it (thinking removed)
 * @param finishReason "stop", "length", ... as the server reported it
 * @param logprobs per-token logprobs, empty when not requested or not returned
 * @param judgement the parsed result (pairwise preferences are as shown to the model, i.e. for
 *     order 1 still relative to the swapped positions)
 * @param cached whether this sample came from the cache instead of the model
 * @param transcript the tool-calling transcript (tool calls, results, final answer) when the judge
 *     used tools; empty otherwise
 * @param reasoning the judge's thinking, from the server's reasoning field or inline think tags
 *     (empty when it did not think); kept for audit, never parsed for the verdict
 * @param verdictDistribution the judge's probabilities at its verdict token, when the protocol can
 *     point to that token and the server returned top logprobs (see {@link VerdictDistribution})
 */
public record Sample(
    int index,
    int order,
    String text,
    String finishReason,
    List<TokenLogprob> logprobs,
    Judgement judgement,
    boolean cached,
    List<Message> transcript,
    String reasoning,
    Optional<VerdictDistribution> verdictDistribution) {
  public Sample {
    Objects.requireNonNull(text, "text");
    finishReason = finishReason == null ? "" : finishReason;
    logprobs = logprobs == null ? List.of() : List.copyOf(logprobs);
    Objects.requireNonNull(judgement, "judgement");
    transcript = transcript == null ? List.of() : List.copyOf(transcript);
    reasoning = reasoning == null ? "" : reasoning;
    verdictDistribution = verdictDistribution == null ? Optional.empty() : verdictDistribution;
  }

  public Sample(
      int index,
      int order,
      String text,
      String finishReason,
      List<TokenLogprob> logprobs,
      Judgement judgement,
      boolean cached,
      List<Message> transcript,
      String reasoning) {
    this(
        index,
        order,
        text,
        finishReason,
        logprobs,
        judgement,
        cached,
        transcript,
        reasoning,
        Optional.empty());
  }

  public Sample(
      int index,
      int order,
      String text,
      String finishReason,
      List<TokenLogprob> logprobs,
      Judgement judgement,
      boolean cached,
      List<Message> transcript) {
    this(index, order, text, finishReason, logprobs, judgement, cached, transcript, "");
  }

  public Sample(
      int index,
      int order,
      String text,
      String finishReason,
      List<TokenLogprob> logprobs,
      Judgement judgement,
      boolean cached) {
    this(index, order, text, finishReason, logprobs, judgement, cached, List.of(), "");
  }
}
