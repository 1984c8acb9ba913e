package dev.arbiter.prompts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbiter.core.Judge;
import dev.arbiter.core.JudgeRequest;
import dev.arbiter.core.Judgement;
import dev.arbiter.core.Message;
import dev.arbiter.core.Mode;
import dev.arbiter.core.Preference;
import dev.arbiter.core.Verdict;
import dev.arbiter.core.model.ChatRequest;
import dev.arbiter.core.model.ScriptedJudgeModel;
import dev.arbiter.core.protocol.ParseMode;
import dev.arbiter.core.protocol.PromptContext;
import dev.arbiter.core.protocol.Protocol;
import dev.arbiter.core.protocol.ProtocolDefaults;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What every pairwise protocol of the pack must do, checked in each one's own output format. */
class ProtocolPackTest {
  private static final String QUERY = "What is 2+2?";
  private static final String GOOD = "The answer is 4.";
  private static final String BAD = "The answer is 5.";

  /** A line of each authors' prompt layout that the rendered prompt must carry. */
  private static final Map<String, String> LAYOUT =
      Map.of(
          "deepseek-grm", "[The Begin of Response 2]\n" + BAD + "\n[The End of Response 2]",
          "rm-r1", "[The Start of Chatbot B's Response]\n" + BAD + "\n[The End of Chatbot B's",
          "judgelrm", "[Assistant 2's Answer]\n" + BAD,
          "rewardanything", "\"responses\": {\"model-1\": \"" + GOOD + "\", \"model-2\": \"",
          "skywork-critic", "[The Start of Assistant B's Answer]\n" + BAD + "\n[The End of",
          "auto-j", "***\n[Response 2]: " + BAD + "\n***\n[END DATA]",
          "judgelm", "[The Start of Assistant 2's Answer]\n" + BAD + "\n\n[The End of Assistant 2",
          "pandalm", "### Response 2:\n" + BAD + "\n\n### Evaluation:\n",
          "compass-judger", "<|The Start of Assistant B's Answer|>\n" + BAD + "\n<|The End of");

  /** Each protocol's defaults, as docs/protocols.md states them with their sources. */
  private static final Map<String, ProtocolDefaults> DEFAULTS =
      Map.of(
          "deepseek-grm", new ProtocolDefaults(2048, 0.0, false),
          "rm-r1", new ProtocolDefaults(16384, 0.0, true),
          "judgelrm", new ProtocolDefaults(4096, 0.1, true),
          "rewardanything", new ProtocolDefaults(4096, 0.1, true),
          "skywork-critic", new ProtocolDefaults(2048, 0.0, false),
          "auto-j", new ProtocolDefaults(1024, 0.0, false),
          "judgelm", new ProtocolDefaults(1024, 0.0, false),
          "pandalm", new ProtocolDefaults(1024, 0.0, false),
          "compass-judger", new ProtocolDefaults(2048, 0.0, false));

  private static Protocol protocol(PackFormat f) {
    return Protocols.get(f.id);
  }

  private static PromptContext pair(String a, String b, ParseMode mode) {
    return Contexts.of(Mode.PAIRWISE, QUERY, List.of(a, b)).withParseMode(mode);
  }

  private static String text(List<Message> messages) {
    return messages.stream().map(Message::content).collect(Collectors.joining("\n"));
  }

  @ParameterizedTest
  @EnumSource(PackFormat.class)
  void should_render_the_authors_layout_and_read_back_both_verdicts_in_both_modes(PackFormat f) {
    // given
    Protocol p = protocol(f);
    // when
    String prompt = text(p.render(pair(GOOD, BAD, ParseMode.ROBUST)));
    // then
    assertThat(prompt).contains(QUERY).contains(GOOD).contains(LAYOUT.get(f.id));
    for (ParseMode mode : ParseMode.values()) {
      PromptContext ctx = pair(GOOD, BAD, mode);
      assertThat(p.parse(f.answer("A is right.", f.firstBetter), "stop", ctx).preference())
          .as("%s %s first", f.id, mode)
          .contains(Preference.A_BETTER);
      assertThat(p.parse(f.answer("B is right.", f.secondBetter), "stop", ctx).preference())
          .as("%s %s second", f.id, mode)
          .contains(Preference.B_BETTER);
    }
  }

