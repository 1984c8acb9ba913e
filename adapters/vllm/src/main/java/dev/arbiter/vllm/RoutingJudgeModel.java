package dev.arbiter.vllm;

import dev.arbiter.core.ArbiterException;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.Message;
import dev.arbiter.core.NonRetriableException;
import dev.arbiter.core.RetriableException;
import dev.arbiter.core.internal.Hashing;
import dev.arbiter.core.model.ChatRequest;
import dev.arbiter.core.model.ChatResponse;
import dev.arbiter.core.model.JudgeModel;
import dev.failsafe.CircuitBreaker;
import dev.failsafe.Failsafe;
import dev.failsafe.RateLimiter;
import dev.failsafe.RetryPolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * One {@link JudgeModel} over several replicas of the same model (several {@code vllm serve}
 * processes): each call goes to one replica, chosen so that prompts sharing a prefix meet a warm
 * prefix cache while the load stays even, and a replica that fails or dies loses no call.
 *
 * {@snippet :
 * JudgeModel judge = RoutingJudgeModel.builder()
 *     .replica(VllmJudgeModel.builder().baseUrl("http://10.0.0.1:8000/v1").model("judge")
 *         .maxRetries(0).build())
 *     .replica(VllmJudgeModel.builder().baseUrl("http://10.0.0.2:8000/v1").model("judge")
 *         .maxRetries(0).build())
 *     .build();
 * }
 *
 * <ul>
 *   <li><b>Routing</b> ({@link Policy}): by default {@link Policy#PREFIX_AFFINITY}, consistent
 *       hashing with bounded loads over {@link ChatRequest#affinityKey()} (a hash of the whole
 *       prompt when the request has none): calls with one key go to one replica while its calls in
 *       flight stay below {@code loadFactor} times the mean, then spill to the next replica on the
 *       ring. {@link Policy#LEAST_OUTSTANDING} and {@link Policy#ROUND_ROBIN} ignore the key.
 *   <li><b>Ejection and re-admission</b>: a Failsafe {@link CircuitBreaker} per replica opens after
 *       {@code failures} retriable failures among its last {@code ofCalls} calls and admits
 *       probation calls after {@code ejectFor}; a replica whose {@code /health} check fails takes
 *       no calls until a check passes again. A 429 rests the replica for a second without counting
 *       as a failure.
 *   <li><b>No call is lost</b>: a retriable failure (5xx, 429, reset, refused connection, timeout)
 *       is retried at once on a replica this call has not failed on, and with exponential backoff
 *       when every replica has failed it or none can take calls (Failsafe {@link RetryPolicy}); a
 *       non-retriable one (400, 401, 404) fails the call at once.
 *   <li><b>Rate limits</b> per replica (Failsafe smooth {@link RateLimiter}s, requests and tokens):
 *       a call waits for its permits without holding a thread. Tokens are the prompt estimated at 4
 *       characters a token before sending, then what the server reports (prompt + completion),
 *       booked against the next calls.
 * </ul>
 *
 * <p>A token budget for a job is not a routing matter: wrap the model in {@link
 * dev.arbiter.core.model.JudgeModels#withTokenBudget}.
 *
 * <p>Each replica keeps its own in-flight limit and time-out; build replicas with {@code
 * maxRetries(0)} so a dead one is left at its first failure instead of after its own retries.
 */
public final class RoutingJudgeModel implements JudgeModel {

  /** How a replica is chosen for a call. */
  public enum Policy {
    /** Same affinity key → same replica, within a load bound (the default). */
    PREFIX_AFFINITY,
    /** The replica with the fewest calls in flight. */
    LEAST_OUTSTANDING,
    /** Each replica in turn. */
    ROUND_ROBIN
  }

  /** Whether a replica takes calls. */
  public enum ReplicaState {
    /** Healthy, circuit closed. */
    UP,
    /** Back from an ejection: probation calls decide whether it stays. */
    PROBING,
    /** Failed its health check or too many calls: takes none for now. */
    EJECTED
  }

  /**
   * A snapshot of one replica, for metrics and logs.
   *
   * @param endpoint the replica's name (its chat-completions URL for a vLLM replica, without
   *     credentials)
   * @param state whether it takes calls
   * @param inFlight calls sent and not yet answered
   * @param calls calls answered successfully
   * @param failures calls that failed (retriable or not)
   * @param promptTokens prompt tokens reported
   * @param cachedPromptTokens prompt tokens the replica served from its prefix cache
   * @param completionTokens completion tokens reported
   */
  public record ReplicaStatus(
      String endpoint,
      ReplicaState state,
      int inFlight,
      long calls,
      long failures,
      long promptTokens,
      long cachedPromptTokens,
      long completionTokens) {}

  private static final Duration RATE_LIMITED_REST = Duration.ofSeconds(1);
  private static final Duration USE_BACKOFF = Duration.ofNanos(-1);

  private final String id;
  private final Optional<String> revision;
  private final java.util.Map<String, Object> extraBody;
  private final boolean supportsN;
  private final List<Replica> replicas;
  private final HashRing ring;
  private final Policy policy;
  private final double loadFactor;
  private final int maxRetries;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final AtomicInteger nextTurn = new AtomicInteger();
  private final ScheduledExecutorService healthChecks;
  private final HttpClient healthClient;
  private final Duration healthTimeout;
  // Starts attempts and retries; the common pool has one thread on a 2-core machine.
  private final ExecutorService starter = Executors.newVirtualThreadPerTaskExecutor();
  private volatile boolean closed;

  private RoutingJudgeModel(Builder b) {
    JudgeModel first = b.replicas.get(0).model;
    this.id = first.id();
    this.revision = first.revision();
    this.extraBody = first.extraBody();
    this.supportsN = first.supportsN();
    this.policy = b.policy;
    this.loadFactor = b.loadFactor;
    this.maxRetries = b.maxRetries;
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
    this.healthTimeout = b.healthTimeout;
    List<Replica> rs = new ArrayList<>();
    for (ReplicaSpec s : b.replicas) {
      CircuitBreaker<ChatResponse> breaker =
          CircuitBreaker.<ChatResponse>builder()
              .withFailureThreshold(b.breakerFailures, b.breakerCalls)
              .withDelay(b.ejectFor)
              .withSuccessThreshold(b.probationCalls)
              .build();
      rs.add(
          new Replica(
              s.name,
              s.model,
              s.health,
              breaker,
              b.requestRate.map(
                  r -> RateLimiter.<ChatResponse>smoothBuilder(r.permits, r.per).build()),
              b.tokenRate.map(
                  r -> RateLimiter.<ChatResponse>smoothBuilder(r.permits, r.per).build())));
    }
    this.replicas = List.copyOf(rs);
    this.ring = new HashRing(replicas.stream().map(r -> r.name).toList());
    boolean probes =
        !b.healthInterval.isZero() && replicas.stream().anyMatch(r -> r.health.isPresent());
    if (probes) {
      this.healthClient = HttpClient.newBuilder().connectTimeout(healthTimeout).build();
      this.healthChecks =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "arbiter-health-checks");
                t.setDaemon(true);
                return t;
              });
      healthChecks.scheduleWithFixedDelay(
          this::checkHealth, 0, b.healthInterval.toMillis(), TimeUnit.MILLISECONDS);
    } else {
      this.healthClient = null;
      this.healthChecks = null;
    }
  }

  /** Starts a builder; add at least one replica. */
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

  /** The first replica's model-level extra body (replicas serve one model): part of cache keys. */
  @Override
  public java.util.Map<String, Object> extraBody() {
    return extraBody;
  }

  @Override
  public boolean supportsN() {
    return supportsN;
  }

  /** True when every replica takes images. */
  @Override
  public boolean supportsImages() {
    return replicas.stream().allMatch(r -> r.model.supportsImages());
  }

  /** Each replica's state and counters, in the order they were added. */
  public List<ReplicaStatus> replicas() {
    return replicas.stream().map(Replica::status).toList();
  }

  /**
   * Sends {@code request} to one replica, and on a retriable failure to another. Never throws: the
   * future fails with the replica's {@link NonRetriableException} for a rejected request, and with
   * a {@link RetriableException} when the retries ran out (the last failure, or why no replica
   * could take the call).
   */
  @Override
  public CompletableFuture<ChatResponse> chat(ChatRequest request) {
    if (request == null) {
      return CompletableFuture.failedFuture(
          InvalidInputException.of("request", "must not be null"));
    }
    String key = request.affinityKey().orElseGet(() -> Hashing.sha256Json(request.messages()));
    Set<Replica> failedOn = ConcurrentHashMap.newKeySet();
    RetryPolicy<ChatResponse> retry =
        RetryPolicy.<ChatResponse>builder()
            .handleIf(RoutingJudgeModel::retriable)
            .withMaxRetries(maxRetries)
            .withBackoff(initialBackoff, maxBackoff)
            .withJitter(0.25)
            // Another replica that has not failed this call can take it now: no reason to wait.
            // (A negative delay tells Failsafe to use the backoff.)
            .withDelayFn(ctx -> untriedReplicaReady(failedOn) ? Duration.ZERO : USE_BACKOFF)
            .build();
    return Failsafe.with(retry).with(starter).getStageAsync(() -> attempt(request, key, failedOn));
  }

  private CompletableFuture<ChatResponse> attempt(
      ChatRequest request, String key, Set<Replica> failedOn) {
    if (closed) {
      return CompletableFuture.failedFuture(
          new NonRetriableException(
              "model " + id + " over " + replicas.size() + " replicas is closed"));
    }
    Replica r = claim(key, failedOn);
    if (r == null) {
      return CompletableFuture.failedFuture(noReplicaException());
    }
    int estimate = estimateTokens(request);
    Duration wait;
    try {
      wait = r.reserve(estimate);
    } catch (RuntimeException e) {
      wait = Duration.ZERO;
    }
    CompletableFuture<ChatResponse> call =
        wait.isZero()
            ? send(r, request)
            : CompletableFuture.runAsync(
                    () -> {},
                    CompletableFuture.delayedExecutor(wait.toNanos(), TimeUnit.NANOSECONDS))
                .thenCompose(v -> send(r, request));
    return call.whenComplete(
        (response, failure) -> settle(r, response, failure, estimate, failedOn));
  }

  private static CompletableFuture<ChatResponse> send(Replica r, ChatRequest request) {
    try {
      return r.model.chat(request);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private void settle(
      Replica r, ChatResponse response, Throwable failure, int estimate, Set<Replica> failedOn) {
    r.inFlight.decrementAndGet();
    if (failure == null) {
      r.calls.increment();
      r.breaker.recordSuccess();
      r.settleTokens(response.usage(), estimate);
      return;
    }
    r.failures.increment();
    Throwable t = ExceptionMapper.unwrap(failure);
    if (!retriable(t)) {
      // The replica answered; the request was at fault.
      r.breaker.recordSuccess();
      return;
    }
    failedOn.add(r);
    if (t instanceof ArbiterException a && a.status() == 429) {
      // Busy, not broken: rest it briefly rather than count towards ejection.
      r.coolDown(RATE_LIMITED_REST, System.nanoTime());
      r.breaker.recordSuccess();
    } else {
      r.breaker.recordFailure();
    }
  }

  /**
   * Picks a replica and takes its breaker permit and an in-flight slot; null when none can take the
   * call. Replicas this call failed on are avoided while others can take it.
   */
  private Replica claim(String key, Set<Replica> failedOn) {
    Set<Replica> refused = new HashSet<>();
    for (int tries = 0; tries < replicas.size() * 2; tries++) {
      long now = System.nanoTime();
      boolean fresh = replicas.stream().anyMatch(x -> available(x, now, refused, failedOn, true));
      int i = pick(key, x -> available(x, now, refused, failedOn, fresh));
      if (i < 0) {
        return null;
      }
      Replica r = replicas.get(i);
      if (r.breaker.tryAcquirePermit()) {
        r.inFlight.incrementAndGet();
        return r;
      }
      refused.add(r); // half-open and its probation calls are all out
    }
    return null;
  }

  private static boolean available(
      Replica r, long now, Set<Replica> refused, Set<Replica> failedOn, boolean avoidFailed) {
    return !refused.contains(r) && (!avoidFailed || !failedOn.contains(r)) && r.eligible(now);
  }

  private int pick(String key, java.util.function.Predicate<Replica> ok) {
    int n = replicas.size();
    return switch (policy) {
      case PREFIX_AFFINITY ->
          ring.pick(
              key, loadFactor, i -> ok.test(replicas.get(i)), i -> replicas.get(i).inFlight.get());
      case LEAST_OUTSTANDING -> {
        int start = Math.floorMod(nextTurn.getAndIncrement(), n);
        int best = -1;
        for (int s = 0; s < n; s++) {
          int i = (start + s) % n;
          Replica r = replicas.get(i);
          if (ok.test(r) && (best < 0 || r.inFlight.get() < replicas.get(best).inFlight.get())) {
            best = i;
          }
        }
        yield best;
      }
      case ROUND_ROBIN -> {
        int start = Math.floorMod(nextTurn.getAndIncrement(), n);
        int found = -1;
        for (int s = 0; s < n && found < 0; s++) {
          if (ok.test(replicas.get((start + s) % n))) {
            found = (start + s) % n;
          }
        }
        yield found;
      }
    };
  }

  private boolean untriedReplicaReady(Set<Replica> failedOn) {
    long now = System.nanoTime();
    return replicas.stream().anyMatch(r -> !failedOn.contains(r) && r.eligible(now));
  }

  private RetriableException noReplicaException() {
    long now = System.nanoTime();
    String why =
        replicas.stream()
            .map(r -> r.name + " (" + r.unavailableBecause(now) + ")")
            .collect(Collectors.joining(", "));
    return new RetriableException(
        "no replica of " + id + " can take calls now: " + why, null, -1, null, null);
  }

  private static boolean retriable(Throwable failure) {
    Throwable t = ExceptionMapper.unwrap(failure);
    return t instanceof ArbiterException a && a.retriable();
  }

  /** About 4 characters a token: a deliberate rough guess, corrected by the reported usage. */
  private static int estimateTokens(ChatRequest request) {
    long chars = 0;
    for (Message m : request.messages()) {
      chars += m.content().length();
    }
    return (int) Math.min(Integer.MAX_VALUE, chars / 4 + 1);
  }

  private void checkHealth() {
    for (Replica r : replicas) {
      if (closed || r.health.isEmpty()) {
        continue;
      }
      HttpRequest get = HttpRequest.newBuilder(r.health.get()).timeout(healthTimeout).GET().build();
      healthClient
          .sendAsync(get, HttpResponse.BodyHandlers.discarding())
          .whenComplete(
              (res, e) -> {
                if (e != null) {
                  Throwable t = ExceptionMapper.unwrap(e);
                  r.healthChecked(false, t.getClass().getSimpleName());
                } else {
                  r.healthChecked(res.statusCode() == 200, "HTTP " + res.statusCode());
                }
              });
    }
  }

  /** Stops the health checks and closes every replica; later calls fail not retriably. */
  @Override
  public void close() {
    closed = true;
    if (healthChecks != null) {
      healthChecks.shutdownNow();
      healthClient.shutdownNow();
    }
    for (Replica r : replicas) {
      r.model.close();
    }
    starter.close();
  }

  /** Names the model and its replicas; never an API key. */
  @Override
  public String toString() {
    return "RoutingJudgeModel[model="
        + id
        + ", policy="
        + policy
        + ", replicas="
        + replicas.stream().map(r -> r.name).toList()
        + "]";
  }

  private record ReplicaSpec(String name, JudgeModel model, Optional<URI> health) {}

  private record Rate(long permits, Duration per) {}

  /**
   * Builds a {@link RoutingJudgeModel}. Every setter validates at once and names the bad value.
   * Defaults: prefix affinity with load factor 1.25; health checks every 5 s (2 s time-out);
   * ejection after 3 failures in the last 5 calls, for 10 s, closed again after 2 successful
   * probation calls; 6 retries with backoff from 250 ms doubling up to 10 s; no rate limits.
   */
  public static final class Builder {
    private final List<ReplicaSpec> replicas = new ArrayList<>();
    private Policy policy = Policy.PREFIX_AFFINITY;
    private double loadFactor = 1.25;
    private Duration healthInterval = Duration.ofSeconds(5);
    private Duration healthTimeout = Duration.ofSeconds(2);
    private int breakerFailures = 3;
    private int breakerCalls = 5;
    private Duration ejectFor = Duration.ofSeconds(10);
    private int probationCalls = 2;
    private int maxRetries = 6;
    private Duration initialBackoff = Duration.ofMillis(250);
    private Duration maxBackoff = Duration.ofSeconds(10);
    private Optional<Rate> requestRate = Optional.empty();
    private Optional<Rate> tokenRate = Optional.empty();

    private Builder() {}

    /**
     * Adds a vLLM replica; its health is checked at {@code /health} on the server's root (the base
     * URL without {@code /v1}), as {@code vllm serve} answers it.
     */
    public Builder replica(VllmJudgeModel model) {
      Objects.requireNonNull(model, "model");
      String root =
          model.endpoint().replaceFirst("/chat/completions$", "").replaceFirst("/v1$", "");
      return replica(model.endpoint(), model, URI.create(root + "/health"));
    }

    /**
     * Adds a replica of any kind.
     *
     * @param name a unique, stable name (it places the replica on the hash ring and names it in
     *     messages); never put credentials in it
     * @param health a URL answering 200 while the replica is healthy, or null for none (then only
     *     failed calls eject it)
     */
    public Builder replica(String name, JudgeModel model, URI health) {
      if (name == null || name.isBlank()) {
        throw InvalidInputException.of(
            "replicas[" + replicas.size() + "].name", "must not be empty");
      }
      Objects.requireNonNull(model, "model");
      for (ReplicaSpec s : replicas) {
        if (s.name.equals(name)) {
          throw InvalidInputException.of(
              "replicas[" + replicas.size() + "]", "names " + name + " a second time");
        }
      }
      replicas.add(new ReplicaSpec(name, model, Optional.ofNullable(health)));
      return this;
    }

    /** How a replica is chosen; {@link Policy#PREFIX_AFFINITY} by default. */
    public Builder policy(Policy p) {
      this.policy = Objects.requireNonNull(p, "policy");
      return this;
    }

    /**
     * With prefix affinity: a replica takes calls for its keys while its calls in flight are below
     * {@code c} times the mean (plus one); 1 spreads evenly and forgets affinity under load, larger
     * values keep more affinity and allow more imbalance.
     */
    public Builder loadFactor(double c) {
      if (!(c >= 1.0) || Double.isInfinite(c)) {
        throw InvalidInputException.of("loadFactor", "must be a number >= 1 but was " + c);
      }
      this.loadFactor = c;
      return this;
    }

    /** How often each replica's health URL is checked; zero turns health checks off. */
    public Builder healthCheckEvery(Duration interval) {
      if (interval == null || interval.isNegative()) {
        throw InvalidInputException.of("healthCheckEvery", "must be >= 0 but was " + interval);
      }
      this.healthInterval = interval;
      return this;
    }

    /** The longest one health check may take before it counts as failed. */
    public Builder healthCheckTimeout(Duration timeout) {
      if (timeout == null || timeout.isNegative() || timeout.isZero()) {
        throw InvalidInputException.of("healthCheckTimeout", "must be > 0 but was " + timeout);
      }
      this.healthTimeout = timeout;
      return this;
    }

    /**
     * Ejects a replica when {@code failures} of its last {@code ofCalls} calls failed retriably,
     * for {@code ejectFor}; then {@code probationCalls} successful calls in a row re-admit it, and
     * one failure ejects it again.
     */
    public Builder ejection(int failures, int ofCalls, Duration ejectFor, int probationCalls) {
      if (failures < 1 || ofCalls < failures) {
        throw InvalidInputException.of(
            "ejection", "needs 1 <= failures <= ofCalls but was " + failures + " of " + ofCalls);
      }
      if (ejectFor == null || ejectFor.isNegative()) {
        throw InvalidInputException.of("ejection.ejectFor", "must be >= 0 but was " + ejectFor);
      }
      if (probationCalls < 1) {
        throw InvalidInputException.of(
            "ejection.probationCalls", "must be >= 1 but was " + probationCalls);
      }
      this.breakerFailures = failures;
      this.breakerCalls = ofCalls;
      this.ejectFor = ejectFor;
      this.probationCalls = probationCalls;
      return this;
    }

    /** How many times a call is tried again after a retriable failure (0 = never). */
    public Builder maxRetries(int n) {
      if (n < 0) {
        throw InvalidInputException.of("maxRetries", "must be >= 0 but was " + n);
      }
      this.maxRetries = n;
      return this;
    }

    /**
     * The wait before a retry when no other replica can take the call: {@code initial}, doubling up
     * to {@code max}, with 25% jitter. A retry on another replica does not wait.
     */
    public Builder retryBackoff(Duration initial, Duration max) {
      if (initial == null || initial.isNegative() || initial.isZero()) {
        throw InvalidInputException.of("retryBackoff.initial", "must be > 0 but was " + initial);
      }
      if (max == null || max.compareTo(initial) <= 0) {
        throw InvalidInputException.of(
            "retryBackoff.max", "must be > initial (" + initial + ") but was " + max);
      }
      this.initialBackoff = initial;
      this.maxBackoff = max;
      return this;
    }

    /** At most {@code requests} calls per {@code per} to each replica, spaced evenly. */
    public Builder requestRateLimit(long requests, Duration per) {
      this.requestRate = Optional.of(rate("requestRateLimit", requests, per));
      return this;
    }

    /**
     * At most {@code tokens} prompt + completion tokens per {@code per} to each replica, spaced
     * evenly (prompt tokens estimated before a call, completion tokens booked after it).
     */
    public Builder tokenRateLimit(long tokens, Duration per) {
      this.tokenRate = Optional.of(rate("tokenRateLimit", tokens, per));
      return this;
    }

    private static Rate rate(String field, long permits, Duration per) {
      if (permits < 1) {
        throw InvalidInputException.of(field, "must allow >= 1 per period but was " + permits);
      }
      if (per == null || per.isNegative() || per.isZero()) {
        throw InvalidInputException.of(field + ".per", "must be > 0 but was " + per);
      }
      return new Rate(permits, per);
    }

    /**
     * Creates the model and starts its health checks (close it to stop them).
     *
     * @throws InvalidInputException with no replica, or replicas serving different models or
     *     disagreeing on {@code supportsN}
     */
    public RoutingJudgeModel build() {
      if (replicas.isEmpty()) {
        throw InvalidInputException.of("replicas", "at least one replica is required");
      }
      JudgeModel first = replicas.get(0).model;
      for (int i = 1; i < replicas.size(); i++) {
        JudgeModel m = replicas.get(i).model;
        if (!m.id().equals(first.id()) || m.supportsN() != first.supportsN()) {
          throw InvalidInputException.of(
              "replicas[" + i + "]",
              "must be a replica of "
                  + first.id()
                  + " (supportsN "
                  + first.supportsN()
                  + ") but serves "
                  + m.id()
                  + " (supportsN "
                  + m.supportsN()
                  + ")");
        }
      }
      return new RoutingJudgeModel(this);
    }
  }
}
