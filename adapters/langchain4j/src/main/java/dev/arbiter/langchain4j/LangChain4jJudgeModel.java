package dev.arbiter.langchain4j;

import dev.arbiter.core.ArbiterException;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.NonRetriableException;
import dev.arbiter.core.model.ChatRequest;
import dev.arbiter.core.model.ChatResponse;
import dev.arbiter.core.model.JudgeModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.function.BiFunction;

/**
 * A {@link JudgeModel} over any LangChain4j {@link ChatModel} (OpenAI, Anthropic, Ollama, Gemini,
 * ...): the way to judge with a model Arbiter has no native adapter for.
 *
 * {@snippet :
 * JudgeModel judge = LangChain4jJudgeModel.builder()
 *     .chatModel(chatModel)                 // any LangChain4j ChatModel
 *     .modelId("gpt-4o-mini")
 *     .requestParameters((request, params) -> params)  // map seed/extra fields if the provider has them
 *     .build();
 * }
 *
 * <p>A chat model returns one choice per call, so {@link #supportsN()} is false and Arbiter makes k
 * calls with distinct seeds. Messages, temperature, top-p, max tokens, {@code top_k}, a JSON schema
 * response format and function tools are mapped to LangChain4j's portable parameters; whether the
 * provider honours each is up to it (LangChain4j throws for what it cannot do, which becomes a
 * {@link NonRetriableException}). Seeds and other extra body fields have no portable LangChain4j
 * parameter: pass them with {@link Builder#requestParameters}. Logprobs are not available through
 * LangChain4j. Retries are the chat model's own (its {@code maxRetries}); this adapter maps what
 * finally fails, in one place, to Arbiter's retriable or non-retriable branch.
 *
 * <p>Each call runs the blocking {@link ChatModel#chat} on its own virtual thread; at most {@code
 * maxInFlight} run at once.
 */
public final class LangChain4jJudgeModel implements JudgeModel {
  private final ChatModel chatModel;
  private final String id;
  private final Optional<String> revision;
  private final RequestMapper requests;
  private final ExceptionMapper errors;
  private final Semaphore permits;
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private volatile boolean closed;

  private LangChain4jJudgeModel(Builder b, String id) {
    this.chatModel = b.chatModel;
    this.id = id;
    this.revision = Optional.ofNullable(b.revision);
    this.requests = new RequestMapper(b.customizer);
    this.errors = new ExceptionMapper("langchain4j:" + provider(b.chatModel) + "/" + id);
    this.permits = new Semaphore(b.maxInFlight, true);
  }

  private static String provider(ChatModel m) {
    try {
      return String.valueOf(m.provider()).toLowerCase(java.util.Locale.ROOT);
    } catch (RuntimeException e) {
      return "other";
    }
  }

  /** Starts a builder; {@link Builder#chatModel} is required. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public Optional<String> revision() {
    return revision;
  }

  /**
   * Yes: user turns with images become LangChain4j {@code ImageContent}s (base64 with MIME type, or
   * the URL). A provider that cannot take them throws, which fails the call as not retriable.
   */
  @Override
  public boolean supportsImages() {
    return true;
  }

  /** Always false: a LangChain4j chat model returns one choice per call. */
  @Override
  public boolean supportsN() {
    return false;
  }

  /**
   * Sends {@code request} and returns its one choice. Never throws: invalid requests and the chat
   * model's failures complete the future exceptionally with a {@link
   * dev.arbiter.core.RetriableException} or {@link NonRetriableException}.
   */
  @Override
  public CompletableFuture<ChatResponse> chat(ChatRequest request) {
    if (request == null) {
      return CompletableFuture.failedFuture(
          InvalidInputException.of("request", "must not be null"));
    }
    if (closed) {
      return CompletableFuture.failedFuture(
          new NonRetriableException("LangChain4j model " + id + " is closed"));
    }
    dev.langchain4j.model.chat.request.ChatRequest lc;
    try {
      lc = requests.toLangChain4j(request);
    } catch (ArbiterException e) {
      return CompletableFuture.failedFuture(e);
    } catch (RuntimeException e) { // LangChain4j validates while building
      return CompletableFuture.failedFuture(errors.map(e));
    }
    CompletableFuture<ChatResponse> result = new CompletableFuture<>();
    try {
      threads.execute(() -> run(lc, result));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      result.completeExceptionally(
          new NonRetriableException("LangChain4j model " + id + " is closed"));
    }
    return result;
  }

