/**
 * The prompt guard: {@link dev.arbiter.core.guard.PromptGuard} scans candidate text for known
 * attack shapes and returns {@link dev.arbiter.core.guard.GuardFinding}s (kind and span); the
 * judge's {@link dev.arbiter.core.guard.GuardPolicy} says whether a finding is only reported,
 * penalised, or makes the judge abstain.
 */
package dev.arbiter.core.guard;
