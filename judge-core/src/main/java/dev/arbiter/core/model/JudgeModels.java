package dev.arbiter.core.model;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/** Wrappers around {@link JudgeModel}s. */
public final class JudgeModels {
  private JudgeModels() {}

  /**
   * Limits how many calls may be in flight to {@code model} at once; further calls wait (the
   * waiting thread blocks, which costs nothing on a virtual thread).
   */
  public static JudgeModel bounded(JudgeModel model, int maxInFlight) {
    if (maxInFlight < 1) {
      throw dev.arbiter.core.InvalidInputException.of(
          "maxInFlight", "must be >= 1 but was " + maxInFlight);
    }
    return new Bounded(model, maxInFlight);
  }

  private static final class Bounded implements JudgeModel {
    private final JudgeModel delegate;
    private final Semaphore permits;

    Bounded(JudgeModel delegate, int max) {
      this.delegate = delegate;
      this.permits = new Semaphore(max, true);
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
    public CompletableFuture<ChatResponse> chat(ChatRequest request) {
      try {
        permits.acquire();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return CompletableFuture.failedFuture(e);
      }
      CompletableFuture<ChatResponse> f;
      try {
        f = delegate.chat(request);
      } catch (RuntimeException e) {
        permits.release();
        return CompletableFuture.failedFuture(e);
      }
      return f.whenComplete((r, e) -> permits.release());
    }

    @Override
    public void close() {
      delegate.close();
    }
  }
}