  private void run(
      dev.langchain4j.model.chat.request.ChatRequest lc, CompletableFuture<ChatResponse> result) {
    try {
      permits.acquire(); // blocks only this virtual thread
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      result.completeExceptionally(new NonRetriableException("interrupted before the call"));
      return;
    }
    try {
      if (result.isDone()) { // cancelled while it waited
        return;
      }
      result.complete(ResponseMapper.toArbiter(chatModel.chat(lc), id));
    } catch (Throwable t) {
      result.completeExceptionally(errors.map(t));
    } finally {
      permits.release();
    }
  }

  /** Stops accepting calls and waits for running ones; the chat model itself is not closed. */
  @Override
  public void close() {
    closed = true;
    threads.close();
  }

  @Override
  public String toString() {
    return "LangChain4jJudgeModel[model="
        + id
        + ", chatModel="
        + chatModel.getClass().getSimpleName()
        + "]";
  }

  /** Builds a {@link LangChain4jJudgeModel}; each setter validates at once. */
  public static final class Builder {
    private ChatModel chatModel;
    private String modelId;
    private String revision;
    private int maxInFlight = 16;
    private BiFunction<ChatRequest, ChatRequestParameters, ChatRequestParameters> customizer =
        (request, params) -> params;

    private Builder() {}

    /** The LangChain4j model to judge with (required). */
    public Builder chatModel(ChatModel model) {
      this.chatModel = Objects.requireNonNull(model, "chatModel");
      return this;
    }

    /**
     * The model's id for cache keys and reports; defaults to the chat model's default model name.
     */
    public Builder modelId(String id) {
      if (id == null || id.isBlank()) {
        throw InvalidInputException.of("modelId", "must not be empty");
      }
      this.modelId = id.strip();
      return this;
    }

    /** The model revision, part of cache keys. */
    public Builder revision(String rev) {
      this.revision = rev == null || rev.isBlank() ? null : rev.strip();
      return this;
    }

    /** At most this many calls run at once (default 16); later ones wait on virtual threads. */
    public Builder maxInFlight(int n) {
      if (n < 1) {
        throw InvalidInputException.of("maxInFlight", "must be >= 1 but was " + n);
      }
      this.maxInFlight = n;
      return this;
    }

    /**
     * Adjusts the parameters of each call, given the Arbiter request: the place to map the seed and
     * extra body fields to the provider's own parameter class, e.g. {@code
     * OpenAiChatRequestParameters.builder().overrideWith(params).seed(...)}. The default keeps the
     * portable parameters.
     */
    public Builder requestParameters(
        BiFunction<ChatRequest, ChatRequestParameters, ChatRequestParameters> f) {
      this.customizer = Objects.requireNonNull(f, "requestParameters");
      return this;
    }

    /**
     * Creates the adapter.
     *
     * @throws InvalidInputException when no chat model was given, or no model id and the chat model
     *     names none
     */
    public LangChain4jJudgeModel build() {
      if (chatModel == null) {
        throw InvalidInputException.of("chatModel", "is required");
      }
      String id = modelId;
      if (id == null) {
        ChatRequestParameters defaults = chatModel.defaultRequestParameters();
        id = defaults == null ? null : defaults.modelName();
      }
      if (id == null || id.isBlank()) {
        throw InvalidInputException.of(
            "modelId", "is required: the chat model does not name its model");
      }
      return new LangChain4jJudgeModel(this, id);
    }
  }
}
