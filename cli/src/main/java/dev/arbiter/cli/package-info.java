/**
 * The {@code arbiter} command line (picocli): {@link dev.arbiter.cli.ArbiterCli} and its
 * subcommands. {@link dev.arbiter.cli.JudgeOptions} maps the judge flags onto a {@code JudgeSpec}
 * (module {@code spec}), which builds the judge; {@code serve} runs the HTTP server (module {@code
 * server}) with the same spec.
 */
package dev.arbiter.cli;
