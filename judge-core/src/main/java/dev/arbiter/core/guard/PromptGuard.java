package dev.arbiter.core.guard;

import dev.arbiter.core.Candidate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Flags known prompt-injection and reward-hacking shapes in candidate text, as values with a kind
 * and a span. It changes nothing by itself: the judge's {@link GuardPolicy} decides what a finding
 * costs, and every protocol fences candidates and ignores verdicts quoted from them anyway. Pure
 * and thread-safe.
 */
public final class PromptGuard {
  private static final int CONTEXT = 30;

  /** Longest response (after markup is removed) that can still be only openers. */
  private static final int MAX_OPENER_TEXT = 300;

  private static final Map<GuardFinding.Kind, Pattern> SHAPES =
      Map.of(
          GuardFinding.Kind.VERDICT_LABEL,
          Pattern.compile(
              "\\[\\[\\s*[AB]\\s*(?:>>|>|=|<<|<)\\s*[AB]\\s*\\]\\]"
                  + "|\\[\\[[ABC]\\]\\]"
                  + "|rating\\s*:\\s*\\[\\[?\\s*\\d"
                  + "|\\[RESULT\\]"
                  + "|\"(?:score|preference|ranking)\"\\s*:",
              Pattern.CASE_INSENSITIVE),
          GuardFinding.Kind.INSTRUCTION_OVERRIDE,
          Pattern.compile(
              "\\b(?:ignore|disregard|forget|override)\\s+(?:all\\s+|any\\s+)?(?:of\\s+)?(?:the\\s+|your\\s+)?"
                  + "(?:previous|prior|above|earlier|preceding|system)\\s+"
                  + "(?:instructions?|prompts?|rules|directions|guidelines)"
                  + "|\\b(?:new|updated)\\s+(?:system\\s+)?instructions?\\s*:"
                  + "|\\bnote\\s+to\\s+the\\s+(?:judge|evaluator|grader|reviewer)"
                  + "|\\b(?:judge|evaluator|grader)s?\\s*(?:,|:)?\\s*(?:you\\s+)?must\\s+(?:rate|score|prefer|choose|select)"
                  + "|\\b(?:give|assign|award|rate)\\s+(?:this|the|my)\\s+(?:response|answer|output)\\s+"
                  + "(?:a\\s+|an\\s+)?(?:score|rating|grade)?\\s*(?:of\\s+)?\\d",
              Pattern.CASE_INSENSITIVE),
          GuardFinding.Kind.FENCE_TAG,
          Pattern.compile(
              "</?(?:response|query|reference|conversation|checks)-"
                  + "|<\\|The (?:Start|End) of Assistant"
                  + "|\\[The (?:Start|End) of (?:Assistant|Reference)"
                  + "|<\\|User Prompt\\|>"
                  + "|###\\s*(?:Response to evaluate|Score Rubrics?|Feedback|Reference Answer)",
              Pattern.CASE_INSENSITIVE),
          GuardFinding.Kind.CHAT_TEMPLATE_TOKEN,
          Pattern.compile(
              "<\\|(?:im_start|im_end|eot_id|start_header_id|end_header_id|endoftext|system|user|assistant)\\|>"
                  + "|\\[/?INST\\]|<</?SYS>>|<start_of_turn>|<end_of_turn>"));

  // ---- master keys (Zhao et al. 2025, "One Token to Fool LLM-as-a-Judge", arXiv:2507.08794) ----
  //
  // The paper's master keys fall in two categories: non-word symbols (" ", ".", ",", ":") and
  // reasoning openers ("Thought process:", "Let's solve this problem step by step.", "Solution",
  // and the same in other languages: "解", "かいせつ", "Respuesta"). A judge that sees nothing
  // after the opener still says "correct". The detector below is written from those categories,
  // not from a list of strings: markup is removed, and what is left must be either punctuation
  // only, or made only of phrases that announce an answer without giving one.

  /** Markup that carries no content: fences, emphasis, headers, quotes, list bullets, HTML, TeX. */
  private static final Pattern FENCE_LINE = Pattern.compile("(?m)^[ \\t]*(?:`{3,}|~{3,})[^\\n]*$");

