/**
 * Judges made of judges. A {@link dev.arbiter.core.ensemble.Panel} has every member judge each
 * request and pools their decisions with per-member weights; a {@link
 * dev.arbiter.core.ensemble.Cascade} lets a cheap judge decide when its confidence clears a
 * threshold and hands the rest to a strong judge; {@link
 * dev.arbiter.core.ensemble.CascadeCalibration} picks that threshold on a dev set. Both are plain
 * {@link dev.arbiter.core.Judge}s over other judges (no HTTP here), and their verdicts carry a
 * {@link dev.arbiter.core.Composition} listing each member's own verdict. {@link
 * dev.arbiter.core.ensemble.Outcomes} names a verdict's decision so two verdicts can be compared.
 * Nothing here returns null.
 */
package dev.arbiter.core.ensemble;
