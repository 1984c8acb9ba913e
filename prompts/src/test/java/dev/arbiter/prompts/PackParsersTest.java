package dev.arbiter.prompts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbiter.core.Judgement;
import dev.arbiter.core.Message;
import dev.arbiter.core.Mode;
import dev.arbiter.core.Preference;
import dev.arbiter.core.Scale;
import dev.arbiter.core.protocol.ParseMode;
import dev.arbiter.core.protocol.PromptContext;
import dev.arbiter.core.protocol.Protocol;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each pack protocol on outputs in its authors' own example format, and the quirks of each authors'
 * parser that exact mode keeps and robust mode drops.
 */
class PackParsersTest {
  private static final PromptContext PAIR = Contexts.pairwise("4", "5");
  private static final PromptContext PAIR_EXACT = PAIR.withParseMode(ParseMode.EXACT);

  private static Preference pref(String id, String out, PromptContext ctx) {
    Judgement j = Protocols.get(id).parse(out, "stop", ctx);
    assertThat(j.scored()).as("%s: %s", id, j.reason()).isTrue();
    return j.preference().orElseThrow();
  }

  private static String reason(String id, String out, PromptContext ctx) {
    Judgement j = Protocols.get(id).parse(out, "stop", ctx);
    assertThat(j.scored()).as(id).isFalse();
    return j.reason();
  }

  // ---- deepseek-grm

  @Test
  void should_read_deepseek_grm_scores_from_the_papers_three_line_format() {
    String out =
        "Specific Criteria: Accuracy of the sum (Weight: 60%); brevity (Weight: 40%).\n"
            + "Analysis: Response 1 gives the right sum. Response 2 is wrong.\n"
            + "Scores: \\boxed{9, 2}";
    assertThat(pref("deepseek-grm", out, PAIR)).isEqualTo(Preference.A_BETTER);
    assertThat(pref("deepseek-grm", out.replace("9, 2", "6, 6"), PAIR)).isEqualTo(Preference.TIE);
    Judgement one =
        Protocols.get("deepseek-grm")
            .parse(
                "Specific Criteria: x.\nAnalysis: fine.\nScores: \\boxed{7}",
                "stop", Contexts.pointwise("4"));
    assertThat(one.score()).contains(7.0);
    assertThat(one.critique()).startsWith("Specific Criteria").doesNotContain("boxed");
  }

  @Test
  void should_refuse_a_deepseek_grm_box_with_the_wrong_number_of_scores_or_off_the_scale() {
    assertThat(reason("deepseek-grm", "Scores: \\boxed{9}", PAIR_EXACT))
        .contains("holds 1 scores, not one per response (2)");
    assertThat(reason("deepseek-grm", "Scores: \\boxed{11, 2}", PAIR))
        .contains("outside the scale");
    assertThat(reason("deepseek-grm", "Scores: 9 and 2", PAIR)).contains("no scores");
  }

  @Test
  void should_render_rubric_criteria_as_deepseek_grms_evaluation_criteria() {
    PromptContext ctx = Contexts.withRubric(Contexts.pairwise("4", "5"), Contexts.RUBRIC);
    String user = Protocols.get("deepseek-grm").render(ctx).get(0).content();
    assertThat(user)
        .contains("#### Evaluation Criteria ####\n1. cites-sources: Every factual claim")
        .contains("2. correctness: The answer is factually right.")
        .doesNotContain("Instruction Adherence");
  }

  // ---- rm-r1

  @Test
  void should_read_rm_r1_like_its_authors_in_exact_mode_including_their_order_of_checks() {
    // process_judgement: "[[A]]" anywhere wins over "[[B]]", wherever they stand
    String out = "<eval>B says [[A]] is wrong</eval>\n<answer>[[B]]</answer>";
    assertThat(pref("rm-r1", out, PAIR_EXACT)).isEqualTo(Preference.A_BETTER);
    assertThat(pref("rm-r1", out, PAIR)).isEqualTo(Preference.B_BETTER);
  }

  @Test
  void should_refuse_an_rm_r1_answer_block_that_is_not_a_label_or_never_closes() {
    assertThat(reason("rm-r1", "<answer>[[A]]</answer> later: <answer>[[C]]</answer>", PAIR))
        .isEqualTo("the last <answer> block holds '[[C]]', not [[A]] or [[B]]");
    assertThat(reason("rm-r1", "<answer>[[A]]</answer>\n<answer>[[B]]", PAIR))
        .isEqualTo("the last <answer> block is never closed");
    assertThat(reason("rm-r1", "A is better.", PAIR))
        .isEqualTo("no final judgment such as <answer>[[A]]</answer> found");
  }

