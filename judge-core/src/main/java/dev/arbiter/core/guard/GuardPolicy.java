package dev.arbiter.core.guard;

/**
 * What a judge does with a candidate the {@link PromptGuard} flagged. Candidate text is untrusted:
 * under every policy but {@link #OFF} the findings are listed in the verdict's {@code guard} field.
 */
public enum GuardPolicy {
  /** Judge as usual and report the findings (the default). */
  FLAG,
  /**
   * A flagged candidate gets the worst outcome without asking the model: the scale's minimum
   * (pointwise), the losing side (pairwise; a tie when both are flagged), the bottom of the ranking
   * (listwise, below every unflagged candidate, the model's order kept among the rest).
   */
  PENALIZE,
  /**
   * A request with a flagged candidate is not judged: UNSCORED, with the findings as the reason.
   */
  ABSTAIN,
  /** The guard does not run; verdicts carry no findings. */
  OFF;

  /** The policy named {@code flag}, {@code penalize}, {@code abstain} or {@code off}. */
  public static GuardPolicy byName(String name) {
    for (GuardPolicy p : values()) {
      if (p.name().equalsIgnoreCase(name.strip())) {
        return p;
      }
    }
    throw dev.arbiter.core.InvalidInputException.of(
        "guard", "must be one of flag, penalize, abstain, off but was '" + name + "'");
  }
}
