package dev.arbiter.core.ensemble;

import dev.arbiter.core.Composition;
import dev.arbiter.core.Judge;
import dev.arbiter.core.JudgeRequest;
import dev.arbiter.core.Provenance;
import dev.arbiter.core.Usage;
import dev.arbiter.core.Verdict;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Counts what a {@link Cascade} did over a run: how many records each stage decided, what each
 * stage spent, and what the cheap stage saved. Thread-safe. Verdicts that are not a cascade's are
 * ignored, so wrapping any judge is harmless.
 *
 * <p>Saving is estimated, since the strong judge never saw the records the cheap one decided: it is
 * those records times the strong stage's mean tokens (and calls) per record it did judge.
 */
public final class CascadeTally {
  private long records;
  private long strongDecided;
  private Usage cheapUsage = Usage.ZERO;
  private Usage strongUsage = Usage.ZERO;

  private CascadeTally() {}

  public static CascadeTally create() {
    return new CascadeTally();
  }

  /** {@code judge}, with every verdict it gives counted here. */
  public Judge observe(Judge judge) {
    return new Judge() {
      @Override
      public CompletableFuture<Verdict> judgeAsync(JudgeRequest request) {
        return judge
            .judgeAsync(request)
            .thenApply(
                v -> {
                  add(v);
                  return v;
                });
      }

      @Override
      public Provenance provenance() {
        return judge.provenance();
      }
    };
  }

  /** Counts one verdict (a no-op unless a cascade gave it). */
  public synchronized void add(Verdict v) {
    Optional<Composition> c = v.composition();
    if (c.isEmpty() || c.get().kind() != Composition.Kind.CASCADE) {
      return;
    }
    records++;
    var members = c.get().members();
    cheapUsage = cheapUsage.plus(members.get(0).verdict().usage());
    if (members.size() > 1) {
      strongDecided++;
      strongUsage = strongUsage.plus(members.get(1).verdict().usage());
    }
  }

  /** Records a cascade judged. */
  public synchronized long records() {
    return records;
  }

  /** Records the strong stage judged. */
  public synchronized long strongDecided() {
    return strongDecided;
  }

  /** What the cheap stage spent. */
  public synchronized Usage cheapUsage() {
    return cheapUsage;
  }

  /** What the strong stage spent. */
  public synchronized Usage strongUsage() {
    return strongUsage;
  }

  /** Strong-stage tokens the cheap decisions saved (estimated; 0 until the strong stage ran). */
  public synchronized long strongTokensSaved() {
    if (strongDecided == 0) {
      return 0;
    }
    return Math.round(
        (double) strongUsage.totalTokens() / strongDecided * (records - strongDecided));
  }

  /** The summary lines for a run; empty when no cascade verdict was counted. */
  public synchronized Optional<String> render() {
    if (records == 0) {
      return Optional.empty();
    }
    long cheapDecided = records - strongDecided;
    String perStrong =
        strongDecided == 0
            ? "the strong stage ran on no record, so nothing to estimate the saving from"
            : String.format(
                Locale.ROOT,
                "est. strong-judge tokens saved %d (%d records × %.0f tokens per strong record),"
                    + " strong calls saved %d",
                strongTokensSaved(),
                cheapDecided,
                (double) strongUsage.totalTokens() / strongDecided,
                Math.round((double) strongUsage.calls() / strongDecided * cheapDecided));
    return Optional.of(
        String.format(
            Locale.ROOT,
            "  cascade     strong judge decided %d of %d records (%.1f %%), cheap judge %d;"
                + " tokens cheap %d, strong %d%n              %s",
            strongDecided,
            records,
            100.0 * strongDecided / records,
            cheapDecided,
            cheapUsage.totalTokens(),
            strongUsage.totalTokens(),
            perStrong));
  }
}
