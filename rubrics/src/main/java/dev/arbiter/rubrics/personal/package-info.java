/**
 * Learned per-user profiles: {@link dev.arbiter.rubrics.personal.ProfileFitter} fits Bradley-Terry
 * criterion weights from {@link dev.arbiter.rubrics.personal.ChoicePair}s over judged responses'
 * {@link dev.arbiter.rubrics.personal.CriterionScores}, regularised toward a population prior, into
 * a {@link dev.arbiter.rubrics.personal.ProfileFit}; {@link
 * dev.arbiter.rubrics.personal.ProfileDirectory} reads the written profiles back for judging.
 * Nothing here returns null.
 */
package dev.arbiter.rubrics.personal;
