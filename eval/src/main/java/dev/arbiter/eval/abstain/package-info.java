/**
 * Calibrated abstention ({@code arbiter calibrate}, docs/calibrate.md): labels and verdict lines
 * read back into confidence signals and correctness, and the threshold below which a judge should
 * abstain to reach a target precision.
 */
package dev.arbiter.eval.abstain;
