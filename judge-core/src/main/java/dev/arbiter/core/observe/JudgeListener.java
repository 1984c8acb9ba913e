package dev.arbiter.core.observe;

import dev.arbiter.core.JudgeRequest;
import dev.arbiter.core.Sample;
import dev.arbiter.core.Verdict;
import java.time.Duration;

/**
 * Observes a {@link dev.arbiter.core.Judge} at work: a request starts, each sample is drawn and
 * parsed, a judgement fails, a verdict is made. Register one with {@code
 * Judge.builder().listener(...)}; metrics (Micrometer), traces (OpenTelemetry) and logs bind here.
 *
 * <p>Every method has an empty default, so a listener implements only what it needs. Methods are
 * called on the thread that completes the stage (often a model client's thread or a virtual
 * thread), concurrently for concurrent requests: they must be thread-safe and quick. A listener
 * that throws is ignored for that event; it never changes or fails a judgement.
 *
 * <p>Per request the order is: {@link #onRequest}, then {@link #onSample} for each sample (from the
 * cache or the model), then {@link #onError} if the judgement failed, and last {@link #onVerdict}
 * (also for an ERROR verdict).
 */
public interface JudgeListener {

  /** A judgement of {@code request} starts. */
  default void onRequest(JudgeRequest request) {}

  /**
   * A sample of {@code request} was drawn and parsed; {@link Sample#cached()} says whether the
   * model was paid for it, {@link Sample#judgement()} whether it could be scored.
   */
  default void onSample(JudgeRequest request, Sample sample) {}

  /** The judgement of {@code request} failed; an ERROR verdict follows. */
  default void onError(JudgeRequest request, Throwable error) {}

  /** The verdict on {@code request}, made {@code elapsed} after {@link #onRequest}. */
  default void onVerdict(JudgeRequest request, Verdict verdict, Duration elapsed) {}

  /** A listener that does nothing. */
  static JudgeListener none() {
    return Listeners.NONE;
  }

  /** One listener calling each of {@code listeners} in order, each shielded from the others. */
  static JudgeListener of(java.util.List<? extends JudgeListener> listeners) {
    return listeners.isEmpty() ? none() : new Listeners(java.util.List.copyOf(listeners));
  }
}