  @Test
  void should_render_rm_r1s_system_prompt_and_client_question() {
    List<Message> m = Protocols.get("rm-r1").render(PAIR);
    assertThat(m.get(0).content())
        .startsWith(
            "Please act as an impartial judge and evaluate the quality of the responses"
                + " provided by two AI Chatbots")
        .endsWith("<answer>[[A/B]]</answer>");
    assertThat(m.get(1).content()).startsWith("[Client Question]\nWhat is 2+2?\n\n");
  }

  // ---- judgelrm

  @Test
  void should_read_judgelrms_example_answer_tags_and_its_tie() {
    assertThat(pref("judgelrm", "<think>...</think><answer>3</answer><answer>5</answer>", PAIR))
        .isEqualTo(Preference.B_BETTER);
    assertThat(pref("judgelrm", "<answer>7</answer><answer>7</answer>", PAIR))
        .isEqualTo(Preference.TIE);
    assertThat(pref("judgelrm", "<answer> 8.5 </answer>\n<answer>6</answer>", PAIR))
        .isEqualTo(Preference.A_BETTER);
  }

  @Test
  void should_keep_judgelrms_tie_fallback_in_exact_mode_only() {
    // parse_judge_lrm_response: fewer than two scores raise and return 0 (a tie)
    assertThat(pref("judgelrm", "<answer>9</answer>", PAIR_EXACT)).isEqualTo(Preference.TIE);
    assertThat(reason("judgelrm", "<answer>9</answer>", PAIR)).contains("no two scores");
    // exact reads the first two tags, robust the last two
    String three = "<answer>2</answer><answer>9</answer><answer>6</answer>";
    assertThat(pref("judgelrm", three, PAIR_EXACT)).isEqualTo(Preference.B_BETTER);
    assertThat(pref("judgelrm", three, PAIR)).isEqualTo(Preference.A_BETTER);
  }

  // ---- rewardanything

  @Test
  void should_read_rewardanythings_json_in_every_mode() {
    String out =
        "<think>Response model-2 follows the principle.</think>\n```json\n{\n  \"scores\":"
            + " {\"model-1\": 2, \"model-2\": 4},\n  \"best-to-worst\": [\"model-2\", \"model-1\"]\n}\n```";
    assertThat(pref("rewardanything", out, PAIR)).isEqualTo(Preference.B_BETTER);
    assertThat(pref("rewardanything", out, PAIR_EXACT)).isEqualTo(Preference.B_BETTER);
    PromptContext list = Contexts.of(Mode.LISTWISE, "q", List.of("x", "y", "z"));
    String ranked =
        "{\"scores\": {\"model-1\": 2, \"model-2\": 4, \"model-3\": 3},"
            + " \"best-to-worst\": [\"model-2\", \"model-3\", \"model-1\"]}";
    assertThat(Protocols.get("rewardanything").parse(ranked, "stop", list).ranking())
        .containsExactly(1, 2, 0);
    PromptContext one = Contexts.withScale(Contexts.pointwise("4"), Scale.ONE_TO_FIVE);
    assertThat(
            Protocols.get("rewardanything")
                .parse(
                    "{\"scores\": {\"model-1\": 4}, \"best-to-worst\": [\"model-1\"]}", "stop", one)
                .score())
        .contains(4.0);
  }

  @Test
  void should_break_equal_rewardanything_scores_by_the_judges_best_to_worst_order() {
    String out =
        "{\"scores\": {\"model-1\": 3, \"model-2\": 3}, \"best-to-worst\": [\"model-2\", \"model-1\"]}";
    assertThat(pref("rewardanything", out, PAIR)).isEqualTo(Preference.B_BETTER);
    assertThat(pref("rewardanything", "{\"scores\": {\"model-1\": 3, \"model-2\": 3}}", PAIR))
        .isEqualTo(Preference.TIE);
  }

