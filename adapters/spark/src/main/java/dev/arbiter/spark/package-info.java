/**
 * Arbiter on Apache Spark: {@link dev.arbiter.spark.ArbiterSpark} turns a {@code Dataset<Row>} of
 * judge requests into a {@code Dataset<Row>} of verdicts (one per request, errors as rows), with
 * one judge per executor built from a {@code JudgeSpec}; {@link dev.arbiter.spark.SparkJudgeJob} is
 * the whole resumable batch job {@code ./arbiter-spark judge} runs. See docs/spark.md. Nothing here
 * returns null.
 */
package dev.arbiter.spark;
