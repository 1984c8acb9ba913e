package dev.arbiter.core.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arbiter.core.RetriableException;
import dev.arbiter.core.model.TokenLogprob;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TieredSampleCacheTest {

  private static final CachedSample SAMPLE =
      new CachedSample(
          "Rating: [[7]]",
          "stop",
          List.of(
              new TokenLogprob(
                  "7",
                  -0.1,
                  List.of(
                      new TokenLogprob.TopLogprob("7", -0.1),
                      new TokenLogprob.TopLogprob("8", -2.5)))));

  @Test
  void should_answer_from_memory_then_from_the_store_then_miss() {
    VerdictStore store = VerdictStores.inMemory();
    TieredSampleCache first = TieredSampleCache.builder().store(store).build();
    first.put("k1", SAMPLE);
    assertThat(first.get("k1")).contains(SAMPLE);
    assertThat(first.stats().memoryHits()).isEqualTo(1);

    // A second process: its own memory, the same store; logprobs survive the JSON round trip.
    TieredSampleCache second = TieredSampleCache.builder().store(store).build();
    assertThat(second.get("k1")).contains(SAMPLE);
    assertThat(second.get("k1")).contains(SAMPLE);
    assertThat(second.get("k2")).isEmpty();
    assertThat(second.stats()).isEqualTo(new TieredSampleCache.Stats(1, 1, 1, 0, 0));
    assertThat(second.stats().hitRate()).isEqualTo(2.0 / 3);
  }

  @Test
  void should_forget_memory_entries_after_their_ttl_but_keep_them_in_the_store() {
    AtomicLong now = new AtomicLong();
    VerdictStore store = VerdictStores.inMemory();
    TieredSampleCache cache =
        TieredSampleCache.builder()
            .expireAfterWrite(Duration.ofMinutes(5))
            .store(store)
            .ticker(now::get)
            .build();
    cache.put("k", SAMPLE);
    now.addAndGet(Duration.ofMinutes(6).toNanos());
    assertThat(cache.get("k")).contains(SAMPLE);
    assertThat(cache.stats().memoryHits()).isZero();
    assertThat(cache.stats().storeHits()).isEqualTo(1);

    TieredSampleCache memoryOnly =
        TieredSampleCache.builder()
            .expireAfterWrite(Duration.ofMinutes(5))
            .ticker(now::get)
            .build();
    memoryOnly.put("k", SAMPLE);
    now.addAndGet(Duration.ofMinutes(6).toNanos());
    assertThat(memoryOnly.get("k")).isEmpty();
  }

  @Test
  void should_read_a_corrupt_or_empty_stored_entry_as_a_counted_miss_and_overwrite_it() {
    // given: entries a crash, another program or an old bug could have left behind
    VerdictStore store = VerdictStores.inMemory();
    store.put("bad", "{not json");
    store.put("empty", "{}");
    store.put("null", "null");
    store.put("cut", "{\"text\":\"Rating: [[\",\"finishReason\":\"length\"}");
    TieredSampleCache cache = TieredSampleCache.builder().store(store).build();

    // when / then: each is a miss, counted, and its cause kept
    for (String key : List.of("bad", "empty", "null", "cut")) {
      assertThat(cache.get(key)).isEmpty();
    }
    assertThat(cache.stats().corruptEntries()).isEqualTo(4);
    assertThat(cache.stats().misses()).isEqualTo(4);
    assertThat(cache.lastCorruptEntry()).get().asString().contains("memory").contains("cut");

    // the sample fetched again overwrites the entry, for this process and the next
    cache.put("empty", SAMPLE);
    assertThat(store.get("empty")).get().asString().contains("Rating: [[7]]");
    assertThat(TieredSampleCache.builder().store(store).build().get("empty")).contains(SAMPLE);
  }

  @Test
  void should_not_store_an_empty_or_cut_off_sample() {
    VerdictStore store = VerdictStores.inMemory();
    TieredSampleCache cache = TieredSampleCache.builder().store(store).build();
    cache.put("empty", new CachedSample("  ", "stop", List.of()));
    cache.put("cut", new CachedSample("Rating: [[", "length", List.of()));
    assertThat(cache.get("empty")).isEmpty();
    assertThat(store.get("cut")).isEmpty();
    assertThat(cache.stats().puts()).isZero();
  }

  @Test
  void should_propagate_a_failing_store_read_and_count_a_failing_store_write() {
    VerdictStore broken =
        new VerdictStore() {
          @Override
          public Optional<String> get(String key) {
            throw new RetriableException("store down", "test-store", -1, null, null);
          }

          @Override
          public void put(String key, String value) {
            throw new RetriableException("store down", "test-store", -1, null, null);
          }

          @Override
          public String describe() {
            return "test-store";
          }
        };
    TieredSampleCache cache = TieredSampleCache.builder().store(broken).build();
    assertThatThrownBy(() -> cache.get("k")).hasMessageContaining("store down");
    cache.put("k", SAMPLE);
    assertThat(cache.get("k")).contains(SAMPLE);
    assertThat(cache.stats().storeWriteErrors()).isEqualTo(1);
    assertThat(cache.lastStoreError())
        .get()
        .extracting(Throwable::getMessage)
        .isEqualTo("store down");
  }

  @Test
  void should_count_exactly_under_concurrent_use() throws Exception {
    TieredSampleCache cache = TieredSampleCache.builder().store(VerdictStores.inMemory()).build();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> fs = new java.util.ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int id = t;
        fs.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 500; i++) {
                    String key = "k" + (i % 50) + "-" + id;
                    if (cache.get(key).isEmpty()) {
                      cache.put(key, SAMPLE);
                    }
                  }
                }));
      }
      for (Future<?> f : fs) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    TieredSampleCache.Stats s = cache.stats();
    assertThat(s.lookups()).isEqualTo(8 * 500);
    assertThat(s.misses()).isEqualTo(8 * 50);
    assertThat(s.puts()).isEqualTo(8 * 50);
  }

  @Test
  void should_name_the_bad_value_when_configured_wrongly() {
    assertThatThrownBy(() -> TieredSampleCache.builder().maximumSize(-1))
        .hasMessageContaining("-1");
    assertThatThrownBy(() -> TieredSampleCache.builder().expireAfterWrite(Duration.ZERO))
        .hasMessageContaining("PT0S");
  }

  @Test
  void should_say_which_forms_are_accepted_when_no_store_provider_accepts_a_spec() {
    assertThatThrownBy(() -> VerdictStores.open("ftp://nowhere"))
        .hasMessageContaining("ftp://nowhere");
  }
}
