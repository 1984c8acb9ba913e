package dev.arbiter.vllm;

import dev.failsafe.spi.Scheduler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A Failsafe scheduler for tests: it records every wait a retry asked for and runs the attempt at
 * once (or when {@code gate} says so), so that retry tests run in milliseconds and can assert the
 * exact waits.
 */
final class RecordingScheduler implements Scheduler {
  final List<Duration> waits = new CopyOnWriteArrayList<>();
  private final Function<Duration, CompletableFuture<Void>> gate;

  RecordingScheduler() {
    this(d -> CompletableFuture.completedFuture(null));
  }

  /** {@code gate} decides when a retry that waits runs (first attempts run at once). */
  RecordingScheduler(Function<Duration, CompletableFuture<Void>> gate) {
    this.gate = gate;
  }

  @Override
  public ScheduledFuture<?> schedule(Callable<?> callable, long delay, TimeUnit unit) {
    Duration wait = Duration.ofNanos(unit.toNanos(delay));
    CompletableFuture<Void> open;
    if (wait.isZero()) {
      open = CompletableFuture.completedFuture(null);
    } else {
      waits.add(wait);
      open = gate.apply(wait);
    }
    CompletableFuture<Object> run =
        open.thenApplyAsync(
            v -> {
              try {
                return callable.call();
              } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
              }
            });
    return new Scheduled(run);
  }

  private record Scheduled(CompletableFuture<Object> run) implements ScheduledFuture<Object> {
    @Override
    public long getDelay(TimeUnit unit) {
      return 0;
    }

    @Override
    public int compareTo(Delayed o) {
      return 0;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      return run.cancel(mayInterruptIfRunning);
    }

    @Override
    public boolean isCancelled() {
      return run.isCancelled();
    }

    @Override
    public boolean isDone() {
      return run.isDone();
    }

    @Override
    public Object get() throws InterruptedException, ExecutionException {
      return run.get();
    }

    @Override
    public Object get(long timeout, TimeUnit unit)
        throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
      return run.get(timeout, unit);
    }
  }
}
