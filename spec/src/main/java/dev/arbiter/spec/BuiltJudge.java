package dev.arbiter.spec;

import dev.arbiter.core.Judge;
import dev.arbiter.core.Rubric;
import dev.arbiter.eval.batch.RequestReader;
import dev.arbiter.rubrics.personal.ProfileDirectory;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

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
 * @param profiles the spec's learned per-user profiles, for records that name a {@code user}
 */
public record BuiltJudge(
    Judge judge,
    Optional<Rubric> defaultRubric,
    String description,
    List<String> notes,
    List<AutoCloseable> resources,
    Optional<ProfileDirectory> profiles)
    implements AutoCloseable {
  public BuiltJudge {
    notes = List.copyOf(notes);
    resources = List.copyOf(resources);
    Objects.requireNonNull(profiles, "profiles");
  }

  /** A judge without per-user profiles. */
  public BuiltJudge(
      Judge judge,
      Optional<Rubric> defaultRubric,
      String description,
      List<String> notes,
      List<AutoCloseable> resources) {
    this(judge, defaultRubric, description, notes, resources, Optional.empty());
  }

  /**
   * The rubric a record's {@code user} gets, for {@link RequestReader#withUserRubrics} and {@link
   * RequestReader#parseRecord(String, String, long, RequestReader.Format, dev.arbiter.core.Mode,
   * Optional, Optional)}: that user's learned profile, else the population prior (flagged as a
   * fallback). Empty when the spec names no {@code profiles}.
   */
  public Optional<Function<String, RequestReader.UserRubric>> userRubrics() {
    return profiles.map(
        dir ->
            user -> {
              ProfileDirectory.Choice c = dir.choose(user);
              return new RequestReader.UserRubric(
                  c.profile().rubric(), c.profile().name(), c.fallback());
            });
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
