package dev.arbiter.core.model;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A generative model Arbiter asks for judgements. Adapters implement it for vLLM and other
 * OpenAI-compatible servers, LangChain4j chat models, or a scripted mock for tests.
 *
 * <p>Contract (checked by the published {@code JudgeModelContract} test): {@link #chat} returns
 * {@code request.n()} choices, in index order (an adapter whose server keeps sending fewer may
 * return the ones it got after its retries; the judge keeps those and asks again for the rest);
 * transport failures complete the future exceptionally with a {@link
 * dev.arbiter.core.RetriableException} or {@link dev.arbiter.core.NonRetriableException}, after the
 * adapter's own retries; calls are safe from many threads (virtual threads included).
 */
public interface JudgeModel extends AutoCloseable {

  /** The model's id as the server knows it. */
  String id();

  /** The model revision, when known (part of cache keys). */
  default Optional<String> revision() {
    return Optional.empty();
  }

  /**
   * Body fields this model adds to every call (vLLM's {@code top_k}, {@code chat_template_kwargs},
   * ...). They change the outputs, so they are part of cache keys. Empty by default.
   */
  default Map<String, Object> extraBody() {
    return Map.of();
  }

  /**
   * Whether one call can return {@code n > 1} choices. When false, Arbiter issues k calls with
   * distinct seeds instead.
   */
  default boolean supportsN() {
    return true;
  }

  /**
   * Whether requests may carry images (user turns with image parts). A model that says no is never
   * sent one: a judge refuses such a request with an error instead of dropping its images.
   */
  default boolean supportsImages() {
    return false;
  }

  /** Sends one chat request and returns all its choices. */
  CompletableFuture<ChatResponse> chat(ChatRequest request);

  @Override
  default void close() {}
}
