/**
 * Metrics for judges and reward models, each written to reproduce the publisher's own arithmetic.
 *
 * <p>Inputs are plain values (booleans, scores, preferences, {@link dev.arbiter.eval.metrics.Battle
 * battles}); results are records. Entry points are small static facades, one per concept: {@link
 * dev.arbiter.eval.metrics.Accuracy}, {@link dev.arbiter.eval.metrics.SectionAccuracy}, {@link
 * dev.arbiter.eval.metrics.RmBenchAccuracy}, {@link dev.arbiter.eval.metrics.BestOfN}, {@link
 * dev.arbiter.eval.metrics.Agreement}, {@link dev.arbiter.eval.metrics.TwoOrderScoring}, {@link
 * dev.arbiter.eval.metrics.BradleyTerry}, {@link dev.arbiter.eval.metrics.WinRate}, {@link
 * dev.arbiter.eval.metrics.LengthControlledWinRate}, {@link
 * dev.arbiter.eval.metrics.PositionConsistency}, {@link dev.arbiter.eval.metrics.LengthBias},
 * {@link dev.arbiter.eval.metrics.ClusteredShare} and {@link
 * dev.arbiter.eval.metrics.RankCorrelation}. Anything random (bootstrap intervals) takes a {@link
 * dev.arbiter.eval.metrics.Bootstrap} with an explicit seed, so the same call always gives the same
 * interval. Bad arguments throw {@link dev.arbiter.core.InvalidInputException}. Nothing here
 * returns null.
 */
package dev.arbiter.eval.metrics;
