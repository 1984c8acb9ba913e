package dev.arbiter.core.protocol;

import dev.arbiter.core.Candidate;
import dev.arbiter.core.Message;
import dev.arbiter.core.Mode;
import dev.arbiter.core.Rubric;
import dev.arbiter.core.Scale;
import dev.arbiter.core.verify.Evidence;
import java.util.List;
import java.util.Optional;

/**
 * Everything a {@link Protocol} needs to render one prompt and parse its answers.
 *
 * @param mode the judging mode
 * @param conversation the conversation the candidates answer (last turn: the user's query)
 * @param candidates the candidates in the order shown to the model (pairwise order 1 is swapped)
 * @param reference an optional gold answer
 * @param rubric an optional rubric
 * @param scale the scale for pointwise scores
 * @param evidence verifier evidence to show to the model (empty when not shown)
 * @param parseMode how the protocol reads the answers (robust by default; exact reads as the
 *     publisher's parser does)
 */
public record PromptContext(
    Mode mode,
    List<Message> conversation,
    List<Candidate> candidates,
    Optional<String> reference,
    Optional<Rubric> rubric,
    Scale scale,
    List<Evidence> evidence,
    ParseMode parseMode) {
  public PromptContext {
    conversation = List.copyOf(conversation);
    candidates = List.copyOf(candidates);
    reference = reference == null ? Optional.empty() : reference;
    rubric = rubric == null ? Optional.empty() : rubric;
    evidence = evidence == null ? List.of() : List.copyOf(evidence);
    parseMode = parseMode == null ? ParseMode.ROBUST : parseMode;
  }

  /** A context read in {@link ParseMode#ROBUST} mode. */
  public PromptContext(
      Mode mode,
      List<Message> conversation,
      List<Candidate> candidates,
      Optional<String> reference,
      Optional<Rubric> rubric,
      Scale scale,
      List<Evidence> evidence) {
    this(mode, conversation, candidates, reference, rubric, scale, evidence, ParseMode.ROBUST);
  }

  /** This context read in another parse mode. */
  public PromptContext withParseMode(ParseMode mode) {
    return new PromptContext(
        this.mode, conversation, candidates, reference, rubric, scale, evidence, mode);
  }

  /** Every image of the conversation and the candidates, in order. */
  public List<dev.arbiter.core.Image> images() {
    List<dev.arbiter.core.Image> out = new java.util.ArrayList<>();
    conversation.forEach(m -> out.addAll(m.images()));
    candidates.forEach(c -> out.addAll(c.images()));
    return List.copyOf(out);
  }

  /** The last user turn. */
  public String query() {
    for (int i = conversation.size() - 1; i >= 0; i--) {
      if (conversation.get(i).role() == dev.arbiter.core.Role.USER) {
        return conversation.get(i).content();
      }
    }
    return conversation.get(conversation.size() - 1).content();
  }
}