  @Test
  void should_repair_rewardanything_json_as_its_authors_do_in_exact_mode() {
    // fix_json_format: single quotes, a bare key, a trailing comma, the best-to-worse typo
    String out = "{'scores': {'model-1': 5, 'model-2': 1,}, best-to-worse: ['model-1', 'model-2']}";
    assertThat(pref("rewardanything", out, PAIR_EXACT)).isEqualTo(Preference.A_BETTER);
    // two objects: the authors' first-to-last-brace span does not parse, robust takes the last
    String two =
        "{\"scores\": {\"model-1\": 1, \"model-2\": 5}} then {\"scores\": {\"model-1\": 5,"
            + " \"model-2\": 1}}";
    assertThat(reason("rewardanything", two, PAIR_EXACT)).contains("no JSON object");
    assertThat(pref("rewardanything", two, PAIR)).isEqualTo(Preference.A_BETTER);
  }

  @Test
  void should_send_rewardanything_the_json_user_message_its_authors_build() {
    PromptContext ctx = Contexts.pairwise("Line \"one\"\nLine two", "Zwei – ü");
    List<Message> m = Protocols.get("rewardanything").render(ctx);
    assertThat(m.get(0).content()).startsWith("You are an evaluator judging model responses");
    assertThat(m.get(1).content())
        .isEqualTo(
            "{\"principle\": \""
                + ProtocolPack.DEFAULT_PRINCIPLE
                + "\", \"prompt\": \"What is 2+2?\", \"responses\": {\"model-1\": \"Line"
                + " \\\"one\\\"\\nLine two\", \"model-2\": \"Zwei – ü\"}}");
    String withRubric =
        Protocols.get("rewardanything")
            .render(Contexts.withRubric(ctx, Contexts.RUBRIC))
            .get(1)
            .content();
    assertThat(withRubric).startsWith("{\"principle\": \"Every factual claim names its source.\\n");
  }

  // ---- skywork-critic

  @Test
  void should_read_skywork_critic_like_judgebench_in_exact_mode_and_by_label_in_robust_mode() {
    assertThat(pref("skywork-critic", "[[B]]", PAIR)).isEqualTo(Preference.B_BETTER);
    assertThat(pref("skywork-critic", "B", PAIR)).isEqualTo(Preference.B_BETTER);
    // JudgeBench: any capital A decides, even inside a word
    assertThat(pref("skywork-critic", "After review: [[B]]", PAIR_EXACT))
        .isEqualTo(Preference.A_BETTER);
    assertThat(pref("skywork-critic", "After review: [[B]]", PAIR)).isEqualTo(Preference.B_BETTER);
    assertThat(reason("skywork-critic", "Both are fine.", PAIR)).contains("no verdict");
  }

  // ---- auto-j

  @Test
  void should_read_auto_js_final_decision_statement() {
    String out =
        "1. The key factors to distinguish these two responses:\n- correctness\n\n"
            + "2. The final decision:\n\nSo, the final decision is Response 2. Though both are"
            + " short, Response 2 is right.";
    assertThat(pref("auto-j", out, PAIR)).isEqualTo(Preference.B_BETTER);
    assertThat(pref("auto-j", out, PAIR_EXACT)).isEqualTo(Preference.B_BETTER);
    assertThat(pref("auto-j", "So, the final decision is Tie.", PAIR)).isEqualTo(Preference.TIE);
    assertThat(pref("auto-j", "the final decision is: **Response 1**", PAIR))
        .isEqualTo(Preference.A_BETTER);
    assertThat(reason("auto-j", "the final decision is: **Response 1**", PAIR_EXACT))
        .isEqualTo("no \"final decision is\" statement found");
  }

  // ---- judgelm

  @Test
  void should_read_judgelms_first_line_scores() {
    String out = "8 5\nAssistant 1 gave the correct sum; Assistant 2 did not.";
    assertThat(pref("judgelm", out, PAIR)).isEqualTo(Preference.A_BETTER);
    assertThat(pref("judgelm", out, PAIR_EXACT)).isEqualTo(Preference.A_BETTER);
    assertThat(pref("judgelm", "6.5 9\nwhy", PAIR)).isEqualTo(Preference.B_BETTER);
    assertThat(pref("judgelm", "7 7\nequal", PAIR)).isEqualTo(Preference.TIE);
  }

  @Test
  void should_keep_judgebenchs_judgelm_quirks_in_exact_mode_only() {
    // "8, 5" becomes "8  5", which splits into three parts: JudgeBench reads [-1, -1], a tie
    assertThat(pref("judgelm", "8, 5\nwhy", PAIR_EXACT)).isEqualTo(Preference.TIE);
    assertThat(pref("judgelm", "8, 5\nwhy", PAIR)).isEqualTo(Preference.A_BETTER);
    assertThat(pref("judgelm", "Assistant 1 is better.", PAIR_EXACT)).isEqualTo(Preference.TIE);
    assertThat(reason("judgelm", "Assistant 1 is better.", PAIR)).contains("is not two scores");
    assertThat(reason("judgelm", "12 3\nwhy", PAIR)).contains("outside the scale");
  }

