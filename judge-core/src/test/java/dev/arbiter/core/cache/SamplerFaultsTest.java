package dev.arbiter.core.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbiter.core.Judge;
import dev.arbiter.core.JudgeRequest;
import dev.arbiter.core.Mode;
import dev.arbiter.core.RetriableException;
import dev.arbiter.core.SamplingParams;
import dev.arbiter.core.Status;
import dev.arbiter.core.Verdict;
import dev.arbiter.core.model.ChatRequest;
import dev.arbiter.core.model.ChatResponse;
import dev.arbiter.core.model.Choice;
import dev.arbiter.core.model.JudgeModel;
import dev.arbiter.core.model.ScriptedJudgeModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Model-level faults seen from the sampler: failing stores, short replies, unusable outputs. */
class SamplerFaultsTest {

  private static final SamplingParams K8 =
      SamplingParams.DEFAULT.withSamples(8).withTemperature(0.7);

  private static final JudgeRequest REQUEST =
      JudgeRequest.builder()
          .id("r1")
          .mode(Mode.POINTWISE)
          .query("What is 2 + 2?")
          .candidate("A", "4")
          .build();

  private static ScriptedJudgeModel model() {
    return ScriptedJudgeModel.of(
        "m", (req, choice) -> "Rating: [[" + (5 + (req.seed().orElse(0L) + choice) % 3) + "]]");
  }

  private static Judge judge(JudgeModel model, SampleCache cache) {
    return Judge.builder()
        .model(model)
        .protocol(new RatingProtocol())
        .sampling(K8)
        .cache(cache)
        .build();
  }

  /** A model named "m" whose calls {@code chat} answers, with a model-level extra body. */
  private static JudgeModel model(
      Map<String, Object> extra,
      java.util.function.Function<ChatRequest, CompletableFuture<ChatResponse>> chat) {
    return new JudgeModel() {
      @Override
      public String id() {
        return "m";
      }

      @Override
      public Map<String, Object> extraBody() {
        return extra;
      }

      @Override
      public CompletableFuture<ChatResponse> chat(ChatRequest request) {
        return chat.apply(request);
      }
    };
  }

  /** {@code inner}'s reply with only its first {@code keep} choices. */
  private static ChatResponse firstChoices(ChatResponse r, int keep) {
    return new ChatResponse(r.model(), r.requestId(), r.choices().subList(0, keep), r.usage());
  }

  /** A store whose n-th read (or write) fails once; every other call works. */
  private static final class FlakyStore implements VerdictStore {
    private final VerdictStore inner = VerdictStores.inMemory();
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicInteger writes = new AtomicInteger();
    private final IntPredicate failRead;
    private final IntPredicate failWrite;

    FlakyStore(IntPredicate failRead, IntPredicate failWrite) {
      this.failRead = failRead;
      this.failWrite = failWrite;
    }

    @Override
    public Optional<String> get(String key) {
      if (failRead.test(reads.incrementAndGet())) {
        throw new RetriableException("store read failed", "flaky", -1, null, null);
      }
      return inner.get(key);
    }

    @Override
    public void put(String key, String value) {
      if (failWrite.test(writes.incrementAndGet())) {
        throw new RetriableException("store write failed", "flaky", -1, null, null);
      }
      inner.put(key, value);
    }

