package dev.arbiter.vllm;

import com.openai.client.OpenAIClientAsync;
import com.openai.client.okhttp.OpenAIOkHttpClientAsync;
import com.openai.core.Timeout;
import com.openai.core.http.HttpResponseFor;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.NonRetriableException;
import dev.arbiter.core.model.ChatRequest;
import dev.arbiter.core.model.ChatResponse;
import dev.arbiter.core.model.JudgeModel;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * A {@link JudgeModel} served by vLLM ({@code vllm serve <model>}) or any other server with the
 * OpenAI chat-completions API, called through the official {@code openai-java} client.
 *
 * {@snippet :
 * JudgeModel judge = VllmJudgeModel.builder()
 *     .baseUrl("http://127.0.0.1:8000/v1")
 *     .model("Qwen/Qwen3-8B")
 *     .extraBody("top_k", 20)
 *     .build();
 * }
 *
 * <p>One call with {@code n = k} returns all k choices, each with its logprobs when asked for;
 * usage includes the prompt tokens served from vLLM's prefix cache. Failures are retried with
 * exponential backoff and jitter (HTTP 408, 429 honouring {@code Retry-After}, 5xx, timeouts,
 * resets); other failures (400, 401, 403, 404, 422) fail at once. Either way the future completes
 * exceptionally with a {@link dev.arbiter.core.RetriableException} or {@link NonRetriableException}
 * carrying the endpoint, HTTP status and request id, never the API key. At most {@code maxInFlight}
 * calls reach the server at once; the rest wait in a queue without blocking the caller. Futures
 * complete on the HTTP client's threads: move heavy work elsewhere with {@code thenApplyAsync}.
 */
public final class VllmJudgeModel implements JudgeModel {
  private final String model;
  private final Optional<String> revision;
  private final boolean supportsN;
  private final String endpoint;
  private final OpenAIClientAsync client;
  private final ChatRequestMapper requests;
  private final ChatResponseMapper responses;
  private final ExceptionMapper errors;
  private final RetryPolicy retries;
  private final Delayer delayer;
  private final InFlightLimit limit;
  private final ExecutorService starter = Executors.newVirtualThreadPerTaskExecutor();
  private volatile boolean closed;

  private VllmJudgeModel(Builder b) {
    this.model = b.model;
    this.revision = Optional.ofNullable(b.revision);
    this.supportsN = b.supportsN;
    this.endpoint = b.endpoint;
    Duration connect =
        b.timeout.compareTo(Duration.ofSeconds(10)) < 0 ? b.timeout : Duration.ofSeconds(10);
    OpenAIOkHttpClientAsync.Builder cb =
        OpenAIOkHttpClientAsync.builder()
            .baseUrl(b.baseUrl)
            // Retries are ours (RetryPolicy): one policy, with its delays visible to tests.
            .maxRetries(0)
            .timeout(
                Timeout.builder()
                    .connect(connect)
                    .read(b.timeout)
                    .write(b.timeout)
                    .request(b.timeout)
                    .build());
    // vLLM without --api-key accepts any bearer token; the client wants one all the same.
    cb.apiKey(b.apiKey == null ? "EMPTY" : b.apiKey);
    this.client = cb.build();
    this.requests = new ChatRequestMapper(b.model, b.supportsN, b.extraBody);
    this.responses = new ChatResponseMapper(endpoint);
    this.errors = new ExceptionMapper(endpoint, b.model, Optional.ofNullable(b.apiKey));
    this.retries = new RetryPolicy(b.maxRetries, b.initialBackoff, b.maxBackoff, b.random, b.clock);
    this.delayer = b.delayer;
    this.limit = new InFlightLimit(b.maxInFlight, starter);
  }

  /** Starts a builder; {@link Builder#baseUrl} and {@link Builder#model} are required. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String id() {
    return model;
  }

  @Override
  public Optional<String> revision() {
    return revision;
  }

  @Override
  public boolean supportsN() {
    return supportsN;
  }

  /**
   * Yes: user turns with images go out as OpenAI {@code image_url} content parts. Whether the
   * served model can see them is the server's call: vLLM answers 400 for a text-only model, which
   * fails the call as not retriable with vLLM's message.
   */
  @Override
  public boolean supportsImages() {
    return true;
  }

  /** The chat-completions URL calls go to, without credentials. */
  public String endpoint() {
    return endpoint;
  }

