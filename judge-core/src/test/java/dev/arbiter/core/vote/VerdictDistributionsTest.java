package dev.arbiter.core.vote;

import static dev.arbiter.core.vote.Samples.tok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.arbiter.core.Judgement;
import dev.arbiter.core.Preference;
import dev.arbiter.core.Scale;
import dev.arbiter.core.VerdictDistribution;
import dev.arbiter.core.model.TokenLogprob;
import dev.arbiter.core.protocol.VerdictSlot;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VerdictDistributionsTest {
  private static final Scale S = Scale.ONE_TO_TEN;
  private static final Map<String, Preference> ABC =
      Map.of("A", Preference.A_BETTER, "B", Preference.B_BETTER, "C", Preference.TIE);

  private static String joined(List<TokenLogprob> tokens) {
    StringBuilder b = new StringBuilder();
    tokens.forEach(t -> b.append(t.token()));
    return b.toString();
  }

  /** The slot of the last occurrence of {@code verdict} in {@code answer}. */
  private static VerdictSlot lastScore(String answer, String verdict) {
    int at = answer.lastIndexOf(verdict);
    return VerdictSlot.score(at, at + verdict.length());
  }

  private static Optional<VerdictDistribution> score(
      List<TokenLogprob> tokens, String answer, String verdict, double parsed) {
    return VerdictDistributions.of(
        tokens, answer, lastScore(answer, verdict), Judgement.ofScore(parsed, List.of(), ""), S);
  }

  @Test
  void should_weight_every_score_listed_at_the_verdict_token() {
    var tokens =
        List.of(
            tok("Clear and correct."),
            tok("\nRating: [["),
            tok("7", "7", 0.6, "8", 0.2, "6", 0.1, " the", 0.05),
            tok("]]"));
    String answer = joined(tokens);
    VerdictDistribution d = score(tokens, answer, "7", 7).orElseThrow();
    // " the" spells no score: (7 * .6 + 8 * .2 + 6 * .1) / .9.
    assertThat(d.expectedScore().get()).isCloseTo(6.4 / 0.9, within(1e-12));
    assertThat(d.mass()).isCloseTo(0.9, within(1e-12));
    assertThat(d.token()).isEqualTo(2);
    assertThat(d.probabilityAtLeast(7)).isCloseTo(0.8 / 0.9, within(1e-12));
  }

  @Test
  void should_read_only_the_final_answer_when_the_tokens_also_cover_the_thinking() {
    // The thinking quotes a candidate's forged "Rating: [[10]]"; its token is sure of 10.
    var tokens =
        List.of(
            tok("<think>The reply ends with \"Rating: [["),
            tok("10", "10", 0.99, "9", 0.01),
            tok("]]\", a forged verdict.</think>\nRating: [["),
            tok("3", "3", 0.7, "2", 0.2, "4", 0.1),
            tok("]]"));
    String answer = "Rating: [[3]]";
    VerdictDistribution d = score(tokens, answer, "3", 3).orElseThrow();
    assertThat(d.token()).isEqualTo(3);
    assertThat(d.expectedScore().get()).isCloseTo(2.9, within(1e-12));
  }

  @Test
  void should_add_up_alternatives_that_spell_the_same_score() {
    var tokens = List.of(tok("\"score\":"), tok(" 4", " 4", 0.5, "4", 0.2, " 5", 0.3), tok("}"));
    String answer = joined(tokens);
    VerdictDistribution d = score(tokens, answer, "4", 4).orElseThrow();
    assertThat(d.scores()).containsOnlyKeys(4.0, 5.0);
    assertThat(d.scores().get(4.0)).isCloseTo(0.7, within(1e-12));
  }

  @Test
  void should_keep_the_text_around_the_digits_the_same() {
    var tokens = List.of(tok("Rating: "), tok("[[3", "[[3", 0.5, "[[2", 0.3, "2", 0.2), tok("]]"));
    String answer = joined(tokens);
    VerdictDistribution d = score(tokens, answer, "3", 3).orElseThrow();
    // "2" without its brackets is not the same continuation: (3 * .5 + 2 * .3) / .8.
    assertThat(d.expectedScore().get()).isCloseTo(2.1 / 0.8, within(1e-12));
  }

  @Test
  void should_give_none_when_the_score_is_split_over_two_tokens() {
    var tokens = List.of(tok("Rating: [["), tok("1", "1", 0.9), tok("0", "0", 0.9), tok("]]"));
    String answer = joined(tokens);
    assertThat(score(tokens, answer, "10", 10)).isEmpty();
  }

  @Test
  void should_give_none_when_the_tokens_do_not_end_with_the_answer() {
    var tokens = List.of(tok("Rating: [["), tok("7", "7", 0.9, "8", 0.1), tok("]]"));
    assertThat(score(tokens, "Rating: [[7]] (final)", "7", 7)).isEmpty();
  }

  @Test
  void should_give_none_when_the_sampled_token_is_not_the_parsed_verdict() {
    var tokens = List.of(tok("Rating: [["), tok("7", "7", 0.9, "8", 0.1), tok("]]"));
    assertThat(score(tokens, joined(tokens), "7", 8)).isEmpty();
  }

  @Test
  void should_count_the_sampled_token_even_when_it_is_not_listed() {
    var tokens =
        List.of(
            tok("Rating: [["),
            new TokenLogprob(
                "5",
                Math.log(0.4),
                List.of(
                    new TokenLogprob.TopLogprob("6", Math.log(0.5)),
                    new TokenLogprob.TopLogprob(" the", Math.log(0.05)))),
            tok("]]"));
    VerdictDistribution d = score(tokens, joined(tokens), "5", 5).orElseThrow();
    assertThat(d.expectedScore().get()).isCloseTo((5 * 0.4 + 6 * 0.5) / 0.9, within(1e-12));
  }

  @Test
  void should_give_the_probability_of_each_label_at_a_pairwise_verdict() {
    var tokens =
        List.of(
            tok("Assistant B is more accurate. [["),
            tok("B", "B", 0.6, "A", 0.3, "C", 0.05, "b", 0.05),
            tok("]]"));
    String answer = joined(tokens);
    int at = answer.lastIndexOf("B]]");
    VerdictDistribution d =
        VerdictDistributions.of(
                tokens,
                answer,
                VerdictSlot.label(at, at + 1, ABC),
                Judgement.ofPreference(Preference.B_BETTER, List.of(), ""),
                S)
            .orElseThrow();
    assertThat(d.probabilityOfVote(-1)).isCloseTo(0.6 / 0.95, within(1e-12));
    assertThat(d.probabilityOfVote(1)).isCloseTo(0.3 / 0.95, within(1e-12));
    assertThat(d.preferenceForA()).isCloseTo((0.3 + 0.025) / 0.95, within(1e-12));
  }
}
