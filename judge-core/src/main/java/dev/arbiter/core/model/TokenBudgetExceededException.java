package dev.arbiter.core.model;

import dev.arbiter.core.NonRetriableException;

/**
 * The job's token budget ({@link JudgeModels#withTokenBudget}) is spent: no further call is sent.
 * Not retriable, so retry loops stop at once; calls already in flight when the budget ran out
 * complete normally (their tokens were being paid for already).
 */
public final class TokenBudgetExceededException extends NonRetriableException {
  private static final long serialVersionUID = 1L;
  private final long budget;
  private final long used;

  TokenBudgetExceededException(String model, long budget, long used) {
    super(
        "token budget of "
            + budget
            + " tokens for this job is spent ("
            + used
            + " prompt + completion tokens used on "
            + model
            + "); no further calls are sent. Raise the budget or resume the job later");
    this.budget = budget;
    this.used = used;
  }

  /** The budget, in prompt + completion tokens. */
  public long budget() {
    return budget;
  }

  /** The tokens used when this call was refused. */
  public long used() {
    return used;
  }
}
