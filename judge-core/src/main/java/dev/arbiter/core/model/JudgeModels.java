package dev.arbiter.core.model;

import dev.arbiter.core.InvalidInputException;
import dev.failsafe.Bulkhead;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

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
   * A Failsafe bulkhead (no dependencies of its own) in place of a hand-written semaphore: waiters
   * queue on futures, not on threads.
   */
  private static final class Bounded implements JudgeModel {
    // Waiting is bounded by the calls ahead in the queue, not by a clock; the bulkhead wants a
    // finite wait, so it gets one no judgement lives to see.
    private static final Duration WAIT_FOREVER = Duration.ofDays(365);

    private final JudgeModel delegate;
    private final FailsafeExecutor<ChatResponse> bulkhead;

    Bounded(JudgeModel delegate, int max) {
      this.delegate = delegate;
      this.bulkhead =
          Failsafe.with(Bulkhead.<ChatResponse>builder(max).withMaxWaitTime(WAIT_FOREVER).build());
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
    public boolean supportsN() {
      return delegate.supportsN();
    }

    @Override
    public CompletableFuture<ChatResponse> chat(ChatRequest request) {
      return bulkhead.getStageAsync(() -> delegate.chat(request));
    }

    @Override
    public void close() {
      delegate.close();
    }
  }
}
