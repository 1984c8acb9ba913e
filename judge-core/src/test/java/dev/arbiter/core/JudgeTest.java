package dev.arbiter.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arbiter.core.cache.CachedSample;
import dev.arbiter.core.cache.SampleCache;
import dev.arbiter.core.model.ScriptedJudgeModel;
import dev.arbiter.core.testing.LabelProtocol;
import dev.arbiter.core.verify.Evidence;
import dev.arbiter.core.verify.Verifier;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class JudgeTest {

  private static JudgeRequest pointwise(String id) {
    return JudgeRequest.builder().id(id).query("What is 2+2?").candidate("a", "4").build();
  }

  private static JudgeRequest pair() {
    return JudgeRequest.builder()
        .id("p1")
        .mode(Mode.PAIRWISE)
        .query("What is 2+2?")
        .candidate("good", "4")
        .candidate("bad", "5")
        .build();
  }

  /** True when the prompt shows the candidate "good" first. */
  private static boolean goodFirst(dev.arbiter.core.model.ChatRequest r) {
    String u = r.messages().get(1).content();
    return u.indexOf("CANDIDATE good") < u.indexOf("CANDIDATE bad");
  }

  @Test
  void should_average_k_samples_drawn_in_one_call_with_n_equal_k() {
    // given
    ScriptedJudgeModel model = ScriptedJudgeModel.of("m", (r, i) -> "SCORE: " + (6 + i));
    Judge judge =
        Judge.builder()
            .model(model)
            .protocol(new LabelProtocol())
            .sampling(SamplingParams.DEFAULT.withSamples(3))
            .build();
    // when
    Verdict v = judge.judge(pointwise("r1"));
    // then: 6, 7, 8 → 7
    assertThat(v.status()).isEqualTo(Status.SCORED);
    assertThat(v.score()).contains(7.0);
    assertThat(v.normalizedScore().get())
        .isCloseTo(6.0 / 9.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(model.calls()).isEqualTo(1);
    assertThat(model.requests().get(0).n()).isEqualTo(3);
    assertThat(v.samples()).hasSize(3);
    assertThat(v.usage().calls()).isEqualTo(1);
    assertThat(v.confidence().scoredSamples()).isEqualTo(3);
    assertThat(v.confidence().agreement())
        .isCloseTo(1.0 / 3, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(v.provenance().protocolId()).isEqualTo("label");
  }

  @Test
  void should_issue_k_calls_with_distinct_seeds_when_the_model_has_no_n() {
    ScriptedJudgeModel model = ScriptedJudgeModel.singleChoice("m", (r, i) -> "SCORE: 5");
    Judge judge =
        Judge.builder()
            .model(model)
            .protocol(new LabelProtocol())
            .sampling(SamplingParams.DEFAULT.withSamples(4).withSeed(100L))
            .build();

    Verdict v = judge.judge(pointwise("r1"));

    assertThat(model.calls()).isEqualTo(4);
    assertThat(model.requests())
        .extracting(r -> r.seed().orElseThrow())
        .containsExactlyInAnyOrder(100L, 101L, 102L, 103L);
    assertThat(v.score()).contains(5.0);
  }

  @Test
  void should_report_unscored_with_the_reason_instead_of_a_default_score() {
    ScriptedJudgeModel model = ScriptedJudgeModel.constant("m", "I think it is fine.");
    Judge judge =
        Judge.builder()
            .model(model)
            .protocol(new LabelProtocol())
            .sampling(SamplingParams.DEFAULT.withSamples(2))
            .build();

    Verdict v = judge.judge(pointwise("r1"));

    assertThat(v.status()).isEqualTo(Status.UNSCORED);
    assertThat(v.reason()).contains("no SCORE label");
    assertThat(v.score()).isEmpty();
    assertThat(v.samples()).hasSize(2).allMatch(s -> !s.judgement().scored());
  }

  @Test
  void should_exclude_unscored_samples_from_the_vote() {
    ScriptedJudgeModel model =
        ScriptedJudgeModel.of("m", (r, i) -> i == 0 ? "garbage" : "SCORE: " + (i * 2));
    Judge judge =
        Judge.builder()
            .model(model)
            .protocol(new LabelProtocol())
            .sampling(SamplingParams.DEFAULT.withSamples(3))
            .build();

    Verdict v = judge.judge(pointwise("r1"));

    assertThat(v.score()).contains(3.0); // (2 + 4) / 2
    assertThat(v.confidence().unscoredSamples()).isEqualTo(1);
  }

  @Test
  void should_map_the_swapped_order_back_and_pool_both_orders() {
    // The model always prefers the candidate "good", wherever it is shown.
    ScriptedJudgeModel model =
        ScriptedJudgeModel.of("m", (r, i) -> goodFirst(r) ? "PREF: A>>B" : "PREF: B>>A");
    Judge judge = Judge.builder().model(model).protocol(new LabelProtocol()).build();

    Verdict v = judge.judge(pair());

    assertThat(v.preference()).contains(Preference.A_MUCH_BETTER);
    assertThat(v.positionConsistent()).contains(true);
    assertThat(v.orders())
        .extracting(OrderDecision::decision)
        .containsExactly(
            Optional.of(Preference.A_MUCH_BETTER), Optional.of(Preference.A_MUCH_BETTER));
    assertThat(model.calls()).isEqualTo(2);
  }

  @Test
  void should_report_position_inconsistency_when_orders_disagree() {
    // A position-biased judge: always prefers whatever is shown first.
    ScriptedJudgeModel model = ScriptedJudgeModel.constant("m", "PREF: A>B");
    Judge judge = Judge.builder().model(model).protocol(new LabelProtocol()).build();

    Verdict v = judge.judge(pair());

    assertThat(v.preference()).contains(Preference.TIE);
    assertThat(v.positionConsistent()).contains(false);
    assertThat(v.orders().get(0).vote()).isEqualTo(1);
    assertThat(v.orders().get(1).vote()).isEqualTo(-1);
  }

  @Test
  void should_let_one_order_decide_when_the_other_is_unparseable() {
    ScriptedJudgeModel model =
        ScriptedJudgeModel.of("m", (r, i) -> goodFirst(r) ? "PREF: A>B" : "no idea");
    Judge judge = Judge.builder().model(model).protocol(new LabelProtocol()).build();

    Verdict v = judge.judge(pair());

    assertThat(v.preference()).contains(Preference.A_BETTER);
    assertThat(v.positionConsistent()).isEmpty();
    assertThat(v.confidence().unscoredSamples()).isEqualTo(1);
  }

  @Test
  void should_rank_listwise_by_borda_count_and_map_positions_to_ids() {
    ScriptedJudgeModel model =
        ScriptedJudgeModel.of("m", (r, i) -> i < 2 ? "RANK: 2,0,1" : "RANK: 0,2,1");
    JudgeRequest req =
        JudgeRequest.builder()
            .id("l")
            .mode(Mode.LISTWISE)
            .query("q")
            .candidate("x", "1")
            .candidate("y", "2")
            .candidate("z", "3")
            .build();
    Judge judge =
        Judge.builder()
            .model(model)
            .protocol(new LabelProtocol())
            .sampling(SamplingParams.DEFAULT.withSamples(3))
            .build();

    Verdict v = judge.judge(req);

    // points: z = 2+2+1 = 5, x = 1+1+2 = 4, y = 0
    assertThat(v.ranking()).containsExactly("z", "x", "y");
  }

  @Test
  void should_turn_a_failed_model_call_into_an_error_verdict() {
    ScriptedJudgeModel model =
        ScriptedJudgeModel.of(
            "m",
            (r, i) -> {
              throw new RetriableException(
                  "503 from server", "http://127.0.0.1:1/v1", 503, "req-1", null);
            });
    Judge judge = Judge.builder().model(model).protocol(new LabelProtocol()).build();

    Verdict v = judge.judge(pointwise("r1"));

    assertThat(v.status()).isEqualTo(Status.ERROR);
    assertThat(v.reason()).contains("retriable").contains("503");
  }

  @Test
  void should_reuse_cached_samples_and_fetch_only_the_new_ones_when_k_grows() {
    Map<String, CachedSample> store = new ConcurrentHashMap<>();
    SampleCache cache =
        new SampleCache() {
          @Override
          public Optional<CachedSample> get(String key) {
            return Optional.ofNullable(store.get(key));
          }

          @Override
          public void put(String key, CachedSample sample) {
            store.put(key, sample);
          }
        };
    ScriptedJudgeModel model = ScriptedJudgeModel.of("m", (r, i) -> "SCORE: 5");
    Judge.Builder b = Judge.builder().model(model).protocol(new LabelProtocol()).cache(cache);

    Verdict first =
        b.sampling(SamplingParams.DEFAULT.withSamples(8)).build().judge(pointwise("r1"));
    Verdict again =
        b.sampling(SamplingParams.DEFAULT.withSamples(8)).build().judge(pointwise("r1"));
    Verdict more =
        b.sampling(SamplingParams.DEFAULT.withSamples(16)).build().judge(pointwise("r1"));

    assertThat(first.usage().cacheMisses()).isEqualTo(8);
    assertThat(again.usage().calls()).isZero();
    assertThat(again.usage().cacheHits()).isEqualTo(8);
    assertThat(more.usage().cacheHits()).isEqualTo(8);
    assertThat(more.usage().cacheMisses()).isEqualTo(8);
    assertThat(model.choicesGenerated()).isEqualTo(16);
    assertThat(model.requests().get(1).n()).isEqualTo(8);
  }

  @Test
  void should_coalesce_identical_requests_in_flight_into_one_call() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    dev.arbiter.core.model.JudgeModel slow =
        new dev.arbiter.core.model.JudgeModel() {
          @Override
          public String id() {
            return "slow";
          }

          @Override
          public java.util.concurrent.CompletableFuture<dev.arbiter.core.model.ChatResponse> chat(
              dev.arbiter.core.model.ChatRequest request) {
            calls.incrementAndGet();
            return java.util.concurrent.CompletableFuture.supplyAsync(
                () -> {
                  try {
                    release.await(5, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  return new dev.arbiter.core.model.ChatResponse(
                      "slow",
                      Optional.empty(),
                      List.of(new dev.arbiter.core.model.Choice(0, "SCORE: 4", "stop")),
                      null);
                });
          }
        };
    Judge judge = Judge.builder().model(slow).protocol(new LabelProtocol()).build();

    var a = judge.judgeAsync(pointwise("r1"));
    var b = judge.judgeAsync(pointwise("r1"));
    release.countDown();

    assertThat(a.get(5, TimeUnit.SECONDS).score()).contains(4.0);
    assertThat(b.get(5, TimeUnit.SECONDS).score()).contains(4.0);
    assertThat(calls.get()).isEqualTo(1);
  }

  @Test
  void should_cap_the_score_of_a_candidate_that_failed_a_check() {
    Verifier failing = verifier("check", (r, c) -> ev(c, Evidence.Outcome.FAIL, "wrong"));
    ScriptedJudgeModel model = ScriptedJudgeModel.constant("m", "SCORE: 9");
    Judge judge =
        Judge.builder().model(model).protocol(new LabelProtocol()).verifier(failing).build();

    Verdict v = judge.judge(pointwise("r1"));

    assertThat(v.score()).contains(1.0);
    assertThat(v.evidence()).hasSize(1).allMatch(e -> e.outcome() == Evidence.Outcome.FAIL);
  }

  @Test
  void should_keep_the_verdict_when_a_verifier_throws_or_times_out() {
    Verifier throwing =
        verifier(
            "boom",
            (r, c) -> {
              throw new IllegalStateException("kaput");
            });
    Verifier hanging =
        verifier(
            "hang",
            (r, c) -> {
              Thread.sleep(5_000);
              return null;
            });
    ScriptedJudgeModel model = ScriptedJudgeModel.constant("m", "SCORE: 8");
    Judge judge =
        Judge.builder()
            .model(model)
            .protocol(new LabelProtocol())
            .verifier(throwing)
            .verifier(hanging)
            .verifierTimeout(Duration.ofMillis(200))
            .build();

    Verdict v = judge.judge(pointwise("r1"));

    assertThat(v.score()).contains(8.0);
    assertThat(v.evidence()).extracting(Evidence::outcome).containsOnly(Evidence.Outcome.ERROR);
    assertThat(v.evidence())
        .extracting(Evidence::detail)
        .anyMatch(d -> d.contains("kaput"))
        .anyMatch(d -> d.contains("timed out"));
  }

  @Test
  void should_judge_with_verifiers_alone_when_there_is_no_model() {
    Verifier v1 =
        verifier(
            "len",
            (r, c) ->
                c.text().length() > 1
                    ? ev(c, Evidence.Outcome.PASS, "ok")
                    : ev(c, Evidence.Outcome.FAIL, "short"));
    Judge judge = Judge.builder().verifier(v1).build();
    JudgeRequest req =
        JudgeRequest.builder()
            .id("p")
            .mode(Mode.PAIRWISE)
            .query("q")
            .candidate("long", "abc")
            .candidate("short", "a")
            .build();

    Verdict v = judge.judge(req);

    assertThat(v.status()).isEqualTo(Status.SCORED);
    assertThat(v.preference()).contains(Preference.A_MUCH_BETTER);
    assertThat(v.candidateScores()).containsExactly(1.0, 0.0);
    assertThat(v.provenance().protocolId()).isEqualTo("verifiers");
  }

  @Test
  void should_abstain_below_the_agreement_threshold() {
    ScriptedJudgeModel model = ScriptedJudgeModel.of("m", (r, i) -> "SCORE: " + (i + 1));
    Judge judge =
        Judge.builder()
            .model(model)
            .protocol(new LabelProtocol())
            .sampling(SamplingParams.DEFAULT.withSamples(4))
            .abstainBelow(0.5)
            .build();

    Verdict v = judge.judge(pointwise("r1"));

    assertThat(v.status()).isEqualTo(Status.UNSCORED);
    assertThat(v.reason()).startsWith("abstained");
  }

  @Test
  void should_let_a_verifier_act_as_a_rubric_criterion_and_gate_the_score() {
    // given: the model believes the answer is right; the tagged verifier knows better
    Verifier checker =
        verifier("answer-check", (r, c) -> ev(c, Evidence.Outcome.FAIL, "expected 4"));
    Verifier selective =
        new Verifier() {
          @Override
          public String id() {
            return "answer-check";
          }

          @Override
          public boolean appliesTo(JudgeRequest request, Candidate candidate) {
            return false; // only the rubric tag routes it here
          }

          @Override
          public Evidence verify(JudgeRequest request, Candidate candidate) throws Exception {
            return checker.verify(request, candidate);
          }
        };
    Rubric rubric =
        Rubric.of(
            "r",
            List.of(
                new Criterion(
                    "correct",
                    "The answer is right",
                    1,
                    Scale.BINARY,
                    Criterion.Kind.HARD_RULE,
                    Map.of(),
                    List.of("verifier:answer-check")),
                Criterion.principle("clear", "Clearly written", Scale.ONE_TO_FIVE)));
    ScriptedJudgeModel model =
        ScriptedJudgeModel.constant("m", "SCORE: 9\nCRIT correct=1\nCRIT clear=5");
    Judge judge =
        Judge.builder()
            .model(model)
            .protocol(new LabelProtocol())
            .fusion(Fusion.NONE)
            .verifier(selective)
            .build();

    // when
    Verdict v = judge.judge(pointwise("r1").withRubric(rubric));

    // then: the verifier's FAIL replaced the model's "correct=1", and the failed hard rule zeroed
    // the score
    assertThat(v.evidence())
        .singleElement()
        .satisfies(e -> assertThat(e.verifierId()).isEqualTo("answer-check"));
    assertThat(v.criterionScores())
        .filteredOn(cs -> cs.criterion().equals("correct"))
        .singleElement()
        .satisfies(
            cs -> {
              assertThat(cs.score()).isZero();
              assertThat(cs.critique()).contains("verifier answer-check").contains("expected 4");
            });
    assertThat(v.score()).contains(1.0);
  }

  @Test
  void should_refuse_a_judge_without_model_or_verifier() {
    assertThatThrownBy(() -> Judge.builder().build())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("model");
    assertThatThrownBy(() -> SamplingParams.DEFAULT.withSamples(0))
        .hasMessageContaining("k must be >= 1 but was 0");
  }

  private static Evidence ev(Candidate c, Evidence.Outcome o, String detail) {
    double score = o == Evidence.Outcome.PASS ? 1.0 : 0.0;
    return new Evidence("test", "1", c.id(), o, Optional.of(score), detail, Duration.ZERO);
  }

  interface Check {
    Evidence apply(JudgeRequest r, Candidate c) throws Exception;
  }

  private static Verifier verifier(String id, Check check) {
    return new Verifier() {
      @Override
      public String id() {
        return id;
      }

      @Override
      public boolean appliesTo(JudgeRequest request, Candidate candidate) {
        return true;
      }

      @Override
      public Evidence verify(JudgeRequest request, Candidate candidate) throws Exception {
        Evidence e = check.apply(request, candidate);
        return new Evidence(
            id, "1", e.candidateId(), e.outcome(), e.score(), e.detail(), e.duration());
      }
    };
  }

  @Test
  void should_give_both_orders_and_every_response_to_one_query_the_same_affinity_key() {
    // given
    ScriptedJudgeModel model = ScriptedJudgeModel.of("m", (r, i) -> "PREFER A");
    Judge judge =
        Judge.builder()
            .model(model)
            .protocol(new LabelProtocol())
            .sampling(SamplingParams.DEFAULT.withSamples(2))
            .build();
    JudgeRequest otherPair =
        JudgeRequest.builder()
            .id("p2")
            .mode(Mode.PAIRWISE)
            .query("What is 2+2?")
            .candidate("good", "four")
            .candidate("bad", "22")
            .build();
    JudgeRequest otherQuery =
        JudgeRequest.builder()
            .id("p3")
            .mode(Mode.PAIRWISE)
            .query("What is 3+3?")
            .candidate("good", "6")
            .candidate("bad", "33")
            .build();
    // when
    judge.judge(pair());
    judge.judge(otherPair);
    judge.judge(otherQuery);
    // then: four prompts about 2+2 (two pairs, both orders) share one key; 3+3 has its own
    var keys =
        model.requests().stream().map(r -> r.affinityKey().orElseThrow()).distinct().toList();
    assertThat(model.requests()).hasSize(6);
    assertThat(keys).hasSize(2);
    assertThat(
            model.requests().stream()
                .filter(r -> r.messages().get(1).content().contains("2+2"))
                .map(r -> r.affinityKey().orElseThrow())
                .distinct())
        .hasSize(1);
  }
}
