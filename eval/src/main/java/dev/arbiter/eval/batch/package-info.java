/**
 * Batch judging: {@link dev.arbiter.eval.batch.RequestReader} streams JSONL into {@link
 * dev.arbiter.eval.batch.BatchInput}s (a request or a located input error), {@link
 * dev.arbiter.eval.batch.BatchRunner} judges them with bounded concurrency into one output line
 * each ({@link dev.arbiter.core.json.VerdictJson}), resumably, showing {@link
 * dev.arbiter.eval.batch.Progress} and ending with a {@link dev.arbiter.eval.batch.BatchSummary}.
 */
package dev.arbiter.eval.batch;
