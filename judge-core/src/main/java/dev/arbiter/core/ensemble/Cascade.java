package dev.arbiter.core.ensemble;

import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.Judge;
import java.util.Objects;

/**
 * Builds a cascade: a {@link Judge} that asks a cheap judge first and keeps its verdict when the
 * verdict is scored and its confidence ({@link Outcomes#confidence}: the share of its votes behind
 * its decision) is at least the threshold; otherwise it asks the strong judge, whose verdict then
 * stands (the idea of "Trust or Escalate", Jung et al. 2024: escalate only where the cheap judge is
 * unsure). The threshold comes from {@link CascadeCalibration} on a dev set.
 *
 * <p>A cheap judge with one sample is always unanimous (agreement 1), so the cheap stage needs
 * several samples ({@code k >= 3}) or a panel for its confidence to mean anything.
 *
 * <p>The verdict is the deciding stage's, with {@code composition().stage()} naming that stage, the
 * consulted stages' own verdicts in {@code composition().members()}, and {@code usage} summing
 * every stage that ran.
 *
 * {@snippet :
 * Judge cascade = Cascade.builder()
 *     .cheap("small", smallJudge)
 *     .strong("large", largeJudge)
 *     .threshold(0.8)
 *     .build();
 * }
 */
public final class Cascade {
  private Cascade() {}

  public static Builder builder() {
    return new Builder();
  }

  /** Builds a cascade; validates eagerly and names the bad value. */
  public static final class Builder {
    private String cheapName = "cheap";
    private Judge cheap;
    private String strongName = "strong";
    private Judge strong;
    private double threshold = 1.0;

    private Builder() {}

    /** The first stage, named in verdicts. */
    public Builder cheap(String name, Judge judge) {
      this.cheapName = name(name);
      this.cheap = Objects.requireNonNull(judge, "cheap");
      return this;
    }

    /** The stage that decides whatever the cheap one is unsure of. */
    public Builder strong(String name, Judge judge) {
      this.strongName = name(name);
      this.strong = Objects.requireNonNull(judge, "strong");
      return this;
    }

    /**
     * The cheap verdict's confidence needed for it to stand, in [0, 1] (default 1: only unanimous
     * cheap verdicts stand). {@code Double.POSITIVE_INFINITY} sends everything to the strong judge.
     */
    public Builder threshold(double threshold) {
      if (!(threshold >= 0)) {
        throw InvalidInputException.of("cascade.threshold", "must be >= 0 but was " + threshold);
      }
      this.threshold = threshold;
      return this;
    }

    public Judge build() {
      if (cheap == null || strong == null) {
        throw InvalidInputException.of("cascade", "a cascade needs a cheap and a strong judge");
      }
      if (cheapName.equals(strongName)) {
        throw InvalidInputException.of(
            "cascade", "the stages need different names but both are '" + cheapName + "'");
      }
      return new CascadeJudge(cheapName, cheap, strongName, strong, threshold);
    }

    private static String name(String name) {
      if (name == null || name.isBlank()) {
        throw InvalidInputException.of("cascade", "a cascade stage needs a name");
      }
      return name;
    }
  }
}