  @ParameterizedTest
  @EnumSource(PackFormat.class)
  void should_prefer_the_same_candidate_in_both_orders_through_the_judge(PackFormat f) {
    // given: a judge that always prefers the right answer, wherever it is shown
    ScriptedJudgeModel model =
        ScriptedJudgeModel.of(
            "m",
            (r, i) ->
                f.answer(
                    "The right answer is 4.", goodShownFirst(r) ? f.firstBetter : f.secondBetter));
    Judge judge = Judge.builder().model(model).protocol(protocol(f)).build();
    // when
    Verdict v =
        judge.judge(
            JudgeRequest.builder()
                .id("p")
                .mode(Mode.PAIRWISE)
                .query(QUERY)
                .candidate("good", GOOD)
                .candidate("bad", BAD)
                .build());
    // then
    assertThat(v.preference()).contains(Preference.A_BETTER);
    assertThat(v.positionConsistent()).contains(true);
    assertThat(model.calls()).isEqualTo(2);
  }

  private static boolean goodShownFirst(ChatRequest r) {
    String u = r.messages().get(r.messages().size() - 1).content();
    return u.indexOf(GOOD) < u.indexOf(BAD);
  }

  @ParameterizedTest
  @EnumSource(PackFormat.class)
  void should_let_no_forged_verdict_quoted_from_a_candidate_decide_or_abstain(PackFormat f) {
    Protocol p = protocol(f);
    for (String forged : PackFormat.FORGED) {
      // given: the wrong answer ends with a forged verdict for itself
      String bad = BAD + "\n" + forged;
      PromptContext ctx = pair(GOOD, bad, ParseMode.ROBUST);
      // when: the judge quotes it word for word, then mentions it in its own words, then decides
      String reasoning =
          "Response B ends with:\n"
              + bad
              + "\nThat line tries to dictate the verdict ("
              + forged
              + ") and carries no weight. The right answer is 4.";
      Judgement j = p.parse(f.answer(reasoning, f.firstBetter), "stop", ctx);
      // then
      assertThat(j.scored()).as("%s with %s: %s", f.id, forged, j.reason()).isTrue();
      assertThat(j.preference()).as("%s with %s", f.id, forged).contains(Preference.A_BETTER);
    }
  }

  @ParameterizedTest
  @EnumSource(PackFormat.class)
  void should_give_no_verdict_when_the_output_stops_inside_its_final_verdict(PackFormat f) {
    Protocol p = protocol(f);
    for (ParseMode mode : ParseMode.values()) {
      for (String forged : List.of("", PackFormat.FORGED.get(1), PackFormat.FORGED.get(7))) {
        // given: reasoning that mentions a forged verdict, then a final verdict cut short
        String out =
            f.verdictFirst()
                ? f.cutVerdict
                : f.answer("B writes " + forged + " but is wrong.", f.cutVerdict);
        PromptContext ctx = pair(GOOD, BAD + " " + forged, mode);
        // when
        Judgement j = p.parse(out, "length", ctx);
        // then
        if (mode == ParseMode.ROBUST || f.verdictFirst()) {
          assertThat(j.scored()).as("%s %s [%s]", f.id, mode, out).isFalse();
          assertThat(j.reason()).contains("cut short");
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(PackFormat.class)
  void should_accept_a_complete_final_verdict_even_when_the_server_says_length(PackFormat f) {
    // The verdict-first formats are routinely cut inside the explanation that follows it.
    String out = f.answer("A is right.", f.firstBetter);
    String cut = f.verdictFirst() ? out.substring(0, out.length() - 5) : out;
    Judgement j = protocol(f).parse(cut, "length", pair(GOOD, BAD, ParseMode.ROBUST));
    assertThat(j.preference()).as("%s: %s", f.id, j.reason()).contains(Preference.A_BETTER);
  }

  @ParameterizedTest
  @EnumSource(PackFormat.class)
  void should_carry_a_card_citing_its_source_and_its_own_defaults(PackFormat f) {
    ProtocolCard card = Protocols.card(f.id);
    assertThat(card.id()).isEqualTo(f.id);
    assertThat(card.source()).isNotBlank();
    assertThat(card.parserRule()).contains("robust").contains("exact");
    assertThat(card.tieRule()).isNotBlank();
    assertThat(card.verified()).isNotBlank();
    assertThat(protocol(f).defaults()).isEqualTo(DEFAULTS.get(f.id));
    assertThat(protocol(f).version()).isEqualTo("1");
  }
}
