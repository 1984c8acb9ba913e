package dev.arbiter.server;

import dev.arbiter.core.ArbiterException;
import dev.arbiter.core.JudgeRequest;
import dev.arbiter.core.Sample;
import dev.arbiter.core.Usage;
import dev.arbiter.core.Verdict;
import dev.arbiter.core.model.ChatRequest;
import dev.arbiter.core.model.ChatResponse;
import dev.arbiter.core.model.JudgeModel;
import dev.arbiter.core.observe.JudgeListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Micrometer binding of a judge: a {@link JudgeListener} counting judgements, samples, tokens,
 * cache hits, unscored and failed judgements, and a wrapper for each endpoint's model measuring
 * calls in flight and their latency. Meter names start with {@code arbiter.}; the Prometheus
 * registry writes them as {@code arbiter_*}.
 *
 * {@snippet :
 * JudgeMetrics metrics = new JudgeMetrics(registry);
 * Judge judge = Judge.builder()
 *     .model(metrics.meter(model, "http://127.0.0.1:8000/v1"))
 *     .protocol(protocol)
 *     .listener(metrics)
 *     .build();
 * }
 */
public final class JudgeMetrics implements JudgeListener {
  private final MeterRegistry registry;
  private final Timer judgementLatency;
  private final Counter promptTokens;
  private final Counter completionTokens;
  private final Counter cachedPromptTokens;
  private final Counter cacheHits;
  private final Counter cacheMisses;

  public JudgeMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.judgementLatency =
        Timer.builder("arbiter.judgement.duration")
            .description("Time from a request's start to its verdict")
            .publishPercentileHistogram()
            .register(registry);
    this.promptTokens = tokens("prompt");
    this.completionTokens = tokens("completion");
    this.cachedPromptTokens = tokens("cached_prompt");
    this.cacheHits =
        Counter.builder("arbiter.cache.hits")
            .description("Samples served from the sample cache (or an identical call in flight)")
            .register(registry);
    this.cacheMisses =
        Counter.builder("arbiter.cache.misses")
            .description("Samples the model was paid for")
            .register(registry);
  }

  private Counter tokens(String kind) {
    return Counter.builder("arbiter.tokens")
        .description("Tokens the judge model reported")
        .tag("kind", kind)
        .register(registry);
  }

  @Override
  public void onSample(JudgeRequest request, Sample sample) {
    registry
        .counter(
            "arbiter.samples",
            "scored",
            String.valueOf(sample.judgement().scored()),
            "cached",
            String.valueOf(sample.cached()))
        .increment();
  }

  @Override
  public void onError(JudgeRequest request, Throwable error) {
    String kind =
        error instanceof ArbiterException ae
            ? (ae.retriable() ? "retriable" : "not_retriable")
            : "other";
    registry.counter("arbiter.errors", "kind", kind).increment();
  }

  @Override
  public void onVerdict(JudgeRequest request, Verdict verdict, Duration elapsed) {
    registry
        .counter(
            "arbiter.judgements",
            "status",
            verdict.status().name().toLowerCase(Locale.ROOT),
            "mode",
            request.mode().name().toLowerCase(Locale.ROOT))
        .increment();
    judgementLatency.record(elapsed);
    Usage u = verdict.usage();
    promptTokens.increment(u.promptTokens());
    completionTokens.increment(u.completionTokens());
    cachedPromptTokens.increment(u.cachedPromptTokens());
    cacheHits.increment(u.cacheHits());
    cacheMisses.increment(u.cacheMisses());
  }

  /**
   * Wraps an endpoint's model so its calls in flight ({@code arbiter_model_in_flight}), call
   * latency and outcomes are measured, tagged with the endpoint.
   */
  public JudgeModel meter(JudgeModel model, String endpoint) {
    return new Metered(model, endpoint);
  }

  private final class Metered implements JudgeModel {
    private final JudgeModel inner;
    private final String endpoint;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Timer latency;

    Metered(JudgeModel inner, String endpoint) {
      this.inner = inner;
      this.endpoint = endpoint;
      registry.gauge(
          "arbiter.model.in.flight",
          io.micrometer.core.instrument.Tags.of("endpoint", endpoint),
          inFlight);
      this.latency =
          Timer.builder("arbiter.model.call.duration")
              .description("Latency of one call to the judge model")
              .tag("endpoint", endpoint)
              .publishPercentileHistogram()
              .register(registry);
    }

    @Override
    public String id() {
      return inner.id();
    }

    @Override
    public Optional<String> revision() {
      return inner.revision();
    }

    @Override
    public java.util.Map<String, Object> extraBody() {
      return inner.extraBody();
    }

    @Override
    public boolean supportsN() {
      return inner.supportsN();
    }

    @Override
    public CompletableFuture<ChatResponse> chat(ChatRequest request) {
      long start = System.nanoTime();
      inFlight.incrementAndGet();
      CompletableFuture<ChatResponse> call;
      try {
        call = inner.chat(request);
      } catch (RuntimeException e) {
        call = CompletableFuture.failedFuture(e);
      }
      return call.whenComplete(
          (r, e) -> {
            inFlight.decrementAndGet();
            latency.record(Duration.ofNanos(System.nanoTime() - start));
            registry
                .counter(
                    "arbiter.model.calls",
                    "endpoint",
                    endpoint,
                    "outcome",
                    e == null ? "ok" : "error")
                .increment();
          });
    }

    @Override
    public void close() {
      inner.close();
    }
  }
}
