package dev.arbiter.core.model;

import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.Message;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One chat-completion call: the messages and how to sample them.
 *
 * @param messages the conversation sent to the model
 * @param temperature sampling temperature
 * @param topP nucleus sampling
 * @param maxTokens the completion budget per choice
 * @param seed the seed, when the backend supports one
 * @param n how many choices to return from this one call (prompt prefilled once)
 * @param topLogprobs 0 for no logprobs, else how many alternatives per token
 * @param responseSchema a JSON schema for structured output
 * @param tools tools the model may call
 * @param extraBody backend-specific body fields (vLLM: {@code top_k}, {@code chat_template_kwargs},
 *     ...)
 * @param affinityKey a routing hint, never sent to the server and not part of sample cache keys:
 *     requests with the same key begin with the same prompt text, so a model spread over several
 *     replicas sends them to the same one and its prefix cache is reused. The judge sets it to a
 *     hash of what it renders before the candidates (protocol, mode, rubric, conversation,
 *     reference).
 */
public record ChatRequest(
    List<Message> messages,
    double temperature,
    double topP,
    int maxTokens,
    Optional<Long> seed,
    int n,
    int topLogprobs,
    Optional<ResponseSchema> responseSchema,
    List<ToolSpec> tools,
    Map<String, Object> extraBody,
    Optional<String> affinityKey) {

  public ChatRequest {
    messages = List.copyOf(messages);
    if (messages.isEmpty()) {
      throw InvalidInputException.of("messages", "a chat request needs at least one message");
    }
    if (n < 1) {
      throw InvalidInputException.of("n", "must be >= 1 but was " + n);
    }
    if (maxTokens < 1) {
      throw InvalidInputException.of("max_tokens", "must be >= 1 but was " + maxTokens);
    }
    seed = seed == null ? Optional.empty() : seed;
    responseSchema = responseSchema == null ? Optional.empty() : responseSchema;
    tools = tools == null ? List.of() : List.copyOf(tools);
    extraBody =
        extraBody == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extraBody));
    affinityKey = affinityKey == null ? Optional.empty() : affinityKey.filter(k -> !k.isBlank());
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.messages.addAll(messages);
    b.temperature = temperature;
    b.topP = topP;
    b.maxTokens = maxTokens;
    b.seed = seed.orElse(null);
    b.n = n;
    b.topLogprobs = topLogprobs;
    b.responseSchema = responseSchema.orElse(null);
    b.tools.addAll(tools);
    b.extraBody.putAll(extraBody);
    b.affinityKey = affinityKey.orElse(null);
    return b;
  }

  public ChatRequest withN(int newN) {
    return toBuilder().n(newN).build();
  }

  public ChatRequest withSeed(Long newSeed) {
    return toBuilder().seed(newSeed).build();
  }

  /** Builds a {@link ChatRequest}. */
  public static final class Builder {
    private final List<Message> messages = new ArrayList<>();
    private double temperature = 0.0;
    private double topP = 1.0;
    private int maxTokens = 1024;
    private Long seed;
    private int n = 1;
    private int topLogprobs = 0;
    private ResponseSchema responseSchema;
    private final List<ToolSpec> tools = new ArrayList<>();
    private final Map<String, Object> extraBody = new LinkedHashMap<>();
    private String affinityKey;

    private Builder() {}

    public Builder messages(List<Message> ms) {
      messages.clear();
      messages.addAll(ms);
      return this;
    }

    public Builder message(Message m) {
      messages.add(m);
      return this;
    }

    public Builder temperature(double t) {
      this.temperature = t;
      return this;
    }

    public Builder topP(double p) {
      this.topP = p;
      return this;
    }

    public Builder maxTokens(int m) {
      this.maxTokens = m;
      return this;
    }

    public Builder seed(Long s) {
      this.seed = s;
      return this;
    }

    public Builder n(int k) {
      this.n = k;
      return this;
    }

    public Builder topLogprobs(int k) {
      this.topLogprobs = k;
      return this;
    }

    public Builder responseSchema(ResponseSchema s) {
      this.responseSchema = s;
      return this;
    }

    public Builder tools(List<ToolSpec> ts) {
      tools.clear();
      tools.addAll(ts);
      return this;
    }

    public Builder extra(String key, Object value) {
      extraBody.put(key, value);
      return this;
    }

    /** The routing hint of {@link ChatRequest#affinityKey()}; null or blank means none. */
    public Builder affinityKey(String key) {
      this.affinityKey = key;
      return this;
    }

    public ChatRequest build() {
      return new ChatRequest(
          messages,
          temperature,
          topP,
          maxTokens,
          Optional.ofNullable(seed),
          n,
          topLogprobs,
          Optional.ofNullable(responseSchema),
          tools,
          extraBody,
          Optional.ofNullable(affinityKey));
    }
  }
}
