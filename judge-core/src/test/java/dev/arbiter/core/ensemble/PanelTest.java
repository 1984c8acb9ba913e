package dev.arbiter.core.ensemble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.core.Composition;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.Judge;
import dev.arbiter.core.JudgeRequest;
import dev.arbiter.core.Mode;
import dev.arbiter.core.Preference;
import dev.arbiter.core.Provenance;
import dev.arbiter.core.SamplingParams;
import dev.arbiter.core.Status;
import dev.arbiter.core.Verdict;
import dev.arbiter.core.json.VerdictJson;
import dev.arbiter.core.model.ChatRequest;
import dev.arbiter.core.model.ScriptedJudgeModel;
import dev.arbiter.core.testing.LabelProtocol;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class PanelTest {

  static JudgeRequest pointwise() {
    return JudgeRequest.builder().id("r1").query("What is 2+2?").candidate("a", "4").build();
  }

  static JudgeRequest pair() {
    return JudgeRequest.builder()
        .id("p1")
        .mode(Mode.PAIRWISE)
        .query("What is 2+2?")
        .candidate("good", "4")
        .candidate("bad", "5")
        .build();
  }

  static Judge scoring(String model, int score) {
    return Judge.builder()
        .model(ScriptedJudgeModel.constant(model, "SCORE: " + score))
        .protocol(new LabelProtocol())
        .build();
  }

  /** A judge whose model prefers the candidate named {@code favourite} in both orders. */
  static Judge preferring(String model, String favourite) {
    return Judge.builder()
        .model(
            ScriptedJudgeModel.of(
                model, (r, i) -> shownFirst(r).equals(favourite) ? "PREF: A>B" : "PREF: B>A"))
        .protocol(new LabelProtocol())
        .build();
  }

  private static String shownFirst(ChatRequest r) {
    String u = r.messages().get(1).content();
    return u.indexOf("CANDIDATE good") < u.indexOf("CANDIDATE bad") ? "good" : "bad";
  }

  @Test
  void should_decide_with_full_agreement_when_the_members_agree() {
    // given
    Judge panel =
        Panel.builder().member("m1", scoring("m1", 8)).member("m2", scoring("m2", 8)).build();
    // when
    Verdict v = panel.judge(pointwise());
    // then
    assertThat(v.status()).isEqualTo(Status.SCORED);
    assertThat(v.score().get()).isCloseTo(8.0, offset(1e-9));
    assertThat(v.confidence().agreement()).isEqualTo(1.0);
    assertThat(v.confidence().distribution()).isEqualTo(Map.of("8", 2));
    assertThat(v.composition().get().kind()).isEqualTo(Composition.Kind.PANEL);
    assertThat(v.composition().get().members())
        .extracting(Composition.Member::name)
        .containsExactly("m1", "m2");
    assertThat(v.provenance().model()).isEqualTo("panel(m1,m2)");
    assertThat(v.usage().calls()).isEqualTo(2);
  }

  @Test
  void should_lower_the_agreement_when_the_members_disagree() {
    // given: two members prefer the right answer, one the wrong one
    Judge panel =
        Panel.builder()
            .member("m1", preferring("m1", "good"))
            .member("m2", preferring("m2", "good"))
            .member("m3", preferring("m3", "bad"))
            .build();
    // when
    Verdict v = panel.judge(pair());
    // then: A wins with two of three members behind it
    assertThat(v.status()).isEqualTo(Status.SCORED);
    assertThat(v.confidence().distribution()).isEqualTo(Map.of("A", 2, "B", 1));
    assertThat(v.composition().get().members())
        .extracting(m -> m.verdict().preference().orElseThrow())
        .containsExactly(Preference.A_BETTER, Preference.A_BETTER, Preference.B_BETTER);
    assertThat(v.preference()).contains(Preference.A_BETTER);
    assertThat(v.confidence().agreement()).isCloseTo(2.0 / 3, offset(1e-9));
    assertThat(v.confidence().entropy()).isGreaterThan(0.9);
  }

  @Test
  void should_side_with_the_majority_of_the_weight() {
    // given: one member of weight 3 for "bad" against two of weight 1 for "good"
    Judge panel =
        Panel.builder()
            .member("m1", preferring("m1", "bad"), 3.0)
            .member("m2", preferring("m2", "good"), 1.0)
            .member("m3", preferring("m3", "good"), 1.0)
            .build();
    // when
    Verdict v = panel.judge(pair());
    // then: 3 of 5 weight units behind B, though most members said A
    assertThat(v.preference()).contains(Preference.B_BETTER);
    assertThat(v.confidence().agreement()).isCloseTo(0.6, offset(1e-9));
    assertThat(v.confidence().distribution()).isEqualTo(Map.of("A", 2, "B", 1));
  }

  @Test
  void should_weight_the_members_scores() {
    // given
    Judge panel =
        Panel.builder()
            .member("heavy", scoring("h", 10), 3.0)
            .member("light", scoring("l", 1), 1.0)
            .build();
    // when
    Verdict v = panel.judge(pointwise());
    // then: normalised (3 × 1 + 1 × 0) / 4 = 0.75 → 1 + 0.75 × 9 = 7.75
    assertThat(v.normalizedScore().get()).isCloseTo(0.75, offset(1e-9));
    assertThat(v.score().get()).isCloseTo(7.75, offset(1e-9));
    assertThat(v.confidence().agreement()).isCloseTo(0.75, offset(1e-9));
    assertThat(v.confidence().stdDev().get()).isCloseTo(Math.sqrt(0.75 * 0.25), offset(1e-9));
  }

  @Test
  void should_record_a_failing_member_and_decide_with_the_others() {
    // given: one member's model fails, another member's judge throws outright
    Judge failingModel =
        Judge.builder()
            .model(
                ScriptedJudgeModel.of(
                    "down",
                    (r, i) -> {
                      throw new IllegalStateException("connection refused");
                    }))
            .protocol(new LabelProtocol())
            .build();
    Judge throwing = throwingJudge();
    Judge panel =
        Panel.builder()
            .member("ok", scoring("ok", 6))
            .member("down", failingModel)
            .member("broken", throwing)
            .build();
    // when
    Verdict v = panel.judge(pointwise());
    // then
    assertThat(v.status()).isEqualTo(Status.SCORED);
    assertThat(v.score()).contains(6.0);
    List<Composition.Member> members = v.composition().get().members();
    assertThat(members.get(1).verdict().status()).isEqualTo(Status.ERROR);
    assertThat(members.get(1).verdict().reason()).contains("connection refused");
    assertThat(members.get(2).verdict().status()).isEqualTo(Status.ERROR);
    assertThat(members.get(2).verdict().reason()).contains("boom");
    JsonNode json = VerdictJson.of(1, v, false);
    assertThat(json.get("panel")).hasSize(3);
    assertThat(json.get("panel").get(0).get("judge").asText()).isEqualTo("ok");
    assertThat(json.get("panel").get(0).get("score").asDouble()).isEqualTo(6.0);
    assertThat(json.get("panel").get(1).get("status").asText()).isEqualTo("ERROR");
    assertThat(json.get("panel").get(2).get("reason").asText()).contains("boom");
  }

  @Test
  void should_be_an_error_when_every_member_fails() {
    Judge panel = Panel.builder().member("a", throwingJudge()).member("b", throwingJudge()).build();

    Verdict v = panel.judge(pointwise());

    assertThat(v.status()).isEqualTo(Status.ERROR);
    assertThat(v.reason()).contains("no panel member decided").contains("a: ERROR");
    assertThat(v.composition().get().members()).hasSize(2);
  }

  @Test
  void should_ask_every_member_before_any_has_answered() {
    // given: members whose answers arrive only when the test releases them
    List<CompletableFuture<Verdict>> pending = new CopyOnWriteArrayList<>();
    Judge held = heldJudge(pending);
    Judge panel = Panel.builder().member("a", held).member("b", held).build();
    // when
    CompletableFuture<Verdict> result = panel.judgeAsync(pointwise());
    // then: both were asked at once
    assertThat(pending).hasSize(2);
    assertThat(result).isNotDone();
    Verdict seven = scoring("s", 7).judge(pointwise());
    pending.forEach(f -> f.complete(seven));
    assertThat(result.join().score()).contains(7.0);
  }

  @Test
  void should_refuse_a_panel_of_one_or_repeated_names() {
    assertThatThrownBy(() -> Panel.builder().member("a", scoring("a", 1)).build())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("at least two members");
    assertThatThrownBy(
            () -> Panel.builder().member("a", scoring("a", 1)).member("a", scoring("b", 1)).build())
        .hasMessageContaining("'a' is repeated");
    assertThatThrownBy(() -> Panel.builder().member("a", scoring("a", 1), 0.0))
        .hasMessageContaining("must be > 0");
  }

  static Judge throwingJudge() {
    return new Judge() {
      @Override
      public CompletableFuture<Verdict> judgeAsync(JudgeRequest request) {
        throw new IllegalStateException("boom");
      }

      @Override
      public Provenance provenance() {
        return new Provenance("thrower", null, "label", "1", null, SamplingParams.DEFAULT);
      }
    };
  }

  private static Judge heldJudge(List<CompletableFuture<Verdict>> pending) {
    return new Judge() {
      @Override
      public CompletableFuture<Verdict> judgeAsync(JudgeRequest request) {
        CompletableFuture<Verdict> f = new CompletableFuture<>();
        pending.add(f);
        return f;
      }

      @Override
      public Provenance provenance() {
        return new Provenance("held", null, "label", "1", null, SamplingParams.DEFAULT);
      }
    };
  }
}
