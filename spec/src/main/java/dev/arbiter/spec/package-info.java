/**
 * One declarative description of a judge. A {@link dev.arbiter.spec.JudgeSpec} (read from YAML or
 * JSON by {@link dev.arbiter.spec.JudgeSpecs}) names the model endpoints, protocol, rubric,
 * sampling, vote, cache, verifiers, fusion, guard and concurrency; {@link
 * dev.arbiter.spec.Judges#fromSpec} turns it into a {@link dev.arbiter.spec.BuiltJudge}. The CLI,
 * the server and the Spark job build their judges here, so one spec means one judge everywhere.
 */
package dev.arbiter.spec;
