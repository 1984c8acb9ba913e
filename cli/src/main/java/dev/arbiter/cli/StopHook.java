package dev.arbiter.cli;

import dev.arbiter.eval.batch.BatchRunner;
import dev.arbiter.eval.batch.BatchSummary;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Wires SIGINT / SIGTERM to a batch's graceful stop: the JVM's shutdown hook asks the runner to
 * stop reading, then waits (up to a minute) until in-flight judgements are written and flushed.
 */
final class StopHook {
  private StopHook() {}

  /** The body of a batch run. */
  @FunctionalInterface
  interface Run {
    BatchSummary run() throws Exception;
  }

  static BatchSummary runWithHook(BatchRunner runner, Run body) throws Exception {
    CountDownLatch finished = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              runner.requestStop();
              try {
                finished.await(60, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "arbiter-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return body.run();
    } finally {
      finished.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // Already shutting down: the hook is running and now returns.
      }
    }
  }
}
