/**
 * Observing judges: the {@link dev.arbiter.core.observe.JudgeListener} SPI receives request,
 * sample, error and verdict events from a {@link dev.arbiter.core.Judge}. Metrics and tracing
 * bindings (the server's Micrometer binding, an OpenTelemetry listener of your own) implement it;
 * nothing here depends on them.
 */
package dev.arbiter.core.observe;
