package dev.arbiter.rubrics.personal;

import dev.arbiter.core.InvalidInputException;
import dev.arbiter.rubrics.Profile;
import dev.arbiter.rubrics.Rubrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A directory of per-user profiles, as {@link ProfileFit#write} leaves it: {@code <user>.yaml} per
 * user and {@code _population.yaml}, the prior that unknown users get. Files are read once.
 */
public final class ProfileDirectory {

  /**
   * The profile a user gets.
   *
   * @param user the user asked for
   * @param profile the user's own profile, or the population prior
   * @param fallback whether the user had no profile and got the population prior
   */
  public record Choice(String user, Profile profile, boolean fallback) {}

  private final Path dir;
  private final Map<String, Profile> byUser;
  private final Optional<Profile> population;

  private ProfileDirectory(Path dir, Map<String, Profile> byUser, Optional<Profile> population) {
    this.dir = dir;
    this.byUser = byUser;
    this.population = population;
  }

  /**
   * Loads every {@code *.yaml} profile of a directory; the file name (without {@code .yaml}) is the
   * user id.
   *
   * @throws InvalidInputException when the directory cannot be read or a file is not a profile
   */
  public static ProfileDirectory load(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new InvalidInputException(dir.toString(), 0, null, "not a directory of profiles");
    }
    Map<String, Profile> byUser = new TreeMap<>();
    Profile population = null;
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.sorted().toList()) {
        String name = f.getFileName().toString();
        if (!name.endsWith(".yaml") || !Files.isRegularFile(f)) {
          continue;
        }
        String user = name.substring(0, name.length() - ".yaml".length());
        Profile p = Rubrics.loadProfile(f);
        if (user.equals(ProfileFit.POPULATION)) {
          population = p;
        } else if (ChoicePair.isUserId(user)) {
          byUser.put(user, p);
        }
      }
    } catch (IOException e) {
      throw new InvalidInputException(dir.toString(), 0, null, "cannot read: " + e.getMessage());
    }
    return new ProfileDirectory(dir, byUser, Optional.ofNullable(population));
  }

  /**
   * The user's profile, else the population prior (flagged as a fallback).
   *
   * @throws InvalidInputException when the user has no profile and the directory has no {@code
   *     _population.yaml}
   */
  public Choice choose(String user) {
    Profile p = byUser.get(user);
    if (p != null) {
      return new Choice(user, p, false);
    }
    return new Choice(
        user,
        population.orElseThrow(
            () ->
                InvalidInputException.of(
                    "user",
                    "no profile for user '"
                        + user
                        + "' in "
                        + dir
                        + " and no "
                        + ProfileFit.POPULATION
                        + ".yaml to fall back on")),
        true);
  }

  /**
   * A hash of every profile the directory holds (user, profile name and rubric, the population
   * prior included): equal for directories that judge alike, wherever they are.
   */
  public String hash() {
    Map<String, String> parts = new TreeMap<>();
    byUser.forEach((u, p) -> parts.put(u, p.name() + " " + p.rubric().hash()));
    population.ifPresent(p -> parts.put(ProfileFit.POPULATION, p.name() + " " + p.rubric().hash()));
    return dev.arbiter.core.internal.Hashing.sha256Json(parts);
  }

  /** The users with their own profile, sorted. */
  public java.util.Set<String> users() {
    return java.util.Collections.unmodifiableSet(byUser.keySet());
  }
}
