package dev.arbiter.core.cache;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.arbiter.core.internal.Json;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/** Caffeine in front of a {@link VerdictStore}; see {@link TieredSampleCache}. */
final class TieredCache implements TieredSampleCache {

  private final Cache<String, CachedSample> memory;
  private final long maximumSize;
  private final VerdictStore store;
  private final LongAdder memoryHits = new LongAdder();
  private final LongAdder storeHits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder puts = new LongAdder();
  private final LongAdder storeWriteErrors = new LongAdder();
  private final LongAdder corruptEntries = new LongAdder();
  private final AtomicReference<String> lastCorruption = new AtomicReference<>();
  private final AtomicReference<RuntimeException> lastStoreError = new AtomicReference<>();

  TieredCache(TieredSampleCache.Builder b) {
    Caffeine<Object, Object> c = Caffeine.newBuilder().maximumSize(b.maximumSize);
    if (b.expireAfterWrite != null) {
      c.expireAfterWrite(b.expireAfterWrite);
    }
    if (b.ticker != null) {
      c.ticker(b.ticker::getAsLong);
      // Caffeine evicts on its own executor; run maintenance on the caller for repeatable tests.
      c.executor(Runnable::run);
    }
    this.memory = c.build();
    this.maximumSize = b.maximumSize;
    this.store = b.store;
  }

  @Override
  public Optional<CachedSample> get(String key) {
    CachedSample hit = memory.getIfPresent(key);
    if (hit != null) {
      memoryHits.increment();
      return Optional.of(hit);
    }
    if (store != null) {
      Optional<String> stored = store.get(key);
      if (stored.isPresent()) {
        Optional<CachedSample> s = decode(key, stored.get());
        if (s.isPresent()) {
          memory.put(key, s.get());
          storeHits.increment();
          return s;
        }
        // A corrupt entry is a miss: the sample is fetched again and its put overwrites it.
        corruptEntries.increment();
      }
    }
    misses.increment();
    return Optional.empty();
  }

  @Override
  public void put(String key, CachedSample sample) {
    if (!sample.complete()) {
      return; // an empty or cut-off output is never kept as a success
    }
    memory.put(key, sample);
    puts.increment();
    if (store != null) {
      try {
        store.put(key, Json.write(sample));
      } catch (RuntimeException e) {
        storeWriteErrors.increment();
        lastStoreError.set(e);
      }
    }
  }

  /** The stored sample, or empty (with the reason kept) when the entry is not a usable one. */
  private Optional<CachedSample> decode(String key, String json) {
    String problem;
    try {
      CachedSample s = Json.mapper().readValue(json, CachedSample.class);
      if (s != null && s.complete()) {
        return Optional.of(s);
      }
      problem = s == null ? "JSON null" : "an empty or cut-off sample";
    } catch (JsonProcessingException | RuntimeException e) {
      problem =
          "not a cached sample ("
              + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.toString())
              + ")";
    }
    lastCorruption.set(
        "sample cache " + store.describe() + ": the value of key " + key + " is " + problem);
    return Optional.empty();
  }

  @Override
  public Stats stats() {
    return new Stats(
        memoryHits.sum(),
        storeHits.sum(),
        misses.sum(),
        puts.sum(),
        storeWriteErrors.sum(),
        corruptEntries.sum());
  }

  @Override
  public Optional<RuntimeException> lastStoreError() {
    return Optional.ofNullable(lastStoreError.get());
  }

  @Override
  public Optional<String> lastCorruptEntry() {
    return Optional.ofNullable(lastCorruption.get());
  }

  @Override
  public String describe() {
    return "caffeine(" + maximumSize + ")" + (store == null ? "" : " + " + store.describe());
  }

  @Override
  public String toString() {
    return "TieredSampleCache[" + describe() + ", " + stats() + "]";
  }
}
