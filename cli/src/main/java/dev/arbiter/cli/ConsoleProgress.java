package dev.arbiter.cli;

import dev.arbiter.core.Usage;
import dev.arbiter.eval.batch.Progress;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows a batch's progress on the console: a progress bar with rate, ETA, cache hits and errors
 * when stderr is a terminal; a plain log line every few seconds otherwise (CI logs, redirected
 * output).
 */
final class ConsoleProgress {
  private ConsoleProgress() {}

  /** Chooses the bar for a terminal and log lines otherwise; {@code total} &lt; 0 when unknown. */
  static Progress auto(long total, PrintStream err) {
    return System.console() != null
        ? new Bar(total)
        : new LogLines(total, err, Duration.ofSeconds(10));
  }

  /** The terminal progress bar. */
  static final class Bar implements Progress {
    private final ProgressBar bar;
    private long errors;
    private long hits;
    private long misses;

    Bar(long total) {
      bar =
          ProgressBar.builder()
              .setTaskName("judging")
              .setInitialMax(total)
              .setStyle(ProgressBarStyle.ASCII)
              .setUpdateIntervalMillis(500)
              .showSpeed()
              .build();
    }

    @Override
    public synchronized void step(boolean error, Usage usage) {
      if (error) {
        errors++;
      }
      hits += usage.cacheHits();
      misses += usage.cacheMisses();
      bar.step();
      bar.setExtraMessage(
          String.format(Locale.ROOT, " cache %d/%d, errors %d", hits, hits + misses, errors));
    }

    @Override
    public void close() {
      bar.close();
    }
  }

  /** Plain lines for non-terminals. */
  static final class LogLines implements Progress {
    private final long total;
    private final PrintStream out;
    private final long everyNanos;
    private final long start = System.nanoTime();
    private long last = System.nanoTime();
    private long done;
    private long errors;
    private long hits;
    private long misses;

    LogLines(long total, PrintStream out, Duration every) {
      this.total = total;
      this.out = out;
      this.everyNanos = every.toNanos();
    }

    @Override
    public synchronized void step(boolean error, Usage usage) {
      done++;
      if (error) {
        errors++;
      }
      hits += usage.cacheHits();
      misses += usage.cacheMisses();
      long now = System.nanoTime();
      if (now - last >= everyNanos) {
        last = now;
        out.println(line(now));
      }
    }

    private String line(long now) {
      double secs = (now - start) / 1e9;
      double rate = done / Math.max(secs, 1e-9);
      String eta =
          total > 0 && rate > 0
              ? String.format(Locale.ROOT, ", ETA %.0f s", (total - done) / rate)
              : "";
      String of = total > 0 ? "/" + total : "";
      return String.format(
          Locale.ROOT,
          "progress: %d%s records, %.1f/s%s, cache hits %d/%d, errors %d",
          done,
          of,
          rate,
          eta,
          hits,
          hits + misses,
          errors);
    }

    @Override
    public synchronized void close() {
      out.println(line(System.nanoTime()));
    }
  }
}
