package dev.arbiter.core.vote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arbiter.core.Judge;
import dev.arbiter.core.JudgeRequest;
import dev.arbiter.core.Judgement;
import dev.arbiter.core.RetriableException;
import dev.arbiter.core.Sample;
import dev.arbiter.core.SamplingParams;
import dev.arbiter.core.Status;
import dev.arbiter.core.Verdict;
import dev.arbiter.core.cache.CachedSample;
import dev.arbiter.core.cache.SampleCache;
import dev.arbiter.core.model.ChatRequest;
import dev.arbiter.core.model.ScriptedJudgeModel;
import dev.arbiter.core.testing.LabelProtocol;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MetaJudgeTest {
  private static final Pattern QUALITY_HINT = Pattern.compile("quality=(\\w+)");
  // The four samples of the judge: scores 2, 8, 9, 1 with critique qualities 3, 9, 7, 2.
  private static final List<String> SAMPLES =
      List.of(
          "Vague. quality=3 SCORE: 2",
          "Checks the sum. quality=9 SCORE: 8",
          "Mostly right. quality=7 SCORE: 9",
          "Off topic. quality=2 SCORE: 1");

  private static ScriptedJudgeModel judgeModel() {
    return ScriptedJudgeModel.of("judge", (r, i) -> SAMPLES.get(i));
  }

  /** A meta judge that reads the "quality=n" hint of the assessment it is shown. */
  private static ScriptedJudgeModel meta() {
    return ScriptedJudgeModel.of(
        "meta",
        (req, i) -> {
          String user = req.messages().get(1).content();
          String assessment = user.substring(user.indexOf("<assessment-"));
          Matcher m = QUALITY_HINT.matcher(assessment);
          m.find();
          return "The assessment is as it is.\nQuality: [[" + m.group(1) + "]]";
        });
  }

  private static JudgeRequest request() {
    return JudgeRequest.builder()
        .id("m1")
        .query("What is 2+2?")
        .candidate("a", "It is 4, since 2 and 2 make 4.")
        .build();
  }

  private static Judge judge(ScriptedJudgeModel model, Aggregator vote, SampleCache cache) {
    return Judge.builder()
        .model(model)
        .protocol(new LabelProtocol())
        .sampling(SamplingParams.DEFAULT.withSamples(4).withTemperature(0.7))
        .aggregator(vote)
        .cache(cache)
        .build();
  }

  private static SampleCache mapCache(Map<String, CachedSample> store) {
    return new SampleCache() {
      @Override
      public Optional<CachedSample> get(String key) {
        return Optional.ofNullable(store.get(key));
      }

      @Override
      public void put(String key, CachedSample sample) {
        store.put(key, sample);
      }
    };
  }

  @Test
  void should_let_only_the_best_rated_samples_vote_and_count_the_meta_calls_in_usage() {
    // given
    ScriptedJudgeModel meta = meta();
    Aggregator vote = MetaJudge.builder().model(meta).keep(2).voter(Aggregators.mean()).build();
    // when
    Verdict v = judge(judgeModel(), vote, SampleCache.none()).judge(request());
    // then: ratings 3, 9, 7, 2 → the samples scoring 8 and 9 vote: 8.5
    assertThat(v.score()).contains(8.5);
    assertThat(v.samples()).hasSize(4);
    assertThat(meta.calls()).isEqualTo(4);
    // one judge call with n = 4, then four meta calls, all paid for
    assertThat(v.usage().calls()).isEqualTo(5);
    assertThat(v.usage().cacheMisses()).isEqualTo(8);
  }

  @Test
  void should_show_the_meta_judge_the_query_the_candidates_and_the_sample_fenced() {
    ScriptedJudgeModel meta = meta();
    judge(judgeModel(), MetaJudge.builder().model(meta).keep(1).build(), SampleCache.none())
        .judge(request());
    ChatRequest first = meta.requests().get(0);
    String user = first.messages().get(1).content();
    assertThat(first.messages().get(0).content()).contains("Quality: [[n]]");
    assertThat(user)
        .contains("What is 2+2?")
        .contains("It is 4, since 2 and 2 make 4.")
        .containsAnyOf(SAMPLES.toArray(String[]::new));
    // the case comes before the sample, each inside a fence whose code none of them contains
    assertThat(user.indexOf("<question-")).isLessThan(user.indexOf("<answer-"));
    assertThat(user.indexOf("<answer-")).isLessThan(user.indexOf("<assessment-"));
  }

  @Test
  void should_not_call_the_meta_judge_when_no_more_samples_scored_than_are_kept() {
    ScriptedJudgeModel meta = meta();
    Verdict v =
        judge(judgeModel(), MetaJudge.builder().model(meta).keep(4).build(), SampleCache.none())
            .judge(request());
    assertThat(v.score()).contains(5.0);
    assertThat(meta.calls()).isZero();
    assertThat(v.usage().calls()).isEqualTo(1);
  }

  @Test
  void should_cache_meta_ratings_like_samples_and_never_cache_a_failure() {
    Map<String, CachedSample> store = new ConcurrentHashMap<>();
    SampleCache cache = mapCache(store);
    ScriptedJudgeModel failing =
        ScriptedJudgeModel.of(
            "meta",
            (r, i) -> {
              throw new RetriableException("meta judge down", "mock", 503, null, null);
            });
    Verdict broken =
        judge(judgeModel(), MetaJudge.builder().model(failing).keep(1).build(), cache)
            .judge(request());
    assertThat(broken.status()).isEqualTo(Status.ERROR);
    assertThat(broken.reason()).contains("meta judge down");
    assertThat(store).hasSize(4); // the judge's samples, not the failed ratings

    ScriptedJudgeModel meta = meta();
    Aggregator vote = MetaJudge.builder().model(meta).keep(1).build();
    Verdict first = judge(judgeModel(), vote, cache).judge(request());
    Verdict again = judge(judgeModel(), vote, cache).judge(request());
    assertThat(first.score()).contains(8.0);
    assertThat(again.score()).contains(8.0);
    assertThat(meta.calls()).isEqualTo(4);
    assertThat(store).hasSize(8);
    assertThat(first.usage().cacheHits()).isEqualTo(4);
    assertThat(again.usage().cacheHits()).isEqualTo(8);
    assertThat(again.usage().calls()).isZero();
  }

  @Test
  void should_rank_unreadable_ratings_last_and_break_equal_ratings_by_sample_index() {
    MetaJudgeAggregator a = (MetaJudgeAggregator) MetaJudge.builder().model(meta()).keep(2).build();
    List<Sample> in = List.of(scored(3, 4), scored(2, 10), scored(1, 6), scored(0, 9));
    List<String> reviews =
        List.of("Quality: [[5]]", "no rating", "Quality: [[5]]", "Quality: [[1]]");
    // Ratings 5, unreadable, 5, 1: the two 5s vote, index 1 before index 3.
    assertThat(a.select(in, reviews)).extracting(Sample::index).containsExactly(1, 3);
  }

  @Test
  void should_read_the_last_valid_rating() {
    assertThat(MetaJudgeAggregator.parse("Quality: [[4]] ... Quality: [[8]]")).hasValue(8);
    assertThat(MetaJudgeAggregator.parse("Quality: [[11]]")).isEmpty();
    assertThat(MetaJudgeAggregator.parse("no rating")).isEmpty();
  }

  @Test
  void should_refuse_to_build_without_a_model_or_with_keep_below_one() {
    assertThatThrownBy(() -> MetaJudge.builder().build()).hasMessageContaining("model");
    assertThatThrownBy(() -> MetaJudge.builder().keep(0)).hasMessageContaining("was 0");
  }

  private static Sample scored(int index, double score) {
    return new Sample(
        index,
        0,
        "SCORE: " + score,
        "stop",
        List.of(),
        Judgement.ofScore(score, List.of(), ""),
        false);
  }
}
