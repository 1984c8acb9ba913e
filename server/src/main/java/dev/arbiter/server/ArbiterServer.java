package dev.arbiter.server;

import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.Judge;
import dev.arbiter.core.Rubric;
import dev.arbiter.eval.batch.RequestReader;
import dev.arbiter.spec.JudgeSpec.ModelEndpoint;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A judge over HTTP: OpenRLHF's {@code POST /get_reward}, {@code POST /v1/judge}, {@code POST
 * /v1/judge/batch} (NDJSON, streamed), {@code GET /health} and {@code GET /metrics} (Prometheus).
 * It runs on Helidon SE's web server, one virtual thread per request.
 *
 * <p>Limits: a body over {@link Builder#maxBodyBytes} gets 413; judgements beyond {@link
 * Builder#concurrency} running plus {@link Builder#maxQueue} waiting get 429 with {@code
 * Retry-After}; with a token every request needs {@code Authorization: Bearer TOKEN} (401
 * otherwise). {@link #close()} drains: new requests get 503 while those in flight finish.
 *
 * {@snippet :
 * try (ArbiterServer server = ArbiterServer.builder().judge(judge).port(0).build().start()) {
 *   int port = server.port();
 * }
 * }
 */
public final class ArbiterServer implements AutoCloseable {
  private final Builder config;
  private final Admission admission;
  private final PrometheusMeterRegistry registry;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicBoolean draining = new AtomicBoolean();
  private final Object drained = new Object();
  private WebServer server;

  private ArbiterServer(Builder b) {
    this.config = b;
    this.admission = new Admission(b.concurrency, b.maxQueue);
    this.registry = b.registry;
    Gauge.builder("arbiter.queue.held", admission, Admission::held)
        .description("Judgements running or waiting in the server's bounded queue")
        .register(registry);
    Gauge.builder("arbiter.queue.capacity", admission, a -> a.capacity())
        .description("Judgements the server holds at most (running + queue)")
        .register(registry);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Starts listening; {@link #port()} then gives the port (useful with port 0). */
  public ArbiterServer start() {
    Handlers h = new Handlers(config, admission, registry);
    HttpRouting.Builder routing = HttpRouting.builder();
    routing.addFilter(
        (chain, req, res) -> {
          String route = req.path().path();
          if (draining.get()) {
            res.status(Status.SERVICE_UNAVAILABLE_503).header("Connection", "close");
            Handlers.sendError(res, 503, null, "the server is shutting down");
            return;
          }
          inFlight.incrementAndGet();
          Timer.Sample sample = Timer.start(registry);
          AtomicInteger routeInFlight = h.inFlight(route);
          routeInFlight.incrementAndGet();
          try {
            if (config.token != null
                && !authorized(
                    req.headers().value(io.helidon.http.HeaderNames.AUTHORIZATION).orElse(null))) {
              res.header("WWW-Authenticate", "Bearer");
              Handlers.sendError(res, 401, null, "missing or wrong bearer token");
            } else {
              chain.proceed();
            }
          } finally {
            routeInFlight.decrementAndGet();
            String known = Handlers.ROUTES.contains(route) ? route : "other";
            sample.stop(
                Timer.builder("arbiter.http.request.duration")
                    .description("Time to answer an HTTP request")
                    .tag("route", known)
                    .tag("status", String.valueOf(res.status().code()))
                    .publishPercentileHistogram()
                    .register(registry));
            if (inFlight.decrementAndGet() == 0) {
              synchronized (drained) {
                drained.notifyAll();
              }
            }
          }
        });
    routing.post("/get_reward", h::getReward);
    routing.post("/v1/judge", h::judge);
    routing.post("/v1/judge/batch", h::batch);
    routing.get("/health", h::health);
    routing.get(
        "/metrics",
        (req, res) -> {
          res.header("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
          res.send(registry.scrape().getBytes(StandardCharsets.UTF_8));
        });
    server =
        WebServer.builder()
            .host(config.host)
            .port(config.port)
            .maxPayloadSize(config.maxBodyBytes)
            // Helidon's own hook would close connections at once on SIGTERM; close() drains.
            .shutdownHook(false)
            .routing(routing)
            .build()
            .start();
    return this;
  }

  /** The port the server listens on. */
  public int port() {
    return server.port();
  }

  /** The registry behind {@code /metrics}. */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  private boolean authorized(String header) {
    if (header == null || !header.startsWith("Bearer ")) {
      return false;
    }
    byte[] given = header.substring("Bearer ".length()).strip().getBytes(StandardCharsets.UTF_8);
    // Constant-time: the comparison must not tell how much of a guess was right.
    return MessageDigest.isEqual(given, config.token.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Drains and stops: new requests get 503 at once, requests in flight get up to {@code timeout} to
   * finish, then the server stops.
   *
   * @return true when every request in flight finished in time
   */
  public boolean drainAndStop(Duration timeout) {
    draining.set(true);
    long deadline = System.nanoTime() + timeout.toNanos();
    boolean done;
    synchronized (drained) {
      while (inFlight.get() > 0 && System.nanoTime() < deadline) {
        try {
          drained.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      done = inFlight.get() == 0;
    }
    if (server != null) {
      server.stop();
    }
    return done;
  }

  /** Requests being answered now. */
  public int inFlight() {
    return inFlight.get();
  }

  @Override
  public void close() {
    drainAndStop(config.drainTimeout);
  }

  /** Configures a server; validates eagerly and names the bad value. */
  public static final class Builder {
    Judge judge;
    Optional<Rubric> defaultRubric = Optional.empty();
    Optional<Function<String, RequestReader.UserRubric>> userRubrics = Optional.empty();
    List<ModelEndpoint> endpoints = List.of();
    String host = "127.0.0.1";
    int port = 8080;
    String token;
    long maxBodyBytes = 16L << 20;
    int concurrency = 64;
    int maxQueue = 4096;
    int retryAfterSeconds = 1;
    RewardMapping reward = RewardMapping.NORMALIZED;
    double fallbackReward = 0.0;
    List<String> stripTokens = new ArrayList<>(DEFAULT_STRIP);
    Duration drainTimeout = Duration.ofSeconds(30);
    Duration healthTimeout = Duration.ofSeconds(2);
    PrometheusMeterRegistry registry;

    /**
     * Chat-template markers removed from {@code /get_reward} prompts and responses before judging
     * (OpenRLHF decodes with special tokens kept).
     */
    public static final List<String> DEFAULT_STRIP =
        List.of(
            "<|im_start|>",
            "<|im_end|>",
            "<|endoftext|>",
            "<|begin_of_text|>",
            "<|start_header_id|>",
            "<|end_header_id|>",
            "<|eot_id|>",
            "<｜begin▁of▁sentence｜>",
            "<｜end▁of▁sentence｜>",
            "</s>",
            "<s>");

    private Builder() {}

    /** The judge answering every request. Required. */
    public Builder judge(Judge judge) {
      this.judge = Objects.requireNonNull(judge, "judge");
      return this;
    }

    /** The rubric for requests that bring none (a spec's rubric). */
    public Builder defaultRubric(Optional<Rubric> rubric) {
      this.defaultRubric = Objects.requireNonNull(rubric, "rubric");
      return this;
    }

    /**
     * The rubric a request's {@code user} gets on {@code /v1/judge} and {@code /v1/judge/batch} (a
     * spec's learned profiles, {@code BuiltJudge.userRubrics()}): as in {@code arbiter judge}, an
     * unknown user gets the population prior and the verdict's {@code profile.fallback} says so.
     * Empty (the default): the {@code user} field is ignored.
     */
    public Builder userRubrics(Optional<Function<String, RequestReader.UserRubric>> byUser) {
      this.userRubrics = Objects.requireNonNull(byUser, "byUser");
      return this;
    }

    /** The model endpoints {@code /health} checks (none: always ready). */
    public Builder endpoints(List<ModelEndpoint> endpoints) {
      this.endpoints = List.copyOf(endpoints);
      return this;
    }

    /** The address to bind (default 127.0.0.1, loopback only). */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /** The port (0 picks a free one). */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw InvalidInputException.of("--port", "must be in [0, 65535] but was " + port);
      }
      this.port = port;
      return this;
    }

    /** The bearer token every request must carry; null for none. */
    public Builder token(String token) {
      if (token != null && token.isBlank()) {
        throw InvalidInputException.of("--auth-token-env", "the token is empty");
      }
      this.token = token;
      return this;
    }

    /** The largest request body accepted; larger gets 413. */
    public Builder maxBodyBytes(long bytes) {
      if (bytes < 1) {
        throw InvalidInputException.of("--max-body-bytes", "must be >= 1 but was " + bytes);
      }
      this.maxBodyBytes = bytes;
      return this;
    }

    /** Judgements running at once. */
    public Builder concurrency(int n) {
      if (n < 1) {
        throw InvalidInputException.of("--concurrency", "must be >= 1 but was " + n);
      }
      this.concurrency = n;
      return this;
    }

    /** Judgements waiting beyond those running; more gets 429. */
    public Builder maxQueue(int n) {
      if (n < 0) {
        throw InvalidInputException.of("--max-queue", "must be >= 0 but was " + n);
      }
      this.maxQueue = n;
      return this;
    }

    /** The Retry-After a 429 carries, in seconds. */
    public Builder retryAfterSeconds(int s) {
      if (s < 1) {
        throw InvalidInputException.of("--retry-after", "must be >= 1 but was " + s);
      }
      this.retryAfterSeconds = s;
      return this;
    }

    /** How a score becomes a reward (default normalised). */
    public Builder reward(RewardMapping mapping) {
      this.reward = Objects.requireNonNull(mapping, "reward");
      return this;
    }

    /** The reward of an unscored or failed judgement (flagged in extra_logs). */
    public Builder fallbackReward(double r) {
      if (!Double.isFinite(r)) {
        throw InvalidInputException.of("--fallback-reward", "must be a finite number but was " + r);
      }
      this.fallbackReward = r;
      return this;
    }

    /** Markers removed from /get_reward texts (default {@link #DEFAULT_STRIP}; empty: none). */
    public Builder stripTokens(List<String> tokens) {
      this.stripTokens = List.copyOf(tokens);
      return this;
    }

    /** How long {@link ArbiterServer#close()} waits for requests in flight. */
    public Builder drainTimeout(Duration d) {
      this.drainTimeout = Objects.requireNonNull(d, "drainTimeout");
      return this;
    }

    /** The registry behind /metrics (default: a new Prometheus registry). */
    public Builder registry(PrometheusMeterRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    public ArbiterServer build() {
      if (judge == null) {
        throw InvalidInputException.of("judge", "a server needs a judge");
      }
      if (registry == null) {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      }
      return new ArbiterServer(this);
    }
  }
}
