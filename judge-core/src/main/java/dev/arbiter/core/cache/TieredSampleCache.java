package dev.arbiter.core.cache;

import dev.arbiter.core.InvalidInputException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * A two-level sample cache: a bounded in-memory Caffeine cache (L1) in front of an optional durable
 * {@link VerdictStore} (L2: SQLite on one machine, Redis shared by many). A lookup tries L1, then
 * L2 (and keeps what L2 had in L1); a put writes both. Thread-safe; share one per process.
 *
 * {@snippet :
 * TieredSampleCache cache = TieredSampleCache.builder()
 *     .maximumSize(50_000)                       // L1 entries (default 10 000)
 *     .expireAfterWrite(Duration.ofHours(6))     // L1 only; default: no expiry
 *     .store(VerdictStores.open("redis://127.0.0.1:6379"))   // optional L2
 *     .build();
 * Judge judge = Judge.builder().model(model).protocol(protocol).cache(cache).build();
 * System.out.println(cache.stats());
 * }
 *
 * <p>Failure behaviour: a store that cannot be read makes {@link #get} throw (the judgement becomes
 * an ERROR verdict) — never a silent miss. A stored entry is validated when read: one that is not a
 * cached sample (corrupt, written by something else, JSON {@code null}, or {@code {}}) or holds an
 * empty or cut-off output is a miss, counted in {@link Stats#corruptEntries()} and described by
 * {@link #lastCorruptEntry()}; the sample is then fetched again and its put overwrites the entry.
 * Only {@linkplain CachedSample#complete() complete} samples are ever put. A failed write to the
 * store is not thrown (the judge must not lose a sample it paid for, and the pipeline completes its
 * waiters after {@code put}); it is counted in {@link Stats#storeWriteErrors()} and kept in {@link
 * #lastStoreError()} so that summaries can show it. The store is not closed by the cache: whoever
 * opened it closes it.
 */
public interface TieredSampleCache extends SampleCache {

  /** Hit and miss counters since the cache was built. */
  Stats stats();

  /** The last failed write to the store, if any. */
  Optional<RuntimeException> lastStoreError();

  /** What was wrong with the last stored entry that was read as a miss, if any. */
  Optional<String> lastCorruptEntry();

  /** A description of the levels, e.g. "caffeine(10000) + redis://127.0.0.1:6391". */
  String describe();

  static Builder builder() {
    return new Builder();
  }

  /**
   * Counters of a {@link TieredSampleCache}.
   *
   * @param memoryHits lookups answered by L1
   * @param storeHits lookups answered by the store (L2)
   * @param misses lookups answered by neither
   * @param puts samples stored
   * @param storeWriteErrors writes to the store that failed (the sample stayed in L1)
   * @param corruptEntries stored entries that were not usable samples (each also counts as a miss)
   */
  record Stats(
      long memoryHits,
      long storeHits,
      long misses,
      long puts,
      long storeWriteErrors,
      long corruptEntries) {
    /** Counters without corrupt entries. */
    public Stats(long memoryHits, long storeHits, long misses, long puts, long storeWriteErrors) {
      this(memoryHits, storeHits, misses, puts, storeWriteErrors, 0);
    }

    /** All lookups. */
    public long lookups() {
      return memoryHits + storeHits + misses;
    }

    /** Hits (either level) over lookups; 0 when nothing was looked up. */
    public double hitRate() {
      long n = lookups();
      return n == 0 ? 0.0 : (double) (memoryHits + storeHits) / n;
    }
  }

  /** Builds a {@link TieredSampleCache}; validates eagerly and names the bad value. */
  final class Builder {
    long maximumSize = 10_000;
    Duration expireAfterWrite;
    VerdictStore store;
    LongSupplier ticker;

    private Builder() {}

    /** The most samples L1 holds (default 10 000); 0 turns L1 off. */
    public Builder maximumSize(long size) {
      if (size < 0) {
        throw InvalidInputException.of("maximumSize", "must be >= 0 but was " + size);
      }
      this.maximumSize = size;
      return this;
    }

    /** How long a sample stays in L1 after it was written (default: until evicted by size). */
    public Builder expireAfterWrite(Duration ttl) {
      Objects.requireNonNull(ttl, "ttl");
      if (ttl.isNegative() || ttl.isZero()) {
        throw InvalidInputException.of("expireAfterWrite", "must be > 0 but was " + ttl);
      }
      this.expireAfterWrite = ttl;
      return this;
    }

    /** The durable store behind L1 (default: none, memory only). */
    public Builder store(VerdictStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /** For tests: the clock L1's expiry reads, in nanoseconds. */
    Builder ticker(LongSupplier nanos) {
      this.ticker = nanos;
      return this;
    }

    public TieredSampleCache build() {
      return new TieredCache(this);
    }
  }
}
