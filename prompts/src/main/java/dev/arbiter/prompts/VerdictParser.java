package dev.arbiter.prompts;

import dev.arbiter.core.Judgement;
import dev.arbiter.core.protocol.PromptContext;
import dev.arbiter.core.protocol.VerdictSlot;
import java.util.Optional;

/** Reads one sample of judge output; returns unscored, never throws, for bad output. */
@FunctionalInterface
interface VerdictParser {
  Judgement parse(String text, String finishReason, PromptContext context);

  /**
   * Where {@link #parse} read {@code judgement}'s verdict in {@code text}, when it is one token
   * this parser can point to (see {@link dev.arbiter.core.protocol.Protocol#verdictSlot}); empty by
   * default.
   */
  default Optional<VerdictSlot> slot(
      String text, String finishReason, Judgement judgement, PromptContext context) {
    return Optional.empty();
  }
}
