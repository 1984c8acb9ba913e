/**
 * Test support: {@link dev.arbiter.spark.testing.LocalStandaloneCluster} starts a real Spark
 * standalone cluster on 127.0.0.1 from the Spark jars on the class path, for integration tests and
 * benchmarks of jobs that use Arbiter.
 */
package dev.arbiter.spark.testing;