  /**
   * Sends {@code request} and returns all its choices. Never throws: invalid requests, transport
   * failures and closed models complete the future exceptionally with a {@link
   * dev.arbiter.core.RetriableException} (after this model's retries ran out) or a {@link
   * NonRetriableException} (including {@link InvalidInputException} for a request that cannot be
   * sent).
   */
  @Override
  public CompletableFuture<ChatResponse> chat(ChatRequest request) {
    if (request == null) {
      return CompletableFuture.failedFuture(
          InvalidInputException.of("request", "must not be null"));
    }
    if (closed) {
      return CompletableFuture.failedFuture(closedException());
    }
    ChatCompletionCreateParams params;
    try {
      params = requests.toParams(request);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(errors.map(e, 0));
    }
    int expected = supportsN ? request.n() : 1;
    return limit.submit(() -> attempt(params, expected, 1, new CompletableFuture<>()));
  }

  private CompletableFuture<ChatResponse> attempt(
      ChatCompletionCreateParams params,
      int expected,
      int attempt,
      CompletableFuture<ChatResponse> result) {
    if (result.isDone()) { // the caller cancelled
      return result;
    }
    if (closed) {
      result.completeExceptionally(closedException());
      return result;
    }
    CompletableFuture<HttpResponseFor<ChatCompletion>> call;
    try {
      call = client.chat().completions().withRawResponse().create(params);
    } catch (RuntimeException e) {
      call = CompletableFuture.failedFuture(e);
    }
    call.whenComplete(
        (raw, failure) -> {
          if (failure == null) {
            try {
              Optional<String> requestId =
                  raw.headers().values("x-request-id").stream().findFirst();
              result.complete(responses.toResponse(raw.parse(), expected, requestId));
              return;
            } catch (RuntimeException e) {
              failure = e;
            }
          }
          if (errors.retriable(failure) && attempt <= retries.maxRetries() && !closed) {
            Duration wait = retries.delayBefore(attempt, ExceptionMapper.unwrap(failure));
            delayer
                .after(wait)
                .whenComplete((v, e) -> attempt(params, expected, attempt + 1, result));
          } else {
            result.completeExceptionally(errors.map(failure, attempt));
          }
        });
    return result;
  }

  private NonRetriableException closedException() {
    return new NonRetriableException("model " + model + " at " + endpoint + " is closed");
  }

  /** The most calls that were ever in flight at once (for tests). */
  int inFlightPeak() {
    return limit.peak();
  }

  /** Closes the HTTP client; later calls fail with a {@link NonRetriableException}. */
  @Override
  public void close() {
    closed = true;
    client.close();
    starter.close();
  }

  /** Names the model and endpoint; never the API key. */
  @Override
  public String toString() {
    return "VllmJudgeModel[model=" + model + ", endpoint=" + endpoint + "]";
  }

  /**
   * Builds a {@link VllmJudgeModel}. Every setter validates at once and names the bad value.
   * Defaults: timeout 5 minutes per attempt, 4 retries, backoff from 500 ms doubling up to 30 s, 64
   * calls in flight, {@code n} supported.
   */
  public static final class Builder {
    private String baseUrl;
    private String endpoint;
    private String model;
    private String apiKey;
    private String revision;
    private Duration timeout = Duration.ofMinutes(5);
    private int maxRetries = 4;
    private Duration initialBackoff = Duration.ofMillis(500);
    private Duration maxBackoff = Duration.ofSeconds(30);
    private int maxInFlight = 64;
    private boolean supportsN = true;
    private final Map<String, Object> extraBody = new LinkedHashMap<>();
    private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();
    private Clock clock = Clock.systemUTC();
    private Delayer delayer = Delayer.SYSTEM;

    private Builder() {}

    /**
     * The server's OpenAI API root, e.g. {@code http://127.0.0.1:8000/v1} for {@code vllm serve};
     * calls go to {@code <baseUrl>/chat/completions}.
     *
     * @throws InvalidInputException unless it is an absolute http or https URL
     */
    public Builder baseUrl(String url) {
      if (url == null || url.isBlank()) {
        throw InvalidInputException.of("baseUrl", "must be an http(s) URL but was empty");
      }
      URI uri;
      try {
        uri = new URI(url.strip());
      } catch (URISyntaxException e) {
        // The value itself is not echoed: it may carry credentials.
        throw InvalidInputException.of(
            "baseUrl",
            "is not a URL (" + e.getReason() + "); expected one like http://127.0.0.1:8000/v1");
      }
      String scheme = uri.getScheme();
      if (scheme == null
          || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
          || uri.getHost() == null) {
        throw InvalidInputException.of(
            "baseUrl", "must be an absolute http(s) URL like http://127.0.0.1:8000/v1");
      }
      String trimmed = url.strip().replaceAll("/+$", "");
      this.baseUrl = trimmed;
      // The endpoint named in errors: no user-info, no query (either may hold a credential).
      String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
      this.endpoint =
          scheme.toLowerCase(java.util.Locale.ROOT)
              + "://"
              + uri.getHost()
              + (uri.getPort() >= 0 ? ":" + uri.getPort() : "")
              + path
              + "/chat/completions";
      return this;
    }