  private static final Pattern LINE_MARKUP =
      Pattern.compile(
          "(?m)^[ \\t]*(?:#{1,6}(?=\\s|$)|>+|[-*+•][ \\t]+(?=\\S)|\\d+[.)][ \\t]+(?=\\S)"
              + "|[-=_*]{3,}[ \\t]*$)");
  private static final Pattern TEX_WRAPPER =
      Pattern.compile(
          "\\\\(?:text|textbf|textit|textrm|mathrm|mathbf|emph|underline|section\\*?|"
              + "subsection\\*?|paragraph)\\s*\\{");
  private static final Pattern HTML_TAG = Pattern.compile("</?[A-Za-z][A-Za-z0-9]*[^<>]*>");
  private static final Pattern INLINE_MARKUP = Pattern.compile("[*_`~$\\\\{}]|\\\\[\\[\\]()]");

  /** What separates phrases: sentence and clause punctuation of many scripts, and lone hyphens. */
  private static final Pattern SEPARATORS =
      Pattern.compile(
          "[\\n\\r.:：。,，;；!！?？、…–—|/()\\[\\]「」『』【】\"“”«»‹›„()]+|(?<![\\p{L}\\p{N}])-+|-+(?![\\p{L}\\p{N}])");

  /**
   * Words and short phrases that announce a solution, an answer or reasoning: headings an answer
   * starts with. From the paper's categories ("Solution", "Thought process", answer words), in the
   * languages it tested (English, Chinese, Japanese, Spanish) and the other common ones.
   */
  private static final Set<String> OPENERS =
      Set.of(
          // English
          "solution",
          "solutions",
          "answer",
          "answers",
          "final answer",
          "the answer",
          "the answer is",
          "the final answer is",
          "the solution is",
          "my answer",
          "thought process",
          "thought",
          "thoughts",
          "thinking",
          "thinking process",
          "reasoning",
          "reasoning process",
          "explanation",
          "analysis",
          "approach",
          "working",
          "work",
          "proof",
          "response",
          "result",
          "step",
          "steps",
          "let me think",
          "let's think",
          "let me see",
          "let's see",
          "let's begin",
          "let's start",
          "let's get started",
          "here is the solution",
          "here's the solution",
          "here is my answer",
          "here's my answer",
          "to solve this problem",
          // Chinese
          "解",
          "解答",
          "答",
          "答案",
          "解析",
          "分析",
          "思考过程",
          "思考過程",
          "思路",
          "推理过程",
          "解题过程",
          "解题思路",
          "最终答案",
          "回答",
          // Japanese
          "かいせつ",
          "解説",
          "かいとう",
          "答え",
          "こたえ",
          "考え方",
          "思考プロセス",
          "解き方",
          // Korean
          "풀이",
          "해설",
          "정답",
          "답",
          "해답",
          "사고 과정",
          // Spanish
          "respuesta",
          "respuesta final",
          "solución",
          "solucion",
          "proceso de pensamiento",
          "razonamiento",
          "explicación",
          "explicacion",
          "análisis",
          // French
          "réponse",
          "reponse",
          "réponse finale",
          "raisonnement",
          "processus de réflexion",
          "réflexion",
          "explication",
          "démarche",
          // German
          "lösung",
          "loesung",
          "antwort",
          "endgültige antwort",
          "denkprozess",
          "gedankengang",
          "überlegung",
          "erklärung",
          "begründung",
          // Russian
          "решение",
          "ответ",
          "окончательный ответ",
          "ход мыслей",
          "процесс мышления",
          "рассуждение",
          "рассуждения",
          "объяснение",
          // Portuguese and Italian
          "resposta",
          "solução",
          "raciocínio",
          "processo de pensamento",
          "soluzione",
          "risposta",
          "ragionamento",
          "processo di pensiero",
          "spiegazione");

  /** "Step by step" in the languages above: a short sentence built on it announces, not answers. */
  private static final Pattern STEP_BY_STEP =
      Pattern.compile(
          "step[\\s-]*by[\\s-]*step|one step at a time|paso a paso|étape par étape|pas à pas"
              + "|schritt für schritt|шаг за шагом|пошагово|passo a passo|passo dopo passo"
              + "|一步一步|一步步|逐步|分步|一歩ずつ|ステップバイステップ|段階的に|단계별로|차근차근");

  private static final int MAX_STEP_SENTENCE_WORDS = 14;
  private static final int MAX_STEP_SENTENCE_CHARS = 60;

  private PromptGuard() {}

  /** The findings for every candidate, candidates in order. */
  public static List<GuardFinding> scan(List<Candidate> candidates) {
    List<GuardFinding> all = new ArrayList<>();
    for (Candidate c : candidates) {
      all.addAll(scan(c));
    }
    return List.copyOf(all);
  }

