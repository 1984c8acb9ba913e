package dev.arbiter.prompts;

import java.util.Objects;

/**
 * What a built-in protocol is, where it comes from and how far Arbiter checked it: the text that
 * {@code arbiter protocol show NAME} prints beside the protocol's modes and defaults.
 *
 * @param id the protocol's id
 * @param summary one line: what the judge writes
 * @param source the publication and the repository files (with commit where known) that the prompt
 *     and the parser follow
 * @param parserRule how the verdict is read, in robust and in exact mode
 * @param tieRule when two scores (or labels) make a tie
 * @param verified what was checked against the authors' own code or examples
 * @param unverified what was not, or where Arbiter departs from the authors; "" when nothing
 */
public record ProtocolCard(
    String id,
    String summary,
    String source,
    String parserRule,
    String tieRule,
    String verified,
    String unverified) {
  public ProtocolCard {
    Objects.requireNonNull(id, "id");
    summary = Objects.requireNonNullElse(summary, "");
    source = Objects.requireNonNullElse(source, "");
    parserRule = Objects.requireNonNullElse(parserRule, "");
    tieRule = Objects.requireNonNullElse(tieRule, "");
    verified = Objects.requireNonNullElse(verified, "");
    unverified = Objects.requireNonNullElse(unverified, "");
  }

  /** Whether everything about the protocol was checked against its authors' code or examples. */
  public boolean fullyVerified() {
    return unverified.isBlank();
  }
}
