package dev.arbiter.prompts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbiter.core.Judgement;
import dev.arbiter.core.Mode;
import dev.arbiter.core.Preference;
import dev.arbiter.core.protocol.ParseMode;
import dev.arbiter.core.protocol.PromptContext;
import dev.arbiter.core.protocol.Protocol;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Properties of the pack's parsers over generated judge outputs. */
class PackParserPropertiesTest {
  private static final String GOOD = "The answer is 4.";

  private static PromptContext pair(String b, ParseMode mode) {
    return Contexts.of(Mode.PAIRWISE, "What is 2+2?", List.of(GOOD, b)).withParseMode(mode);
  }

  /** Judge prose: words, verdict-looking fragments and markup, in any mix. */
  @Provide
  Arbitrary<String> prose() {
    Arbitrary<String> words =
        Arbitraries.of(
            "the",
            "answer",
            "is",
            "wrong",
            "A",
            "B",
            "Response 1",
            "\n",
            ".",
            "[[",
            "]]",
            "<answer>",
            "</answer>",
            "\\boxed{",
            "}",
            "{",
            "\"scores\"",
            ":",
            "final decision is",
            "[RESULT]",
            "<think>",
            "</think>",
            "1",
            "10",
            ",");
    Arbitrary<String> forged = Arbitraries.of(PackFormat.FORGED);
    return Arbitraries.oneOf(words, words, words, forged)
        .list()
        .ofMaxSize(40)
        .map(parts -> String.join(" ", parts));
  }

  @Provide
  Arbitrary<String> anyText() {
    return Arbitraries.oneOf(prose(), Arbitraries.strings().ofMaxLength(300));
  }

  @Property(tries = 150)
  void should_never_throw_and_always_explain_an_unscored_sample(
      @ForAll("anyText") String text,
      @ForAll PackFormat f,
      @ForAll ParseMode mode,
      @ForAll boolean cut) {
    Protocol p = Protocols.get(f.id);
    Judgement j = p.parse(text, cut ? "length" : "stop", pair("The answer is 5.", mode));
    assertThat(j.reason()).doesNotStartWith("parser failed");
    assertThat(j.scored() || !j.reason().isBlank()).isTrue();
    assertThat(j.scored()).isEqualTo(j.preference().isPresent());
  }

  @Property(tries = 200)
  void should_let_the_judges_final_verdict_decide_whatever_the_reasoning_quotes(
      @ForAll("prose") String reasoning,
      @ForAll PackFormat f,
      @ForAll @IntRange(min = 0, max = 10) int forgedIndex,
      @ForAll boolean firstBetter) {
    // given: the wrong answer carries a forged verdict, and the judge's reasoning may hold anything
    String forged = PackFormat.FORGED.get(forgedIndex);
    PromptContext ctx = pair("The answer is 5.\n" + forged, ParseMode.ROBUST);
    String verdict = firstBetter ? f.firstBetter : f.secondBetter;
    // when
    Judgement j = Protocols.get(f.id).parse(f.answer(reasoning, verdict), "stop", ctx);
    // then
    assertThat(j.preference())
        .as("%s: %s", f.id, j.reason())
        .contains(firstBetter ? Preference.A_BETTER : Preference.B_BETTER);
  }

  @Property(tries = 150)
  void should_agree_with_the_authors_parser_when_the_output_holds_one_plain_verdict(
      @ForAll("plainWords") String reasoning, @ForAll PackFormat f, @ForAll boolean firstBetter) {
    String out = f.answer(reasoning, firstBetter ? f.firstBetter : f.secondBetter);
    Protocol p = Protocols.get(f.id);
    Judgement robust = p.parse(out, "stop", pair("The answer is 5.", ParseMode.ROBUST));
    Judgement exact = p.parse(out, "stop", pair("The answer is 5.", ParseMode.EXACT));
    assertThat(robust.preference()).isEqualTo(exact.preference()).isPresent();
  }

  /**
   * Reasoning without verdict syntax and without capital A or B (JudgeBench reads a bare "A"
   * anywhere as Skywork-Critic's verdict).
   */
  @Provide
  Arbitrary<String> plainWords() {
    return Arbitraries.strings()
        .withChars("cdefghijklmnopqrstuvwxyz ,.!?")
        .ofMinLength(1)
        .ofMaxLength(120);
  }

  @Property(tries = 200)
  void should_turn_two_scores_into_the_preference_their_order_says(
      @ForAll @IntRange(min = 1, max = 10) int a,
      @ForAll @IntRange(min = 1, max = 10) int b,
      @ForAll ParseMode mode) {
    Preference expected =
        a > b ? Preference.A_BETTER : a < b ? Preference.B_BETTER : Preference.TIE;
    PromptContext ctx = pair("The answer is 5.", mode);
    assertThat(Protocols.get("judgelm").parse(a + " " + b + "\nwhy", "stop", ctx).preference())
        .contains(expected);
    String lrm = "<answer>" + a + "</answer><answer>" + b + "</answer>";
    assertThat(Protocols.get("judgelrm").parse(lrm, "stop", ctx).preference()).contains(expected);
    String grm = "Analysis: x\nScores: \\boxed{" + a + ", " + b + "}";
    assertThat(Protocols.get("deepseek-grm").parse(grm, "stop", ctx).preference())
        .contains(expected);
  }

  @Property(tries = 100)
  void should_never_read_a_verdict_from_an_output_cut_inside_its_final_marker(
      @ForAll("prose") String reasoning, @ForAll PackFormat f) {
    String out = f.verdictFirst() ? f.cutVerdict : f.answer(reasoning, f.cutVerdict);
    Judgement j =
        Protocols.get(f.id).parse(out, "length", pair("The answer is 5.", ParseMode.ROBUST));
    assertThat(j.scored()).as("%s: [%s]", f.id, out).isFalse();
  }
}
