package dev.arbiter.core;

/** How candidates are judged. */
public enum Mode {
  /** One candidate, a score on a declared scale. */
  POINTWISE,
  /** Two candidates, a preference with strength, judged in both orders. */
  PAIRWISE,
  /** N candidates, a ranking. */
  LISTWISE,
  /**
   * One candidate solution split into steps ({@link StepSplit}); each step labelled +1 / 0 / −1 as
   * PRM800K's step ratings are, with step-aggregated rewards ({@link StepVerdict}).
   */
  STEPS;

  /** Parses "pointwise", "PAIRWISE", ...; names the accepted values when it cannot. */
  public static Mode parse(String s) {
    for (Mode m : values()) {
      if (m.name().equalsIgnoreCase(s.trim())) {
        return m;
      }
    }
    throw InvalidInputException.of(
        "mode", "expected pointwise, pairwise, listwise or steps but was '" + s + "'");
  }
}
