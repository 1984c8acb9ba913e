package dev.arbiter.spec;

import dev.arbiter.core.ArbiterException;
import dev.arbiter.core.verify.Verifier;
import dev.arbiter.sandbox.CodeTestVerifier;
import dev.arbiter.verifiers.format.JsonSchemaVerifier;
import dev.arbiter.verifiers.format.LengthVerifier;
import dev.arbiter.verifiers.format.RegexVerifier;
import dev.arbiter.verifiers.format.StructureVerifier;
import dev.arbiter.verifiers.ifeval.IfevalVerifier;
import dev.arbiter.verifiers.math.MathAnswerVerifier;
import java.util.ArrayList;
import java.util.List;

/**
 * The built-in verifiers a spec judge routes every request through. Each decides by itself, from
 * the request's reference and metadata, whether it applies (the router rule; see docs/verifiers.md
 * for the keys).
 */
public final class BuiltInVerifiers {
  private BuiltInVerifiers() {}

  /** Every built-in verifier this machine can run; {@code notes} gets a line for each it cannot. */
  public static List<Verifier> all(List<String> notes) {
    List<Verifier> vs = new ArrayList<>();
    vs.add(IfevalVerifier.strict());
    vs.add(MathAnswerVerifier.of());
    vs.add(JsonSchemaVerifier.fromMetadata());
    vs.add(RegexVerifier.fromMetadata());
    vs.add(LengthVerifier.fromMetadata());
    vs.add(StructureVerifier.fromMetadata());
    try {
      vs.add(CodeTestVerifier.builder().build());
    } catch (ArbiterException e) {
      // No bubblewrap here: code tests cannot run isolated, and they never run unisolated.
      notes.add("code-tests verifier off: " + e.getMessage());
    }
    return vs;
  }
}