    @Override
    public String describe() {
      return "flaky";
    }
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void should_complete_a_later_identical_request_after_the_store_failed_to_read_mid_draw()
      throws Exception {
    // given: the 5th store read fails, after samples 0 and 1 were claimed (two reads each)
    FlakyStore store = new FlakyStore(n -> n == 5, n -> false);
    ScriptedJudgeModel model = model();
    Judge judge = judge(model, TieredSampleCache.builder().store(store).build());

    // when
    Verdict failed = judge.judgeAsync(REQUEST).get(5, TimeUnit.SECONDS);
    Verdict later = judge.judgeAsync(REQUEST).get(5, TimeUnit.SECONDS);

    // then: the failure is an ERROR verdict, and nothing was left in flight to wait on forever
    assertThat(failed.status()).isEqualTo(Status.ERROR);
    assertThat(failed.reason()).contains("store read failed");
    assertThat(later.status()).isEqualTo(Status.SCORED);
    assertThat(later.samples()).hasSize(8);
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void should_complete_later_requests_while_store_writes_fail_mid_draw() throws Exception {
    FlakyStore store = new FlakyStore(n -> false, n -> n % 2 == 0);
    ScriptedJudgeModel model = model();
    TieredSampleCache cache = TieredSampleCache.builder().store(store).build();
    Judge judge = judge(model, cache);

    Verdict first = judge.judgeAsync(REQUEST).get(5, TimeUnit.SECONDS);
    Verdict second = judge.judgeAsync(REQUEST).get(5, TimeUnit.SECONDS);

    assertThat(first.status()).isEqualTo(Status.SCORED);
    assertThat(second.status()).isEqualTo(Status.SCORED);
    assertThat(cache.stats().storeWriteErrors()).isEqualTo(4);
    assertThat(model.calls()).isEqualTo(1);
  }

  /** Answers the first call with only {@code first} choices, later calls in full. */
  private static JudgeModel shortFirst(ScriptedJudgeModel inner, int first, List<Integer> ns) {
    AtomicInteger calls = new AtomicInteger();
    return model(
        Map.of(),
        request -> {
          ns.add(request.n());
          return inner
              .chat(request)
              .thenApply(r -> calls.incrementAndGet() == 1 ? firstChoices(r, first) : r);
        });
  }

  @Test
  void should_keep_the_choices_that_came_and_ask_again_only_for_the_missing_ones() {
    ScriptedJudgeModel inner = model();
    List<Integer> asked = new ArrayList<>();
    TieredSampleCache cache = TieredSampleCache.builder().build();
    Judge judge = judge(shortFirst(inner, 3, asked), cache);

    Verdict v = judge.judge(REQUEST);

    assertThat(v.status()).isEqualTo(Status.SCORED);
    assertThat(v.samples()).hasSize(8);
    assertThat(asked).containsExactly(8, 5);
    // The second call is seeded for sample 3, as if samples 3..7 were drawn on their own.
    assertThat(inner.requests().get(1).seed()).contains(3L);
    assertThat(cache.stats().puts()).isEqualTo(8);
    assertThat(v.usage().calls()).isEqualTo(2);
  }

  @Test
  void should_fail_only_the_missing_samples_when_the_model_keeps_returning_too_few() {
    ScriptedJudgeModel inner = model();
    JudgeModel stingy =
        model(Map.of(), request -> inner.chat(request).thenApply(r -> firstChoices(r, 1)));
    TieredSampleCache cache = TieredSampleCache.builder().build();

    Verdict v = judge(stingy, cache).judge(REQUEST);

    // Three calls (one plus two re-asks) gave one sample each; those are kept for next time.
    assertThat(v.status()).isEqualTo(Status.ERROR);
    assertThat(v.reason()).contains("returned 1 of the 6 choices");
    assertThat(inner.calls()).isEqualTo(1 + MAX_REASKS);
    assertThat(cache.stats().puts()).isEqualTo(3);
  }

  // Sampler.MAX_REASKS (package-private in dev.arbiter.core).
  private static final int MAX_REASKS = 2;

  @Test
  void should_never_cache_an_empty_or_cut_off_output_as_a_success() {
    AtomicInteger calls = new AtomicInteger();
    JudgeModel model =
        model(
            Map.of(),
            request -> {
              calls.incrementAndGet();
              List<Choice> choices = new ArrayList<>();
              for (int i = 0; i < request.n(); i++) {
                long index = request.seed().orElse(0L) + i;
                choices.add(
                    index == 0
                        ? new Choice(i, "", "stop")
                        : index == 1
                            ? new Choice(i, "Rating: [[", "length")
                            : new Choice(i, "Rating: [[6]]", "stop"));
              }
              return CompletableFuture.completedFuture(
                  new ChatResponse("m", Optional.empty(), choices, null));
            });
    TieredSampleCache cache = TieredSampleCache.builder().store(VerdictStores.inMemory()).build();
    Judge judge = judge(model, cache);

    Verdict first = judge.judge(REQUEST);
    Verdict second = judge.judge(REQUEST);

    assertThat(first.status()).isEqualTo(Status.SCORED);
    assertThat(first.confidence().unscoredSamples()).isEqualTo(2);
    assertThat(cache.stats().puts()).isEqualTo(6);
    // Only the two unusable samples are asked for again.
    assertThat(calls.get()).isEqualTo(2);
    assertThat(second.usage().cacheHits()).isEqualTo(6);
    assertThat(second.usage().cacheMisses()).isEqualTo(2);
  }

  /** A scripted model with a model-level extra body, as vLLM's builder has. */
  private static JudgeModel withExtraBody(ScriptedJudgeModel inner, Map<String, Object> extra) {
    return model(extra, inner::chat);
  }

  @Test
  void should_key_samples_by_the_model_level_extra_body() {
    ScriptedJudgeModel inner = model();
    TieredSampleCache cache = TieredSampleCache.builder().build();

    judge(withExtraBody(inner, Map.of("top_k", 20)), cache).judge(REQUEST);
    judge(withExtraBody(inner, Map.of("top_k", 20)), cache).judge(REQUEST);
    assertThat(inner.calls()).isEqualTo(1);

    Verdict other = judge(withExtraBody(inner, Map.of("top_k", 1)), cache).judge(REQUEST);
    assertThat(inner.calls()).isEqualTo(2);
    assertThat(other.usage().cacheMisses()).isEqualTo(8);
  }
}
