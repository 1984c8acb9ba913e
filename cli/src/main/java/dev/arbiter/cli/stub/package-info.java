/**
 * {@link dev.arbiter.cli.stub.StubVllmServer}, a simulated OpenAI-compatible judge server on
 * loopback for demos, end-to-end tests and benchmarks. Its answers are pseudo-random.
 */
package dev.arbiter.cli.stub;
