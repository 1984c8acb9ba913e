package dev.arbiter.core.ensemble;

import dev.arbiter.core.Judge;
import dev.arbiter.core.JudgeRequest;
import dev.arbiter.core.Usage;
import dev.arbiter.core.Verdict;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** What panels and cascades share: asking a member judge without letting it throw. */
final class Stages {
  private Stages() {}

  /**
   * The member's verdict; a judge that throws (it should not, but it may be a user's) gives an
   * ERROR verdict naming the exception, so one member never sinks the others.
   */
  static CompletableFuture<Verdict> judgeSafely(Judge judge, JudgeRequest request) {
    CompletableFuture<Verdict> f;
    try {
      f = judge.judgeAsync(request);
    } catch (RuntimeException e) {
      f = CompletableFuture.failedFuture(e);
    }
    return f.exceptionally(
        e -> {
          Throwable cause =
              e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
          String message = cause.getMessage() == null ? "" : ": " + cause.getMessage();
          return Verdict.error(
              request.id(),
              request.mode(),
              cause.getClass().getSimpleName() + message,
              judge.provenance(),
              Usage.ZERO);
        });
  }
}
