/**
 * Robustness probes of a judge: meaning-preserving {@link dev.arbiter.eval.probe.Transformation}s
 * of the candidates ({@link dev.arbiter.eval.probe.Transformations}), the master-key answers of
 * "One Token to Fool LLM-as-a-Judge" ({@link dev.arbiter.eval.probe.MasterKeys}), and the {@link
 * dev.arbiter.eval.probe.Probe} that judges pairs under both and counts flips and wins. The CLI's
 * {@code arbiter probe} drives it; {@code render.ProbeWriter} writes the results.
 */
package dev.arbiter.eval.probe;
