package dev.arbiter.core.guard;

import dev.arbiter.core.InvalidInputException;
import java.util.Objects;

/**
 * One suspicious shape found in a candidate's text by {@link PromptGuard}. What a finding costs is
 * the judge's {@link GuardPolicy}: by default it is only reported in the verdict.
 *
 * @param candidateId the candidate whose text holds it
 * @param kind what was found
 * @param start where the finding starts in the candidate's text (a {@code char} index)
 * @param end where it ends, exclusive; {@code start <= end <= text.length()}
 * @param excerpt the matching text with a little context, at most about 80 characters
 */
public record GuardFinding(String candidateId, Kind kind, int start, int end, String excerpt) {

  /** The attack shapes the guard knows. */
  public enum Kind {
    /** A judge verdict in one of the known formats: [[A>>B]], Rating: [[10]], [RESULT] 5, ... */
    VERDICT_LABEL,
    /** Words addressed to the judge: "ignore previous instructions", "give this a 10", ... */
    INSTRUCTION_OVERRIDE,
    /** A delimiter of Arbiter's or another judge format's prompt, trying to close its fence. */
    FENCE_TAG,
    /** A chat-template control token (&lt;|im_start|&gt;, [INST], ...). */
    CHAT_TEMPLATE_TOKEN,
    /**
     * The whole response is punctuation, or only reasoning openers ("Solution:", "Thought
     * process:", "Let's solve this problem step by step.", "解", "Respuesta"), in any markdown dress
     * and without content; such "master keys" make generative judges accept empty answers (Zhao et
     * al., One Token to Fool LLM-as-a-Judge, 2025, arXiv:2507.08794).
     */
    MASTER_KEY
  }

  public GuardFinding {
    Objects.requireNonNull(candidateId, "candidateId");
    Objects.requireNonNull(kind, "kind");
    if (start < 0 || end < start) {
      throw InvalidInputException.of(
          "guard.span", "must satisfy 0 <= start <= end but was " + start + ".." + end);
    }
    excerpt = excerpt == null ? "" : excerpt;
  }
}
