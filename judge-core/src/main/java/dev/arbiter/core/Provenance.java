package dev.arbiter.core;

import dev.arbiter.core.internal.Redaction;
import java.util.Optional;

/**
 * Where a verdict came from, enough to reproduce it. Written into every output line and report, so
 * any URL in the model id or revision is stored with its credentials masked ({@link Redaction}).
 *
 * @param model the judge model's id ("" for verifier-only verdicts)
 * @param modelRevision the model revision when known
 * @param protocolId the judging protocol ("json", "arena-hard", ...)
 * @param protocolVersion the protocol's version
 * @param rubricHash the hash of the rubric used, when there was one
 * @param sampling the sampling parameters
 */
public record Provenance(
    String model,
    Optional<String> modelRevision,
    String protocolId,
    String protocolVersion,
    Optional<String> rubricHash,
    SamplingParams sampling) {
  public Provenance {
    model = model == null ? "" : Redaction.text(model);
    modelRevision = modelRevision == null ? Optional.empty() : modelRevision.map(Redaction::text);
    rubricHash = rubricHash == null ? Optional.empty() : rubricHash;
  }
}
