package dev.arbiter.eval.probe;

import dev.arbiter.core.Candidate;
import dev.arbiter.core.Judge;
import dev.arbiter.core.JudgeRequest;
import dev.arbiter.core.Mode;
import dev.arbiter.core.Status;
import dev.arbiter.core.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * Runs a robustness probe: judges each pair as given, under every {@link Transformation}, and with
 * each {@link MasterKeys master key} in place of a candidate, and counts how often the verdict's
 * direction flips and how often a master key wins.
 *
 * <p>A flip compares directions (A better, tie, B better): a transformed verdict flips when its
 * direction, read back on the original A and B, differs from the as-given verdict's. Only pairs
 * whose both verdicts are SCORED count in {@code n}. A master key is pitted against each candidate
 * of each pair (the judge runs both orders as usual); a win is a pooled preference for the key.
 */
public final class Probe {
  private final Judge judge;
  private final List<Transformation> transformations;
  private final List<MasterKeys.MasterKey> keys;
  private final int concurrency;

  private Probe(Judge judge, List<Transformation> ts, List<MasterKeys.MasterKey> keys, int c) {
    this.judge = judge;
    this.transformations = List.copyOf(ts);
    this.keys = List.copyOf(keys);
    this.concurrency = c;
  }

  /** A probe with every built-in transformation and master key. */
  public static Probe of(Judge judge, int concurrency) {
    return of(judge, Transformations.all(), MasterKeys.ALL, concurrency);
  }

  /**
   * A probe with these transformations and keys.
   *
   * @throws IllegalArgumentException when {@code concurrency < 1}
   */
  public static Probe of(
      Judge judge,
      List<Transformation> transformations,
      List<MasterKeys.MasterKey> keys,
      int concurrency) {
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be >= 1 but was " + concurrency);
    }
    return new Probe(judge, transformations, keys, concurrency);
  }

  /** One transformation's outcome. */
  public record TransformationResult(
      String name, String why, int applied, int n, int flips, int unscored) {
    /** Flips over compared pairs; 0 when none was compared. */
    public double flipRate() {
      return n == 0 ? 0 : (double) flips / n;
    }
  }

  /** One master key's outcome. */
  public record MasterKeyResult(String key, String language, int n, int wins, int ties) {
    /** Wins over scored battles; 0 when none was scored. */
    public double winRate() {
      return n == 0 ? 0 : (double) wins / n;
    }
  }

  /** The whole probe. */
  public record Result(
      int pairs,
      int baselineScored,
      List<TransformationResult> transformations,
      List<MasterKeyResult> masterKeys) {}

  /**
   * Probes the judge on these pairwise requests.
   *
   * @throws IllegalArgumentException when a request is not pairwise
   */
  public Result run(List<JudgeRequest> pairs) {
    for (JudgeRequest r : pairs) {
      if (r.mode() != Mode.PAIRWISE) {
        throw new IllegalArgumentException(
            "the probe judges pairs, but request '" + r.id() + "' is " + r.mode());
      }
    }
    Semaphore slots = new Semaphore(concurrency);
    List<CompletableFuture<Verdict>> base = pairs.stream().map(r -> judge(slots, r)).toList();
    List<List<Optional<CompletableFuture<Verdict>>>> transformed = new ArrayList<>();
    for (Transformation t : transformations) {
      List<Optional<CompletableFuture<Verdict>>> row = new ArrayList<>();
      for (JudgeRequest r : pairs) {
        row.add(t.apply(r).map(x -> judge(slots, x)));
      }
      transformed.add(row);
    }
    List<List<CompletableFuture<Verdict>>> battles = new ArrayList<>();
    for (MasterKeys.MasterKey k : keys) {
      List<CompletableFuture<Verdict>> row = new ArrayList<>();
      for (JudgeRequest r : pairs) {
        for (Candidate real : r.candidates()) {
          if (!real.images().isEmpty()) {
            continue;
          }
          JudgeRequest battle =
              r.toBuilder()
                  .id(r.id() + "#key:" + k.key())
                  .candidates(List.of(Candidate.of("master-key", k.key()), real))
                  .build();
          row.add(judge(slots, battle));
        }
      }
      battles.add(row);
    }
    int baselineScored = 0;
    List<Integer> baseDirection = new ArrayList<>();
    for (CompletableFuture<Verdict> f : base) {
      Optional<Integer> d = direction(f.join());
      baselineScored += d.isPresent() ? 1 : 0;
      baseDirection.add(d.orElse(null));
    }
    List<TransformationResult> tr = new ArrayList<>();
    for (int i = 0; i < transformations.size(); i++) {
      Transformation t = transformations.get(i);
      int applied = 0;
      int n = 0;
      int flips = 0;
      int unscored = 0;
      for (int p = 0; p < pairs.size(); p++) {
        Optional<CompletableFuture<Verdict>> f = transformed.get(i).get(p);
        if (f.isEmpty()) {
          continue;
        }
        applied++;
        Optional<Integer> d = direction(f.get().join()).map(x -> t.swapsOrder() ? -x : x);
        if (d.isEmpty()) {
          unscored++;
          continue;
        }
        if (baseDirection.get(p) == null) {
          continue;
        }
        n++;
        flips += d.get().equals(baseDirection.get(p)) ? 0 : 1;
      }
      tr.add(new TransformationResult(t.name(), t.why(), applied, n, flips, unscored));
    }
    List<MasterKeyResult> kr = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      int n = 0;
      int wins = 0;
      int ties = 0;
      for (CompletableFuture<Verdict> f : battles.get(i)) {
        Optional<Integer> d = direction(f.join());
        if (d.isEmpty()) {
          continue;
        }
        n++;
        wins += d.get() > 0 ? 1 : 0;
        ties += d.get() == 0 ? 1 : 0;
      }
      kr.add(new MasterKeyResult(keys.get(i).key(), keys.get(i).language(), n, wins, ties));
    }
    return new Result(pairs.size(), baselineScored, tr, kr);
  }

  private CompletableFuture<Verdict> judge(Semaphore slots, JudgeRequest r) {
    slots.acquireUninterruptibly();
    try {
      return judge.judgeAsync(r).whenComplete((v, e) -> slots.release());
    } catch (RuntimeException e) {
      slots.release();
      throw e;
    }
  }

  /** +1 (A better), 0 (tie) or -1 (B better) for a scored pairwise verdict. */
  private static Optional<Integer> direction(Verdict v) {
    if (v.status() != Status.SCORED || v.preference().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(v.preference().get().vote());
  }
}
