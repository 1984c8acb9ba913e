package dev.arbiter.eval.batch;

import dev.arbiter.core.Usage;

/**
 * Receives a batch's progress, one call per finished record. The CLI shows it as a terminal
 * progress bar or log lines ({@code dev.arbiter.cli.ConsoleProgress}); library users plug their
 * own.
 */
public interface Progress extends AutoCloseable {

  /** One record finished. */
  void step(boolean error, Usage usage);

  @Override
  void close();

  /** Shows nothing. */
  static Progress silent() {
    return new Progress() {
      @Override
      public void step(boolean error, Usage usage) {}

      @Override
      public void close() {}
    };
  }
}
