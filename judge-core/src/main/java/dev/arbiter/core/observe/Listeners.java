package dev.arbiter.core.observe;

import dev.arbiter.core.JudgeRequest;
import dev.arbiter.core.Sample;
import dev.arbiter.core.Verdict;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/** Calls several listeners; one that throws is skipped for that event and never fails a judge. */
final class Listeners implements JudgeListener {
  static final JudgeListener NONE = new JudgeListener() {};

  private final List<JudgeListener> listeners;

  Listeners(List<JudgeListener> listeners) {
    this.listeners = listeners;
  }

  private void each(Consumer<JudgeListener> event) {
    for (JudgeListener l : listeners) {
      try {
        event.accept(l);
      } catch (RuntimeException e) {
        // Observing must never change a verdict: a broken listener only loses this event.
      }
    }
  }

  @Override
  public void onRequest(JudgeRequest request) {
    each(l -> l.onRequest(request));
  }

  @Override
  public void onSample(JudgeRequest request, Sample sample) {
    each(l -> l.onSample(request, sample));
  }

  @Override
  public void onError(JudgeRequest request, Throwable error) {
    each(l -> l.onError(request, error));
  }

  @Override
  public void onVerdict(JudgeRequest request, Verdict verdict, Duration elapsed) {
    each(l -> l.onVerdict(request, verdict, elapsed));
  }
}
