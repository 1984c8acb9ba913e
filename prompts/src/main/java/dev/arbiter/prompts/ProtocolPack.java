package dev.arbiter.prompts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arbiter.core.Criterion;
import dev.arbiter.core.Mode;
import dev.arbiter.core.protocol.PromptContext;
import dev.arbiter.core.protocol.Protocol;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The pack of published generative reward models and trained judges, each with its authors' prompt
 * and output format: deepseek-grm, rm-r1, judgelrm, rewardanything, skywork-critic, auto-j,
 * judgelm, pandalm, compass-judger. Every one carries a {@link ProtocolCard} saying where its
 * prompt and parser come from and what was checked against the authors' code; docs/protocols.md has
 * a section per protocol.
 */
final class ProtocolPack {
  private ProtocolPack() {}

  private static final String JUDGEBENCH =
      "ScalerLab/JudgeBench@e2c52c284e735e139b3daa61c206ee208f36c461";

  /** The pack's protocols, by id, in documentation order. */
  static Map<String, Protocol> protocols() {
    Map<String, Protocol> m = new LinkedHashMap<>();
    for (PackProtocol p :
        List.of(
            deepSeekGrm(),
            rmR1(),
            judgeLrm(),
            rewardAnything(),
            skyworkCritic(),
            autoJ(),
            judgeLm(),
            pandaLm(),
            compassJudger())) {
      m.put(p.id(), p);
    }
    return m;
  }

  /** Cards of Arbiter's own four protocols, which predate the pack. */
  static Map<String, ProtocolCard> coreCards() {
    Map<String, ProtocolCard> m = new LinkedHashMap<>();
    m.put(
        "json",
        new ProtocolCard(
            "json",
            "one JSON object (score / preference / ranking, critique, per-criterion verdicts),"
                + " sent with its JSON Schema as structured output",
            "Arbiter",
            "the verdict object found in the output; see docs/protocols.md",
            "pairwise: the label A=B",
            "Arbiter's own format",
            ""));
    m.put(
        "arena-hard",
        new ProtocolCard(
            "arena-hard",
            "the judge's own answer, a comparison, then [[A>>B]] ... [[B>>A]]",
            "Arena-Hard-Auto (lmarena/arena-hard-auto, gen_judgment.py), as JudgeBench runs it ("
                + JUDGEBENCH
                + ", utils/judges.py); prompt in Arbiter's words",
            "JudgeBench's label rule: every [[...]] label must agree",
            "the label A=B",
            "parser reproduces JudgeBench's 540 published arena_hard decisions"
                + " (PublishedJudgmentsTest)",
            "prompt rewritten in Arbiter's words, not the published text"));
    m.put(
        "mt-bench",
        new ProtocolCard(
            "mt-bench",
            "an explanation, then Rating: [[n]]; pairwise [[A]], [[B]] or [[C]]",
            "MT-Bench, FastChat fastchat/llm_judge/common.py; prompt in Arbiter's words",
            "[[n]] (else [n]); pairwise [[A]]/[[B]]/[[C]]; all matches must agree",
            "pairwise: [[C]]",
            "parser reproduces 330 published MT-Bench single-answer scores"
                + " (PublishedJudgmentsTest)",
            "prompt rewritten in Arbiter's words, not the published text"));
    m.put(
        "prometheus",
        new ProtocolCard(
            "prometheus",
            "Feedback: ... [RESULT] n; pairwise ... [RESULT] A or B",
            "Prometheus / Prometheus 2 (prometheus-eval/prometheus-eval); prompt in Arbiter's"
                + " words",
            "the value after [RESULT]; all markers must agree",
            "none: relative grading has no tie",
            "",
            "prompt rewritten in Arbiter's words; parser not run against published outputs"));
    return m;
  }

  /** The card of a pack protocol or of one of Arbiter's own four, by id. */
  static Optional<ProtocolCard> card(Protocol p) {
    if (p instanceof PackProtocol pack) {
      return Optional.of(pack.card());
    }
    return Optional.ofNullable(coreCards().get(p.id()));
  }

