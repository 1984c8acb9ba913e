package dev.arbiter.eval.probe;

import dev.arbiter.core.Candidate;
import dev.arbiter.core.JudgeRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * A rewrite of a pair's candidates that keeps their meaning, so a judge's verdict should not change
 * under it (in the spirit of reWordBench: Wu et al. 2025, "Rewarding the Unlikely"/reWordBench,
 * which shows reward models flip under meaning-preserving input rewrites). None needs a model.
 *
 * @param name the transformation's name in probe.json
 * @param why why it should not change a verdict (shown in the report)
 * @param swapsOrder whether the rewritten request shows the candidates in the other order (the
 *     verdict is then read from the other side)
 * @param rewrite the rewrite of one candidate's text given the request's reference (if any); it
 *     returns the text unchanged when it does not apply
 */
public record Transformation(
    String name,
    String why,
    boolean swapsOrder,
    BiFunction<String, Optional<String>, String> rewrite) {

  public Transformation {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(why, "why");
    Objects.requireNonNull(rewrite, "rewrite");
  }

  /**
   * The request with every candidate rewritten (and, for {@link #swapsOrder}, their order
   * reversed), or empty when the transformation changes nothing in it (no text changed) or a
   * candidate holds images.
   */
  public Optional<JudgeRequest> apply(JudgeRequest request) {
    List<Candidate> out = new ArrayList<>();
    boolean changed = swapsOrder;
    for (Candidate c : request.candidates()) {
      if (!c.images().isEmpty()) {
        return Optional.empty();
      }
      String t = rewrite.apply(c.text(), request.reference());
      changed |= !t.equals(c.text());
      out.add(Candidate.of(c.id(), t));
    }
    if (!changed) {
      return Optional.empty();
    }
    if (swapsOrder) {
      java.util.Collections.reverse(out);
    }
    return Optional.of(request.toBuilder().id(request.id() + "#" + name).candidates(out).build());
  }
}