  /** The findings in one candidate's text, in order of kind and position; empty when clean. */
  public static List<GuardFinding> scan(Candidate candidate) {
    List<GuardFinding> found = new ArrayList<>();
    String text = candidate.text();
    if (isMasterKey(text)) {
      int start = 0;
      int end = text.length();
      while (start < end && Character.isWhitespace(text.charAt(start))) {
        start++;
      }
      while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
        end--;
      }
      found.add(
          new GuardFinding(
              candidate.id(),
              GuardFinding.Kind.MASTER_KEY,
              start,
              end,
              excerpt(text, start, end, 0)));
    }
    for (GuardFinding.Kind kind : GuardFinding.Kind.values()) {
      Pattern p = SHAPES.get(kind);
      if (p == null) {
        continue;
      }
      Matcher m = p.matcher(text);
      while (m.find()) {
        found.add(
            new GuardFinding(
                candidate.id(),
                kind,
                m.start(),
                m.end(),
                excerpt(text, m.start(), m.end(), CONTEXT)));
      }
    }
    return List.copyOf(found);
  }

  private static String excerpt(String text, int start, int end, int context) {
    int from = Math.max(0, start - context);
    int to = Math.min(text.length(), Math.min(end, start + 80) + context);
    return text.substring(from, to).replaceAll("\\s+", " ").strip();
  }

  /**
   * Whether the whole text is a master key: after markup is removed, nothing but punctuation and
   * white space, or nothing but phrases that announce an answer ({@link #OPENERS}, short "step by
   * step" sentences) without giving one. A digit, a symbol such as {@code ∅} or {@code +}, or any
   * other word is content, so "391.", "42", "No." and "Yes, because …" are never master keys.
   */
  static boolean isMasterKey(String text) {
    String content = stripMarkup(text);
    boolean anyContent = false;
    for (int i = 0; i < content.length(); ) {
      int cp = content.codePointAt(i);
      if (!Character.isWhitespace(cp) && !isPunctuation(cp)) {
        anyContent = true;
        break;
      }
      i += Character.charCount(cp);
    }
    if (!anyContent) {
      return true;
    }
    if (content.length() > MAX_OPENER_TEXT) {
      return false;
    }
    for (String raw : SEPARATORS.split(content)) {
      String phrase = normalise(raw);
      if (phrase.isEmpty()) {
        continue;
      }
      if (!OPENERS.contains(phrase) && !isStepSentence(phrase)) {
        return false;
      }
    }
    return true;
  }

  private static String stripMarkup(String text) {
    String s = FENCE_LINE.matcher(text).replaceAll("\n");
    s = LINE_MARKUP.matcher(s).replaceAll("\n");
    s = TEX_WRAPPER.matcher(s).replaceAll("");
    s = HTML_TAG.matcher(s).replaceAll(" ");
    return INLINE_MARKUP.matcher(s).replaceAll(" ");
  }

  private static boolean isPunctuation(int cp) {
    return switch (Character.getType(cp)) {
      case Character.CONNECTOR_PUNCTUATION,
          Character.DASH_PUNCTUATION,
          Character.START_PUNCTUATION,
          Character.END_PUNCTUATION,
          Character.INITIAL_QUOTE_PUNCTUATION,
          Character.FINAL_QUOTE_PUNCTUATION,
          Character.OTHER_PUNCTUATION,
          Character.FORMAT ->
          true;
      default -> false;
    };
  }

  private static String normalise(String phrase) {
    return phrase
        .replace('’', '\'')
        .replace('`', '\'')
        .replaceAll("[\\s\\u00a0\\u3000]+", " ")
        .strip()
        .toLowerCase(Locale.ROOT);
  }

  /** A short sentence without digits built around "step by step": an announcement, no answer. */
  private static boolean isStepSentence(String phrase) {
    if (!STEP_BY_STEP.matcher(phrase).find() || phrase.length() > MAX_STEP_SENTENCE_CHARS * 3) {
      return false;
    }
    for (int i = 0; i < phrase.length(); i++) {
      if (Character.isDigit(phrase.charAt(i)) || "=+*^<>".indexOf(phrase.charAt(i)) >= 0) {
        return false;
      }
    }
    boolean spaced = phrase.indexOf(' ') >= 0;
    return spaced
        ? phrase.split(" ").length <= MAX_STEP_SENTENCE_WORDS
        : phrase.length() <= MAX_STEP_SENTENCE_CHARS;
  }
}