  // ---- the protocols

  private static PackProtocol deepSeekGrm() {
    ProtocolCard card =
        new ProtocolCard(
            "deepseek-grm",
            "Specific Criteria (principles with weights), Analysis (critique), then"
                + " Scores: \\boxed{x, y}, one 1-10 score per response",
            "Liu et al., Inference-Time Scaling for Generalist Reward Modeling (arXiv 2504.02495),"
                + " appendix prompt template (default GRM prompt); weights released by the first"
                + " author (Hugging Face BBQGOD/DeepSeek-GRM-16B, -27B)",
            "robust: the last \\boxed{} not quoted from a candidate that holds one number per"
                + " response (cut short: it must sit on the Scores line and be the last box);"
                + " exact: the last \\boxed{} of the output. Voting: --vote sum sums the scores"
                + " (pointwise) as the paper does",
            "pairwise: equal scores are a tie (margin 0); a win has no strength",
            "the prompt text agrees with two independent transcriptions of the paper's appendix"
                + " template found by code search (one cites page 40 of the arXiv version)",
            "the prompt was not checked against the paper itself (no copy of its appendix was"
                + " reachable); DeepSeek"
                + " published no parser, so exact mode follows those reimplementations;"
                + " pairwise voting sums signed preferences, not the per-response scores the"
                + " paper sums; default temperature is Arbiter's (paper's not checked)");
    return PackProtocol.builder(card)
        .mode(Mode.POINTWISE, false)
        .mode(Mode.PAIRWISE, false)
        .extraView(
            (ctx, v) ->
                v.put(
                    "grmContext",
                    ctx.conversation().size() > 1
                        ? PackProtocol.question(ctx)
                        : "User: " + ctx.query()))
        .parser(new DeepSeekGrmParser())
        .defaults(2048, 0.0, false)
        .build();
  }

  private static PackProtocol rmR1() {
    ProtocolCard card =
        new ProtocolCard(
            "rm-r1",
            "<type>Reasoning|Chat</type>, then <solution> or <rubric> with <justify>, <eval> with"
                + " <quote_A>/<summary_A> ..., then <answer>[[A]]</answer> or"
                + " <answer>[[B]]</answer>",
            "Chen et al., RM-R1: Reward Modeling as Reasoning (2025); RM-R1-UIUC/RM-R1,"
                + " eval/reward-bench/rewardbench/generative.py@6833863d6aaf7ed987dad2420244983fe470bd2f"
                + " (RM_R1_INSTRUCT_SYSTEM_PROMPT, RM_R1_SINGLE_TURN_INSTRUCT_USER_PROMPT,"
                + " process_judgement)",
            "robust: the content of the last <answer>...</answer> block not quoted from a"
                + " candidate, exactly [[A]] or [[B]], block closed; exact: [[A]] anywhere, else"
                + " [[B]] anywhere (RM-R1's process_judgement)",
            "none: RM-R1 has no tie",
            "system and user prompt copied from the authors' file (Instruct variant); exact"
                + " parser is their process_judgement; budget from eval/eval_one_command.sh"
                + " (max_tokens up to 50000, temperature 0 in scripts/run_generative.py)",
            "the DeepSeek-distilled (reasoning) variant's single-message prompt is not offered;"
                + " multi-turn requests fold earlier turns into the question (the authors'"
                + " Instruct path does not implement multi-turn)");
    return PackProtocol.builder(card)
        .mode(Mode.PAIRWISE, true)
        .parser(new RmR1Parser())
        .defaults(16384, 0.0, true)
        .build();
  }