    /** Same as {@link #baseUrl}: the name the CLI's {@code --endpoint} uses. */
    public Builder endpoint(String url) {
      return baseUrl(url);
    }

    /**
     * The model name as the server knows it ({@code vllm serve <model>} or its
     * --served-model-name).
     */
    public Builder model(String name) {
      if (name == null || name.isBlank()) {
        throw InvalidInputException.of("model", "must name the served model but was empty");
      }
      this.model = name.strip();
      return this;
    }

    /**
     * The bearer token (vLLM's {@code --api-key}); optional. It is sent only in the Authorization
     * header and never appears in messages, logs or {@link #toString()}.
     */
    public Builder apiKey(String key) {
      this.apiKey = key == null || key.isBlank() ? null : key;
      return this;
    }

    /** The model revision, part of cache keys (e.g. the Hugging Face commit vLLM loaded). */
    public Builder revision(String rev) {
      this.revision = rev == null || rev.isBlank() ? null : rev.strip();
      return this;
    }

    /** The longest one attempt may take, connection to last byte. */
    public Builder timeout(Duration t) {
      if (t == null || t.isNegative() || t.isZero()) {
        throw InvalidInputException.of("timeout", "must be > 0 but was " + t);
      }
      this.timeout = t;
      return this;
    }

    /**
     * How many times a retriable failure is retried (0 = never); the call makes at most this + 1
     * attempts.
     */
    public Builder maxRetries(int n) {
      if (n < 0) {
        throw InvalidInputException.of("maxRetries", "must be >= 0 but was " + n);
      }
      this.maxRetries = n;
      return this;
    }

    /**
     * The first retry waits about {@code initial}, each later one twice as long, never more than
     * {@code max}; each wait is shortened by up to 25% at random so clients do not retry in step.
     */
    public Builder retryBackoff(Duration initial, Duration max) {
      if (initial == null || initial.isNegative()) {
        throw InvalidInputException.of("retryBackoff.initial", "must be >= 0 but was " + initial);
      }
      if (max == null || max.compareTo(initial) < 0) {
        throw InvalidInputException.of(
            "retryBackoff.max", "must be >= initial (" + initial + ") but was " + max);
      }
      this.initialBackoff = initial;
      this.maxBackoff = max;
      return this;
    }

    /** At most this many calls reach the server at once; later ones queue without blocking. */
    public Builder maxInFlight(int n) {
      if (n < 1) {
        throw InvalidInputException.of("maxInFlight", "must be >= 1 but was " + n);
      }
      this.maxInFlight = n;
      return this;
    }

    /**
     * Whether the server honours {@code n}; vLLM does. When false, {@code n} is not sent and each
     * call returns one choice, so Arbiter issues k calls with distinct seeds.
     */
    public Builder supportsN(boolean supported) {
      this.supportsN = supported;
      return this;
    }

    /**
     * A body field sent with every call (vLLM: {@code top_k}, {@code min_p}, {@code
     * repetition_penalty}, {@code chat_template_kwargs}, ...); a request's own extra body fields
     * override these. The value may be a String, Number, Boolean, List or Map.
     */
    public Builder extraBody(String key, Object value) {
      if (key == null || key.isBlank()) {
        throw InvalidInputException.of("extraBody", "a body field needs a name");
      }
      extraBody.put(key, value);
      return this;
    }

    // Test hooks: deterministic jitter, a fixed clock for HTTP-date Retry-After, recorded waits.
    Builder random(DoubleSupplier r) {
      this.random = Objects.requireNonNull(r);
      return this;
    }

    Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c);
      return this;
    }

    Builder delayer(Delayer d) {
      this.delayer = Objects.requireNonNull(d);
      return this;
    }

    /**
     * Creates the model (and its HTTP client; close the model to release it).
     *
     * @throws InvalidInputException when the base URL or model is missing
     */
    public VllmJudgeModel build() {
      if (baseUrl == null) {
        throw InvalidInputException.of("baseUrl", "is required, e.g. http://127.0.0.1:8000/v1");
      }
      if (model == null) {
        throw InvalidInputException.of("model", "is required: the name vLLM serves the model as");
      }
      return new VllmJudgeModel(this);
    }
  }
}
