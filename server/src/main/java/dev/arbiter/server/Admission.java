package dev.arbiter.server;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * Bounds the judgements the server holds: at most {@code running} at once, at most {@code queue}
 * more waiting. A request that cannot get its places in the queue is refused at once (429), never
 * queued without bound.
 */
final class Admission {
  private final int capacity;
  private final Semaphore places;
  private final Semaphore running;

  Admission(int running, int queue) {
    this.capacity = running + queue;
    this.places = new Semaphore(capacity);
    this.running = new Semaphore(running);
  }

  /** The most judgements one request can ask for. */
  int capacity() {
    return capacity;
  }

  /** Takes {@code n} places if they are free now; false when the server is full. */
  boolean tryEnter(int n) {
    return places.tryAcquire(n);
  }

  /** Takes one place, waiting for it (a streamed batch is slowed down, not refused). */
  void enter() throws InterruptedException {
    places.acquire();
  }

  /** Gives back places taken by {@link #tryEnter} or {@link #enter}. */
  void leave(int n) {
    places.release(n);
  }

  /** Judgements waiting for a running slot or running, for the queue gauge. */
  int held() {
    return capacity - places.availablePermits();
  }

  /**
   * Runs one judgement once a running slot is free; the calling (virtual) thread waits for the
   * slot. The slot is given back when the judgement completes.
   */
  <T> CompletableFuture<T> run(Supplier<CompletableFuture<T>> work) throws InterruptedException {
    running.acquire();
    CompletableFuture<T> f;
    try {
      f = work.get();
    } catch (RuntimeException e) {
      running.release();
      throw e;
    }
    return f.whenComplete((v, e) -> running.release());
  }
}