  private static PackProtocol judgeLrm() {
    ProtocolCard card =
        new ProtocolCard(
            "judgelrm",
            "<think> reasoning </think> then <answer>s1</answer><answer>s2</answer>, scores 1-10",
            "Chen et al., JudgeLRM: Large Reasoning Models as a Judge (2025);"
                + " NuoJohnChen/JudgeLRM,"
                + " baseline/inference/pandalm/utils/judgelrm_inference.py@4f2e21399f6b0676c62a1cb86156ad2e9923125c"
                + " (build_judgelrm_prompt, parse_judge_lrm_response); README prompt V0",
            "robust: the last two <answer>n</answer> tags not quoted from a candidate, both on"
                + " 1-10, none reopened after them; exact: the first two <answer>digits</answer>"
                + " tags, fewer than two read as a tie (the authors' fallback)",
            "equal scores are a tie (margin 0), as in the authors' code; a win has no strength",
            "prompt copied from build_judgelrm_prompt (system and user turns of its ChatML"
                + " text); exact parser is parse_judge_lrm_response; defaults from its inference()"
                + " (max_new_tokens 4096, temperature 0.1)",
            "the authors prefill the assistant turn with <think>; Arbiter sends chat messages"
                + " without the prefill; their beam search (num_beams 4) is not reproduced");
    return PackProtocol.builder(card)
        .mode(Mode.PAIRWISE, true)
        .parser(new JudgeLrmParser())
        .defaults(4096, 0.1, true)
        .build();
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Arbiter's principle when the request has no rubric; RewardAnything always needs one. */
  static final String DEFAULT_PRINCIPLE =
      "The response does what the user asked, correctly and completely, and nothing the user did"
          + " not ask for.";

  private static PackProtocol rewardAnything() {
    ProtocolCard card =
        new ProtocolCard(
            "rewardanything",
            "a brief <think> then {\"scores\": {\"model-1\": 1-5, ...}, \"best-to-worst\":"
                + " [\"model-2\", ...]} judged against a natural-language principle",
            "Yu et al., RewardAnything: Generalizable Principle-Following Reward Models (2025);"
                + " zhuohaoyu/RewardAnything,"
                + " rewardanything/processing.py@41bd1169e98549ac7d791abe4224549cfbad580d"
                + " (SYSTEM_PROMPT, prepare_chat_messages, parse_rewardanything_output)",
            "robust: the last complete JSON object with \"scores\" not quoted from a candidate;"
                + " exact: the authors' cleanup and three parse attempts. Pointwise: model-1's"
                + " score; pairwise: scores, then best-to-worst on equal scores; listwise:"
                + " best-to-worst",
            "pairwise: equal scores fall back to the judge's best-to-worst order; with no order,"
                + " a tie (margin 0)",
            "system prompt, JSON user message and exact parser copied from processing.py;"
                + " defaults from rewardanything/local.py (max_new_tokens 4096, temperature 0.1)",
            "the principle comes from the rubric's criteria or, without one, is Arbiter's"
                + " default; responses are not shuffled (the authors shuffle with seed 42; Arbiter"
                + " judges both orders instead); the pairwise tie-break by best-to-worst is"
                + " Arbiter's rule");
    return PackProtocol.builder(card)
        .mode(Mode.POINTWISE, true)
        .mode(Mode.PAIRWISE, true)
        .mode(Mode.LISTWISE, true)
        .extraView((ctx, v) -> v.put("rewardAnythingInput", rewardAnythingInput(ctx)))
        .parser(new RewardAnythingParser())
        .defaults(4096, 0.1, true)
        .build();
  }

  /**
   * The user message RewardAnything's prepare_chat_messages builds: json.dumps of principle, prompt
   * and responses, with Python's separators (", " and ": ") and non-ASCII kept.
   */
  static String rewardAnythingInput(PromptContext ctx) {
    StringBuilder sb = new StringBuilder("{\"principle\": ");
    sb.append(quote(principle(ctx)))
        .append(", \"prompt\": ")
        .append(quote(PackProtocol.question(ctx)));
    sb.append(", \"responses\": {");
    for (int i = 0; i < ctx.candidates().size(); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append("\"model-")
          .append(i + 1)
          .append("\": ")
          .append(quote(ctx.candidates().get(i).text()));
    }
    return sb.append("}}").toString();
  }

  private static String principle(PromptContext ctx) {
    if (ctx.rubric().isEmpty()) {
      return DEFAULT_PRINCIPLE;
    }
    StringBuilder sb = new StringBuilder();
    for (Criterion c : ctx.rubric().get().criteria()) {
      if (!sb.isEmpty()) {
        sb.append('\n');
      }
      sb.append(c.description().isBlank() ? c.name() : c.description());
    }
    return sb.toString();
  }

  private static String quote(String s) {
    try {
      return JSON.writeValueAsString(s);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static PackProtocol skyworkCritic() {
    ProtocolCard card =
        new ProtocolCard(
            "skywork-critic",
            "the verdict alone: [[A]] or [[B]]",
            "Skywork-Critic-Llama-3.1 (8B, 70B) as JudgeBench runs it: "
                + JUDGEBENCH
                + ", utils/templates/skywork_critic_prompt.jinja2 and utils/judges.py"
                + " (class SkyworkCritic)",
            "robust: the last [[A]]/[[B]] not quoted from a candidate, else a bare letter as the"
                + " whole output; exact: 'A' anywhere in the output, else 'B' anywhere"
                + " (JudgeBench)",
            "none: the prompt offers no tie",
            "prompt copied from JudgeBench's template; exact parser and defaults (max_tokens"
                + " 2048, temperature 0) from JudgeBench's SkyworkCritic class",
            "checked against JudgeBench's use, not against Skywork's own model card or code");
    return PackProtocol.builder(card)
        .mode(Mode.PAIRWISE, false)
        .parser(new SkyworkCriticParser())
        .defaults(2048, 0.0, false)
        .build();
  }

  private static PackProtocol autoJ() {
    ProtocolCard card =
        new ProtocolCard(
            "auto-j",
            "key factors, then \"So, the final decision is Response 1 / Response 2 / Tie\"",
            "Li et al., Generative Judge for Evaluating Alignment (Auto-J, ICLR 2024) as"
                + " JudgeBench runs it: "
                + JUDGEBENCH
                + ", utils/templates/autoj_prompt.jinja2 and utils/judges.py (class AutoJ)",
            "robust: the last \"final decision is Response 1|Response 2|Tie\" not quoted from a"
                + " candidate; exact: the text after the last 'final decision is ' starts with"
                + " response 1, response 2 or tie (JudgeBench)",
            "the decision Tie",
            "prompt copied from JudgeBench's template; exact parser and defaults (max_tokens"
                + " 1024, temperature 0) from JudgeBench's AutoJ class",
            "checked against JudgeBench's use, not against GAIR-NLP/auto-j itself; Auto-J's"
                + " single-response (pointwise) format is not offered");
    return PackProtocol.builder(card)
        .mode(Mode.PAIRWISE, false)
        .parser(new AutoJParser())
        .defaults(1024, 0.0, false)
        .build();
  }

  private static PackProtocol judgeLm() {
    ProtocolCard card =
        new ProtocolCard(
            "judgelm",
            "a first line with two scores \"s1 s2\" (1-10), then an explanation",
            "Zhu et al., JudgeLM: Fine-tuned Large Language Models are Scalable Judges (2023) as"
                + " JudgeBench runs it: "
                + JUDGEBENCH
                + ", utils/templates/judgelm_prompt.jinja2 and utils/judges.py (class JudgeLM)",
            "robust: the first non-blank line, complete, as two numbers on 1-10; exact: the first"
                + " line with commas as spaces split on single spaces, exactly two numbers, else"
                + " [-1, -1] (JudgeBench)",
            "equal scores are a tie (margin 0), as in JudgeBench; in exact mode an unreadable"
                + " line is a tie too",
            "prompt copied from JudgeBench's template; exact parser from JudgeBench's parse_score",
            "JudgeBench sends the prompt as a raw completion (no chat template) and truncates"
                + " each answer to fit a 2048-token context; Arbiter sends one chat message and"
                + " truncates nothing; JudgeBench's budget is 16 tokens (scores only), Arbiter's"
                + " default 1024 keeps the explanation; not checked against baaivision/JudgeLM"
                + " itself");
    return PackProtocol.builder(card)
        .mode(Mode.PAIRWISE, false)
        .parser(new JudgeLmParser())
        .defaults(1024, 0.0, false)
        .build();
  }

  // PandaLM's and JudgeBench's cleanup of each response before it enters the prompt.
  private static final Pattern PANDA_SPECIAL =
      Pattern.compile(
          "<unk>|<pad>|<s>|</s>|\\[PAD\\]|<\\|endoftext\\|>|\\[UNK\\]|\\[CLS\\]|\\[MASK\\]"
              + "|<\\|startofpiece\\|>|<\\|endofpiece\\|>|\\[gMASK\\]|\\[sMASK\\]");

  private static PackProtocol pandaLm() {
    ProtocolCard card =
        new ProtocolCard(
            "pandalm",
            "a first line 1, 2 or Tie, then ### Reason: ... and ### Reference: ...",
            "Wang et al., PandaLM (ICLR 2024) as JudgeBench runs it: "
                + JUDGEBENCH
                + ", utils/templates/pandalm_prompt.jinja2 and utils/judges.py (class PandaLM);"
                + " the same rule in NuoJohnChen/JudgeLRM"
                + " baseline/inference/pandalm/utils/judgelrm_inference.py (parse_pandalm_response)",
            "robust: the first non-blank line, complete, is 1, 2 or Tie; exact: the first line of"
                + " the stripped output is 1 or 2, anything else a tie (JudgeBench)",
            "the verdict Tie; in exact mode an unreadable first line is a tie too",
            "prompt (with its trailing newline and the special-token cleanup of responses) and"
                + " exact parser from JudgeBench's PandaLM class",
            "JudgeBench sends a raw completion with beam search (best_of 4, repetition_penalty"
                + " 1.2, max_tokens 150) and left-truncates responses to a 2048-token context;"
                + " Arbiter sends one chat message, samples normally and truncates nothing; not"
                + " checked against WeOpenML/PandaLM itself");
    return PackProtocol.builder(card)
        .mode(Mode.PAIRWISE, false)
        .extraView(
            (ctx, v) -> {
              v.put("pandaA", pandaClean(ctx.candidates().get(0).text()));
              v.put("pandaB", pandaClean(ctx.candidates().get(1).text()));
            })
        .userSuffix("\n")
        .parser(new PandaLmParser())
        .defaults(1024, 0.0, false)
        .build();
  }

  static String pandaClean(String response) {
    return PANDA_SPECIAL.matcher(response.strip()).replaceAll("").strip();
  }

  private static PackProtocol compassJudger() {
    ProtocolCard card =
        new ProtocolCard(
            "compass-judger",
            "its own answer, a comparison, then one of [[A>>B]] ... [[B>>A]] (the Arena-Hard"
                + " judge prompt, published text)",
            "CompassJudger-1 (opencompass) as JudgeBench runs it: "
                + JUDGEBENCH
                + ", utils/templates/arena_hard_judge_system.jinja2,"
                + " arena_hard_judge_prompt.jinja2 and utils/judges.py (class CompassJudger)",
            "robust: the last [[...]] label not quoted from a candidate; exact: all labels must"
                + " be the same string, else no decision, and it must be one of A>>B, A>B, A=B,"
                + " B>A, B>>A (JudgeBench's get_score records any other string, which matches no"
                + " pair label)",
            "the label A=B",
            "system and user prompt copied from JudgeBench's templates; exact parser and"
                + " defaults (max_tokens 2048, temperature 0, one attempt) from JudgeBench's"
                + " CompassJudger class",
            "checked against JudgeBench's use, not against open-compass/CompassJudger's own"
                + " prompts; JudgeBench records A>>B as A>B, Arbiter keeps the strength");
    return PackProtocol.builder(card)
        .mode(Mode.PAIRWISE, true)
        .parser(new CompassJudgerParser())
        .defaults(2048, 0.0, false)
        .build();
  }
}
