package dev.arbiter.vllm;

import dev.arbiter.core.model.ChatResponse;
import dev.arbiter.core.model.JudgeModel;
import dev.arbiter.core.model.TokenUsage;
import dev.failsafe.CircuitBreaker;
import dev.failsafe.RateLimiter;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * One replica behind a {@link RoutingJudgeModel}: its model, its circuit breaker (passive ejection
 * on failures), its last health-check result (active ejection), its rate limiters, a Retry-After
 * cool-down, and its counters. Thread-safe.
 */
final class Replica {
  final String name;
  final JudgeModel model;
  final Optional<URI> health;
  final CircuitBreaker<ChatResponse> breaker;
  private final Optional<RateLimiter<ChatResponse>> requestLimit;
  private final Optional<RateLimiter<ChatResponse>> tokenLimit;

  final AtomicInteger inFlight = new AtomicInteger();
  final LongAdder calls = new LongAdder();
  final LongAdder failures = new LongAdder();
  final LongAdder promptTokens = new LongAdder();
  final LongAdder cachedPromptTokens = new LongAdder();
  final LongAdder completionTokens = new LongAdder();
  private volatile boolean healthy = true;
  private volatile String healthProblem = "";
  private volatile long coolUntilNanos = System.nanoTime();

  Replica(
      String name,
      JudgeModel model,
      Optional<URI> health,
      CircuitBreaker<ChatResponse> breaker,
      Optional<RateLimiter<ChatResponse>> requestLimit,
      Optional<RateLimiter<ChatResponse>> tokenLimit) {
    this.name = name;
    this.model = model;
    this.health = health;
    this.breaker = breaker;
    this.requestLimit = requestLimit;
    this.tokenLimit = tokenLimit;
  }

  /** Whether a call may be routed here now (it still has to get a breaker permit). */
  boolean eligible(long nowNanos) {
    return healthy && nowNanos - coolUntilNanos >= 0 && breakerAdmits();
  }

  private boolean breakerAdmits() {
    // An open breaker turns half-open on the next permit request once its delay has passed.
    return breaker.isClosed() || breaker.isHalfOpen() || breaker.getRemainingDelay().isZero();
  }

  RoutingJudgeModel.ReplicaState state() {
    if (!healthy) {
      return RoutingJudgeModel.ReplicaState.EJECTED;
    }
    if (breaker.isClosed()) {
      return RoutingJudgeModel.ReplicaState.UP;
    }
    return breaker.isHalfOpen() || breaker.getRemainingDelay().isZero()
        ? RoutingJudgeModel.ReplicaState.PROBING
        : RoutingJudgeModel.ReplicaState.EJECTED;
  }

  /** Why the replica takes no calls now, for the message when none can. */
  String unavailableBecause(long nowNanos) {
    if (!healthy) {
      return "health check failed: " + healthProblem;
    }
    if (nowNanos - coolUntilNanos < 0) {
      return "asked to retry later (HTTP 429)";
    }
    if (!breakerAdmits()) {
      return "ejected after "
          + breaker.getFailureCount()
          + " failures, back on probation in "
          + breaker.getRemainingDelay().toMillis()
          + " ms";
    }
    return "busy with its probation calls";
  }

  /**
   * Takes this call's permits from the rate limiters: one request and {@code tokens} (the prompt's
   * estimate). Returns how long the call must wait before it is sent; the permits are reserved
   * either way, so waiting calls queue in order.
   */
  Duration reserve(int tokens) {
    Duration wait = requestLimit.map(l -> l.reservePermits(1)).orElse(Duration.ZERO);
    if (tokens > 0 && tokenLimit.isPresent()) {
      Duration t = tokenLimit.get().reservePermits(tokens);
      wait = t.compareTo(wait) > 0 ? t : wait;
    }
    return wait;
  }

  /**
   * Books what the server reported beyond the estimate reserved before the call, so the token limit
   * counts completion tokens too: the next calls wait for them.
   */
  void settleTokens(TokenUsage usage, int reserved) {
    promptTokens.add(usage.promptTokens());
    cachedPromptTokens.add(usage.cachedPromptTokens());
    completionTokens.add(usage.completionTokens());
    long extra = usage.promptTokens() + usage.completionTokens() - reserved;
    if (extra > 0 && tokenLimit.isPresent()) {
      tokenLimit.get().reservePermits((int) Math.min(Integer.MAX_VALUE, extra));
    }
  }

  void coolDown(Duration d, long nowNanos) {
    coolUntilNanos = nowNanos + d.toNanos();
  }

  /** Records a health-check result: a failed check ejects, a passing one re-admits on probation. */
  void healthChecked(boolean ok, String problem) {
    if (ok) {
      healthProblem = "";
      if (!healthy && breaker.isOpen()) {
        // Back after a failed check: probation calls decide, without waiting out the breaker's
        // delay. A breaker opened by failed calls alone keeps its delay: /health can pass while
        // completions fail.
        breaker.halfOpen();
      }
      healthy = true;
    } else {
      healthProblem = problem;
      healthy = false;
    }
  }

  RoutingJudgeModel.ReplicaStatus status() {
    return new RoutingJudgeModel.ReplicaStatus(
        name,
        state(),
        inFlight.get(),
        calls.sum(),
        failures.sum(),
        promptTokens.sum(),
        cachedPromptTokens.sum(),
        completionTokens.sum());
  }
}
