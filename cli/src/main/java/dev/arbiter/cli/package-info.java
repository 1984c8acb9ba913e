/**
 * The {@code arbiter} command line (picocli): {@link dev.arbiter.cli.ArbiterCli} and its
 * subcommands. Options become a {@code Judge} in one place ({@code Judges}); {@code
 * BuiltInVerifiers} lists what requests are routed through.
 */
package dev.arbiter.cli;