  // ---- pandalm

  @Test
  void should_read_pandalms_verdict_line() {
    String out = "2\n\n### Reason: Response 2 is correct.\n\n### Reference: 2+2 is 4.";
    assertThat(pref("pandalm", out, PAIR)).isEqualTo(Preference.B_BETTER);
    assertThat(pref("pandalm", out, PAIR_EXACT)).isEqualTo(Preference.B_BETTER);
    assertThat(pref("pandalm", "Tie\n\n### Reason: same", PAIR)).isEqualTo(Preference.TIE);
    assertThat(pref("pandalm", "Response 1 is better", PAIR_EXACT)).isEqualTo(Preference.TIE);
    assertThat(reason("pandalm", "Response 1 is better", PAIR)).contains("is not 1, 2 or Tie");
  }

  @Test
  void should_clean_special_tokens_from_pandalm_responses_and_end_with_a_newline() {
    String user =
        Protocols.get("pandalm").render(Contexts.pairwise(" 4</s> ", "<s>5")).get(0).content();
    assertThat(user)
        .contains("### Response 1:\n4\n\n### Response 2:\n5\n\n")
        .endsWith("### Evaluation:\n");
  }

  // ---- compass-judger

  @Test
  void should_read_compass_judger_labels_unanimously_in_exact_mode_and_the_last_in_robust_mode() {
    String out = "A is slightly better [[A>B]]... on reflection, My final verdict is: [[A>>B]]";
    assertThat(reason("compass-judger", out, PAIR_EXACT)).startsWith("conflicting verdict labels");
    assertThat(pref("compass-judger", out, PAIR)).isEqualTo(Preference.A_MUCH_BETTER);
    assertThat(pref("compass-judger", "My final verdict is tie: [[A=B]]", PAIR_EXACT))
        .isEqualTo(Preference.TIE);
  }

  @Test
  void should_render_the_published_arena_hard_prompt_for_compass_judger() {
    List<Message> m = Protocols.get("compass-judger").render(PAIR);
    assertThat(m.get(0).content())
        .startsWith("Please act as an impartial judge")
        .endsWith("Example output: \"My final verdict is tie: [[A=B]]\".");
    assertThat(m.get(1).content()).startsWith("<|User Prompt|>\nWhat is 2+2?\n\n");
  }

  // ---- shared

  @Test
  void should_fold_earlier_turns_into_the_question_of_single_turn_prompts() {
    PromptContext ctx =
        new PromptContext(
            Mode.PAIRWISE,
            List.of(Message.user("Hi"), Message.assistant("Hello!"), Message.user("And 2+2?")),
            Contexts.candidates(List.of("4", "5")),
            java.util.Optional.empty(),
            java.util.Optional.empty(),
            Scale.ONE_TO_TEN,
            List.of());
    String user = Protocols.get("auto-j").render(ctx).get(0).content();
    assertThat(user).contains("[Query]: User: Hi\n\nAssistant: Hello!\n\nUser: And 2+2?\n***");
  }

  @Test
  void should_refuse_modes_a_pack_protocol_does_not_judge() {
    Protocol p = Protocols.get("judgelm");
    assertThat(p.modes()).containsExactly(Mode.PAIRWISE);
    assertThat(p.parse("8", "stop", Contexts.pointwise("4")).reason())
        .isEqualTo("protocol 'judgelm' does not judge pointwise");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> p.render(Contexts.pointwise("4")))
        .hasMessageContaining("judges [pairwise] but not pointwise");
  }

  @Test
  void should_list_every_pack_protocol_among_the_built_ins() {
    assertThat(Protocols.ids())
        .contains(
            "deepseek-grm",
            "rm-r1",
            "judgelrm",
            "rewardanything",
            "skywork-critic",
            "auto-j",
            "judgelm",
            "pandalm",
            "compass-judger",
            "json",
            "arena-hard",
            "mt-bench",
            "prometheus");
    for (String id : Protocols.ids()) {
      assertThat(Protocols.card(id).source()).as(id).isNotBlank();
    }
  }
}
