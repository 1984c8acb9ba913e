package dev.arbiter.vllm;

import com.openai.core.JsonField;
import com.openai.core.JsonString;
import com.openai.core.JsonValue;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionTokenLogprob;
import com.openai.models.completions.CompletionUsage;
import dev.arbiter.core.model.ChatResponse;
import dev.arbiter.core.model.Choice;
import dev.arbiter.core.model.TokenLogprob;
import dev.arbiter.core.model.TokenUsage;
import dev.arbiter.core.model.ToolCall;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the client's {@link ChatCompletion} into an Arbiter {@link ChatResponse}: every choice in
 * index order with its text, finish reason, logprobs and tool calls, and the usage including
 * prefix-cache hits ({@code prompt_tokens_details.cached_tokens}, which vLLM reports when started
 * with {@code --enable-prompt-tokens-details}).
 *
 * <p>A reasoning model's thinking, which vLLM returns beside the content when it runs with a
 * reasoning parser, is kept in {@link Choice#reasoning()}: vLLM calls the field {@code
 * reasoning_content} (and {@code reasoning} from 0.11 on; both are read). Reasoning tokens are read
 * from {@code completion_tokens_details.reasoning_tokens} when the server reports them.
 *
 * <p>Fields are read leniently: the client validates lazily, and OpenAI-compatible servers leave
 * out fields OpenAI always sends (vLLM omits {@code refusal} in logprobs, for one).
 */
final class ChatResponseMapper {
  // vLLM < 0.11 sends reasoning_content; 0.11 renamed it reasoning (docs: "Reasoning Outputs").
  private static final List<String> REASONING_FIELDS = List.of("reasoning_content", "reasoning");

  /**
   * Every choice of the reply, however many there are: the caller decides what too few or too many
   * mean (see {@code VllmJudgeModel}).
   *
   * @param headerRequestId the {@code x-request-id} header, when the server sent one
   * @throws com.openai.errors.OpenAIInvalidDataException when the reply is not a chat completion
   */
  ChatResponse toResponse(ChatCompletion completion, Optional<String> headerRequestId) {
    List<ChatCompletion.Choice> raw = new ArrayList<>(completion.choices());
    // Servers may list choices out of order; a few even number all of them 0. Sort stably by the
    // server's index, then number them by position so index i is the i-th choice.
    raw.sort(Comparator.comparingLong(c -> c._index().asKnown().orElse(0L)));
    Optional<String> requestId = headerRequestId.or(() -> completion._id().asKnown());
    List<Choice> choices = new ArrayList<>(raw.size());
    for (int i = 0; i < raw.size(); i++) {
      choices.add(choice(i, raw.get(i)));
    }
    return new ChatResponse(
        completion._model().asKnown().orElse(""), requestId, choices, usage(completion));
  }

  private static Choice choice(int index, ChatCompletion.Choice c) {
    Optional<ChatCompletionMessage> message = c._message().asKnown();
    String text = message.flatMap(m -> m._content().asKnown()).orElse("");
    String finish = c._finishReason().asKnown().map(f -> f.asString()).orElse("");
    List<TokenLogprob> logprobs =
        c._logprobs()
            .asKnown()
            .flatMap(l -> l._content().asKnown())
            .map(ChatResponseMapper::logprobs)
            .orElse(List.of());
    List<ToolCall> toolCalls =
        message
            .flatMap(m -> m._toolCalls().asKnown())
            .map(ChatResponseMapper::toolCalls)
            .orElse(List.of());
    String reasoning = message.map(ChatResponseMapper::reasoning).orElse("");
    return new Choice(index, text, finish, logprobs, toolCalls, List.of(), reasoning);
  }

  /** vLLM's separated thinking: not part of OpenAI's schema, so an additional property. */
  private static String reasoning(ChatCompletionMessage m) {
    Map<String, JsonValue> extra = m._additionalProperties();
    for (String field : REASONING_FIELDS) {
      JsonValue v = extra.get(field);
      if (v instanceof JsonString s && !s.value().isBlank()) {
        return s.value();
      }
    }
    return "";
  }

  private static List<TokenLogprob> logprobs(List<ChatCompletionTokenLogprob> tokens) {
    List<TokenLogprob> out = new ArrayList<>(tokens.size());
    for (ChatCompletionTokenLogprob t : tokens) {
      List<TokenLogprob.TopLogprob> top =
          t._topLogprobs().asKnown().orElse(List.of()).stream()
              .map(a -> new TokenLogprob.TopLogprob(a.token(), a.logprob()))
              .toList();
      out.add(new TokenLogprob(t.token(), t.logprob(), top));
    }
    return out;
  }

  private static List<ToolCall> toolCalls(List<ChatCompletionMessageToolCall> calls) {
    List<ToolCall> out = new ArrayList<>(calls.size());
    for (ChatCompletionMessageToolCall call : calls) {
      call.function()
          .ifPresent(
              f ->
                  out.add(
                      new ToolCall(
                          f._id().asKnown().orElse(""),
                          f.function().name(),
                          f.function()._arguments().asKnown().orElse("{}"))));
    }
    return out;
  }

  private static TokenUsage usage(ChatCompletion completion) {
    Optional<CompletionUsage> usage = completion._usage().asKnown();
    if (usage.isEmpty()) {
      return TokenUsage.ZERO;
    }
    CompletionUsage u = usage.get();
    long cached =
        u._promptTokensDetails().asKnown().flatMap(d -> d._cachedTokens().asKnown()).orElse(0L);
    long reasoning =
        u._completionTokensDetails()
            .asKnown()
            .flatMap(d -> d._reasoningTokens().asKnown())
            .orElse(0L);
    return new TokenUsage(
        orZero(u._promptTokens()), orZero(u._completionTokens()), cached, reasoning);
  }

  private static long orZero(JsonField<Long> field) {
    return field.asKnown().orElse(0L);
  }
}
