package dev.arbiter.server;

import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.Verdict;
import java.util.Locale;
import java.util.Optional;

/** How a scored verdict becomes the reward {@code /get_reward} returns. */
public enum RewardMapping {
  /** The score normalised to [0, 1] on the judge's scale (the default). */
  NORMALIZED,
  /** The score on the judge's own scale (e.g. 1–10). */
  RAW,
  /** The normalised score moved to [-1, 1]: {@code 2 × normalised − 1}. */
  CENTERED;

  /** The reward of a verdict, empty when it has no score (unscored or failed). */
  public Optional<Double> reward(Verdict v) {
    return switch (this) {
      case NORMALIZED -> v.normalizedScore();
      case RAW -> v.score();
      case CENTERED -> v.normalizedScore().map(s -> 2 * s - 1);
    };
  }

  /** Parses {@code normalized}, {@code raw} or {@code centered}. */
  public static RewardMapping parse(String s) {
    try {
      return valueOf(s.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw InvalidInputException.of(
          "--reward", "expected normalized, raw or centered but was '" + s + "'");
    }
  }
}
