package dev.arbiter.vllm;

import com.openai.client.OpenAIClientAsync;
import com.openai.client.okhttp.OpenAIOkHttpClientAsync;
import com.openai.core.Timeout;
import com.openai.core.http.HttpResponseFor;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.NonRetriableException;
import dev.arbiter.core.internal.Redaction;
import dev.arbiter.core.model.ChatRequest;
import dev.arbiter.core.model.ChatResponse;
import dev.arbiter.core.model.Choice;
import dev.arbiter.core.model.JudgeModel;
import dev.arbiter.core.model.TokenUsage;
import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import dev.failsafe.spi.Scheduler;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

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
  private final Optional<String> userRevision;
  private final boolean discoverRevision;
  private final Duration discoveryTimeout;
  private final Map<String, Object> extraBody;
  private volatile Optional<String> revision;
  private final boolean supportsN;
  private final String endpoint;
  private final OpenAIClientAsync client;
  private final ChatRequestMapper requests;
  private final ChatResponseMapper responses;
  private final ExceptionMapper errors;
  private final Retries retries;
  private final int maxRetries;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final double jitter;
  private final Scheduler scheduler;
  private final InFlightLimit limit;
  private final ExecutorService starter = Executors.newVirtualThreadPerTaskExecutor();
  private volatile boolean closed;

  private VllmJudgeModel(Builder b) {
    this.model = b.model;
    this.userRevision = Optional.ofNullable(b.revision);
    this.discoverRevision = b.discoverRevision;
    this.extraBody = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.extraBody));
    this.supportsN = b.supportsN;
    this.endpoint = b.endpoint;
    Duration connect =
        b.timeout.compareTo(Duration.ofSeconds(10)) < 0 ? b.timeout : Duration.ofSeconds(10);
    this.discoveryTimeout = connect;
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
    this.responses = new ChatResponseMapper();
    this.errors = new ExceptionMapper(endpoint, b.model, Optional.ofNullable(b.apiKey));
    this.retries = new Retries(b.clock);
    this.maxRetries = b.maxRetries;
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
    this.jitter = b.jitter;
    this.scheduler = b.scheduler != null ? b.scheduler : Scheduler.of(starter);
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

  /**
   * The revision that goes into cache keys and provenance: the one given to {@link
   * Builder#revision}, and, unless {@link Builder#discoverRevision} turned it off, what the server
   * says it loaded: vLLM's {@code GET /v1/models} lists each served model with a {@code root}, the
   * path or Hugging Face id given to {@code vllm serve}. When the root differs from the served name
   * (a {@code --served-model-name} alias) it is added as {@code root=<root>}, so that pointing the
   * alias at other weights changes every cache key. The server is asked once, on first use; if it
   * cannot say, only the given revision counts.
   */
  @Override
  public Optional<String> revision() {
    Optional<String> r = revision;
    if (r == null) {
      synchronized (this) {
        r = revision;
        if (r == null) {
          Optional<String> root = discoverRevision ? servedRoot() : Optional.empty();
          String joined =
              (userRevision.orElse("") + root.map(x -> " root=" + x).orElse("")).strip();
          r = joined.isEmpty() ? Optional.empty() : Optional.of(joined);
          revision = r;
        }
      }
    }
    return r;
  }

  /**
   * vLLM's {@code root} for this model from {@code GET /v1/models}, when it differs from the id.
   */
  private Optional<String> servedRoot() {
    if (closed) {
      return Optional.empty();
    }
    try {
      return client
          .models()
          .list()
          .get(discoveryTimeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
          .data()
          .stream()
          .filter(m -> model.equals(m._id().asKnown().orElse(null)))
          .findFirst()
          .map(m -> m._additionalProperties().get("root"))
          .map(v -> v == null ? null : v.convert(Object.class))
          .filter(String.class::isInstance)
          .map(v -> ((String) v).strip())
          .filter(root -> !root.isEmpty() && !root.equals(model));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } catch (Exception e) {
      // Not vLLM, no /v1/models, or not up yet: the revision is what the user said it is.
      return Optional.empty();
    }
  }

  /** The body fields given to {@link Builder#extraBody}, sent with every call. */
  @Override
  public Map<String, Object> extraBody() {
    return extraBody;
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
    return limit.submit(() -> call(request, params, expected));
  }

  /**
   * One call with its retries. A reply with fewer choices than asked keeps them and the next
   * attempt asks only for the rest; after the last attempt the choices gathered so far are
   * returned, so that none that was paid for is lost.
   */
  private CompletableFuture<ChatResponse> call(
      ChatRequest request, ChatCompletionCreateParams first, int expected) {
    Gathered gathered = new Gathered(expected);
    AtomicInteger attempts = new AtomicInteger();
    RetryPolicy<Gathered> policy =
        retries.policy(
            maxRetries,
            initialBackoff,
            maxBackoff,
            jitter,
            (g, failure) -> failure != null ? errors.retriable(failure) : g.missing() > 0,
            () -> closed);
    CompletableFuture<Gathered> run =
        Failsafe.with(policy)
            .with(scheduler)
            .getStageAsync(
                () -> {
                  attempts.incrementAndGet();
                  return attempt(request, first, gathered);
                });
    CompletableFuture<ChatResponse> result = new CompletableFuture<>();
    run.whenComplete(
        (g, failure) -> {
          if (failure != null) {
            result.completeExceptionally(
                closed ? closedException() : errors.map(failure, attempts.get()));
          } else if (g.missing() == expected) {
            result.completeExceptionally(errors.noChoices(expected, attempts.get()));
          } else {
            result.complete(g.response());
          }
        });
    // A caller who cancels stops the retries.
    result.whenComplete(
        (r, e) -> {
          if (result.isCancelled()) {
            run.cancel(false);
          }
        });
    return result;
  }

  private CompletableFuture<Gathered> attempt(
      ChatRequest request, ChatCompletionCreateParams first, Gathered gathered) {
    if (closed) {
      return CompletableFuture.failedFuture(closedException());
    }
    ChatCompletionCreateParams params = first;
    int missing = gathered.missing();
    if (missing < gathered.expected) {
      // Ask only for the missing choices, seeded past the ones already here.
      ChatRequest rest =
          request.toBuilder()
              .n(missing)
              .seed(request.seed().map(s -> s + gathered.expected - missing).orElse(null))
              .build();
      params = requests.toParams(rest);
    }
    CompletableFuture<HttpResponseFor<ChatCompletion>> call;
    try {
      call = client.chat().completions().withRawResponse().create(params);
    } catch (RuntimeException e) {
      call = CompletableFuture.failedFuture(e);
    }
    return call.thenApply(
        raw -> {
          Optional<String> requestId = raw.headers().values("x-request-id").stream().findFirst();
          gathered.add(responses.toResponse(raw.parse(), requestId));
          return gathered;
        });
  }

  /** The choices of one call gathered over its attempts. Attempts run one after another. */
  private static final class Gathered {
    final int expected;
    private final List<Choice> choices = new ArrayList<>();
    private TokenUsage usage = TokenUsage.ZERO;
    private String model = "";
    private Optional<String> requestId = Optional.empty();

    Gathered(int expected) {
      this.expected = expected;
    }

    synchronized int missing() {
      return expected - choices.size();
    }

    synchronized void add(ChatResponse reply) {
      for (Choice c : reply.choices()) {
        if (choices.size() == expected) {
          break; // a server that sends more than asked: the first ones are the ones asked for
        }
        choices.add(
            new Choice(
                choices.size(),
                c.text(),
                c.finishReason(),
                c.logprobs(),
                c.toolCalls(),
                c.transcript(),
                c.reasoning()));
      }
      usage = usage.plus(reply.usage());
      model = model.isEmpty() ? reply.model() : model;
      requestId = requestId.or(reply::requestId);
    }

    synchronized ChatResponse response() {
      return new ChatResponse(model, requestId, choices, usage);
    }
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
    private boolean discoverRevision = true;
    private Duration timeout = Duration.ofMinutes(5);
    private int maxRetries = 4;
    private Duration initialBackoff = Duration.ofMillis(500);
    private Duration maxBackoff = Duration.ofSeconds(30);
    private int maxInFlight = 64;
    private boolean supportsN = true;
    private final Map<String, Object> extraBody = new LinkedHashMap<>();
    private double jitter = Retries.JITTER;
    private Clock clock = Clock.systemUTC();
    private Scheduler scheduler;

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
      // The endpoint named in errors, logs and summaries: where calls go, without user info or
      // query (either may hold a credential), and through the one redaction rule all the same.
      String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
      this.endpoint =
          Redaction.url(
              scheme.toLowerCase(java.util.Locale.ROOT)
                  + "://"
                  + uri.getHost()
                  + (uri.getPort() >= 0 ? ":" + uri.getPort() : "")
                  + path
                  + "/chat/completions");
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

    /**
     * The model revision, part of cache keys and provenance (e.g. the Hugging Face commit vLLM
     * loaded with {@code --revision}, which vLLM does not report); the CLI's {@code
     * --model-revision}.
     */
    public Builder revision(String rev) {
      this.revision = rev == null || rev.isBlank() ? null : rev.strip();
      return this;
    }

    /**
     * Whether to ask the server ({@code GET /v1/models}) which weights it serves the model from and
     * add that to {@link VllmJudgeModel#revision()} (default true).
     */
    public Builder discoverRevision(boolean discover) {
      this.discoverRevision = discover;
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
     * {@code max}; each wait is scaled by a random factor in [0.75, 1.25] so clients do not retry
     * in step. A server's {@code Retry-After} (up to 60 s) replaces the computed wait.
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

    // Test hooks: no jitter, a fixed clock for HTTP-date Retry-After, recorded waits.
    Builder jitter(double factor) {
      this.jitter = factor;
      return this;
    }

    Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c);
      return this;
    }

    Builder scheduler(Scheduler s) {
      this.scheduler = Objects.requireNonNull(s);
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
