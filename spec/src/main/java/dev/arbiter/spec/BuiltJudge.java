package dev.arbiter.spec;

import dev.arbiter.core.Judge;
import dev.arbiter.core.Rubric;
import java.util.List;
import java.util.Optional;

/**
 * A judge built from a spec, with what it holds open (model clients, cache stores). Close it when
 * done; closing is best effort and never throws.
 *
 * @param judge the judge; thread-safe, share it
 * @param defaultRubric the spec's rubric, for requests that bring none
 * @param description one line saying what judges (model, protocol, k, vote, verifiers, rubric,
 *     cache), credentials redacted
 * @param notes lines worth telling the user (a verifier this machine cannot run)
 * @param resources what {@link #close} closes
 */
public record BuiltJudge(
    Judge judge,
    Optional<Rubric> defaultRubric,
    String description,
    List<String> notes,
    List<AutoCloseable> resources)
    implements AutoCloseable {
  public BuiltJudge {
    notes = List.copyOf(notes);
    resources = List.copyOf(resources);
  }

  @Override
  public void close() {
    closeAll(resources);
  }

  static void closeAll(List<AutoCloseable> resources) {
    for (AutoCloseable c : resources) {
      try {
        c.close();
      } catch (Exception e) {
        // Closing is best effort: the judgements are already made.
      }
    }
  }
}
