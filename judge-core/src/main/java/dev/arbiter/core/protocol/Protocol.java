package dev.arbiter.core.protocol;

import dev.arbiter.core.Judgement;
import dev.arbiter.core.Message;
import dev.arbiter.core.Mode;
import dev.arbiter.core.model.ResponseSchema;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A judging protocol: how a prompt is written and how the judge's answer is read. Protocols are
 * named and versioned; both go into provenance and cache keys, so changing a template means bumping
 * the version.
 *
 * <p>Implementations render shared text (system prompt, rubric, query) first and candidates last,
 * so that vLLM's automatic prefix caching reuses the shared part across candidates and orders.
 */
public interface Protocol {

  /** The protocol's name, e.g. "json", "arena-hard". */
  String id();

  /** The protocol's version; bump it whenever the prompt or parser changes. */
  String version();

  /** The modes this protocol can judge. */
  Set<Mode> modes();

  /** Writes the messages for one prompt. */
  List<Message> render(PromptContext context);

  /**
   * Reads one sample. Never throws for bad model output: text that cannot be parsed yields {@link
   * Judgement#unscored} with the reason. How strictly to read is {@link PromptContext#parseMode()}.
   *
   * @param text the judge's final answer (its thinking, if any, has been set aside by the caller)
   * @param finishReason the server's finish reason ("length" means the text may be cut short)
   * @param context the context the prompt was rendered from
   */
  Judgement parse(String text, String finishReason, PromptContext context);

  /**
   * Where in {@code text} the verdict of {@code judgement} was read, when this protocol writes its
   * verdict as one token it can point to; empty otherwise (the default). Protocols that answer must
   * return the very span their {@link #parse} decided by, in the final answer only, so that the
   * token's logprobs describe the judge's own verdict and never one a candidate wrote. See {@link
   * VerdictSlot}.
   *
   * @param text the judge's final answer, as given to {@link #parse}
   * @param finishReason the server's finish reason
   * @param judgement what {@link #parse} read from {@code text}
   * @param context the context the prompt was rendered from
   */
  default Optional<VerdictSlot> verdictSlot(
      String text, String finishReason, Judgement judgement, PromptContext context) {
    return Optional.empty();
  }

  /** A JSON schema to send as structured output, when the protocol has one for this context. */
  default Optional<ResponseSchema> responseSchema(PromptContext context) {
    return Optional.empty();
  }

  /**
   * The completion budget, temperature and thinking this protocol recommends; callers use them
   * unless their user overrides them.
   */
  default ProtocolDefaults defaults() {
    return ProtocolDefaults.GENERIC;
  }
}
