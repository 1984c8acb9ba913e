package dev.arbiter.core.model;

import dev.arbiter.core.Message;
import java.util.List;

/**
 * One generated choice.
 *
 * @param index the choice's index in the response
 * @param text the generated text (empty when the model only called tools)
 * @param finishReason "stop", "length", "tool_calls", ...
 * @param logprobs per-token logprobs, empty when not requested or not returned
 * @param toolCalls tool calls the model asked for
 * @param transcript when the answer came out of a tool-calling loop: every turn after the prompt
 *     (tool calls, tool results, the final answer); empty otherwise
 * @param reasoning the thinking the server returned apart from the text (vLLM's {@code
 *     reasoning_content} with a reasoning parser); empty otherwise. Inline thinking stays in {@code
 *     text}; {@link Reasoning#split} separates both.
 */
public record Choice(
    int index,
    String text,
    String finishReason,
    List<TokenLogprob> logprobs,
    List<ToolCall> toolCalls,
    List<Message> transcript,
    String reasoning) {
  public Choice {
    text = text == null ? "" : text;
    finishReason = finishReason == null ? "" : finishReason;
    logprobs = logprobs == null ? List.of() : List.copyOf(logprobs);
    toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    transcript = transcript == null ? List.of() : List.copyOf(transcript);
    reasoning = reasoning == null ? "" : reasoning;
  }

  public Choice(
      int index,
      String text,
      String finishReason,
      List<TokenLogprob> logprobs,
      List<ToolCall> toolCalls,
      List<Message> transcript) {
    this(index, text, finishReason, logprobs, toolCalls, transcript, "");
  }

  public Choice(
      int index,
      String text,
      String finishReason,
      List<TokenLogprob> logprobs,
      List<ToolCall> toolCalls) {
    this(index, text, finishReason, logprobs, toolCalls, List.of(), "");
  }

  public Choice(int index, String text, String finishReason) {
    this(index, text, finishReason, List.of(), List.of(), List.of(), "");
  }

  /** Whether generation stopped at the token budget, so the text may be cut short. */
  public boolean truncated() {
    return "length".equals(finishReason);
  }
}
