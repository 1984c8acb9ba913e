package dev.arbiter.core.model;

import dev.arbiter.core.InvalidInputException;
import dev.failsafe.Bulkhead;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** Wrappers around {@link JudgeModel}s. */
public final class JudgeModels {
  private JudgeModels() {}

  /**
   * Limits how many calls may be in flight to {@code model} at once. Further calls queue in arrival
   * order without blocking the caller: the returned future completes once a slot has freed and the
   * call itself has completed.
   *
   * @throws InvalidInputException when {@code maxInFlight < 1}
   */
  public static JudgeModel bounded(JudgeModel model, int maxInFlight) {
    if (maxInFlight < 1) {
      throw InvalidInputException.of("maxInFlight", "must be >= 1 but was " + maxInFlight);
    }
    return new Bounded(model, maxInFlight);
  }

  /**
   * Stops calling {@code model} once the calls it answered have reported {@code tokens} prompt +
   * completion tokens: every later call fails with {@link TokenBudgetExceededException} (not
   * retriable, so no retry loop repeats it). Calls already sent complete, so the budget can be
   * overrun by what was in flight. {@code onSpent} runs once, at the first refusal: a batch job
   * points it at its graceful stop.
   *
   * @throws InvalidInputException when {@code tokens < 1}
   */
  public static JudgeModel withTokenBudget(JudgeModel model, long tokens, Runnable onSpent) {
    if (tokens < 1) {
      throw InvalidInputException.of("tokenBudget", "must be >= 1 but was " + tokens);
    }
    return new Budgeted(model, tokens, onSpent);
  }

  /** Passes everything but {@link #chat} to the wrapped model. */
  private abstract static class Forwarding implements JudgeModel {
    final JudgeModel delegate;

    Forwarding(JudgeModel delegate) {
      this.delegate = delegate;
    }

    @Override
    public String id() {
      return delegate.id();
    }

    @Override
    public Optional<String> revision() {
      return delegate.revision();
    }

    @Override
    public java.util.Map<String, Object> extraBody() {
      return delegate.extraBody();
    }

    @Override
    public boolean supportsN() {
      return delegate.supportsN();
    }

    @Override
    public boolean supportsImages() {
      return delegate.supportsImages();
    }

    @Override
    public void close() {
      delegate.close();
    }
  }

  private static final class Budgeted extends Forwarding {
    private final long budget;
    private final Runnable onSpent;
    private final AtomicLong used = new AtomicLong();
    private final AtomicBoolean told = new AtomicBoolean();

    Budgeted(JudgeModel delegate, long budget, Runnable onSpent) {
      super(delegate);
      this.budget = budget;
      this.onSpent = onSpent;
    }

    @Override
    public CompletableFuture<ChatResponse> chat(ChatRequest request) {
      long spent = used.get();
      if (spent >= budget) {
        if (told.compareAndSet(false, true)) {
          try {
            onSpent.run();
          } catch (RuntimeException e) {
            // The listener's failure must not change this call's outcome.
          }
        }
        return CompletableFuture.failedFuture(
            new TokenBudgetExceededException(delegate.id(), budget, spent));
      }
      CompletableFuture<ChatResponse> f;
      try {
        f = delegate.chat(request);
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
      return f.whenComplete(
          (r, e) -> {
            if (r != null) {
              used.addAndGet(r.usage().promptTokens() + r.usage().completionTokens());
            }
          });
    }

    @Override
    public String toString() {
      return delegate + " (token budget " + budget + ")";
    }
  }

  /**
   * A Failsafe bulkhead (no dependencies of its own) in place of a hand-written semaphore: waiters
   * queue on futures, not on threads.
   */
  private static final class Bounded extends Forwarding {
    // Waiting is bounded by the calls ahead in the queue, not by a clock; the bulkhead wants a
    // finite wait, so it gets one no judgement lives to see.
    private static final Duration WAIT_FOREVER = Duration.ofDays(365);

    private final FailsafeExecutor<ChatResponse> bulkhead;

    Bounded(JudgeModel delegate, int max) {
      super(delegate);
      this.bulkhead =
          Failsafe.with(Bulkhead.<ChatResponse>builder(max).withMaxWaitTime(WAIT_FOREVER).build());
    }

    @Override
    public CompletableFuture<ChatResponse> chat(ChatRequest request) {
      return bulkhead.getStageAsync(() -> delegate.chat(request));
    }
  }
}
