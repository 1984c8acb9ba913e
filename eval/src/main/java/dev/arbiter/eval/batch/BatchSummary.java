package dev.arbiter.eval.batch;

import dev.arbiter.core.Usage;
import java.time.Duration;
import java.util.Locale;

/**
 * What a batch run did.
 *
 * @param read input records read in this run
 * @param skipped records already done by an earlier run (resume)
 * @param scored verdicts with status SCORED
 * @param unscored verdicts with status UNSCORED
 * @param errors error records (unreadable lines, failed judgements)
 * @param positionInconsistent pairwise verdicts whose two orders disagreed
 * @param usage summed model calls, tokens and cache hits
 * @param wall wall-clock time
 * @param interrupted whether the run was stopped before all input was judged
 * @param keptErrors error records of earlier runs still in the output (not retried)
 * @param unfinished records read but left unwritten at a stop (waiting for a failing server); a
 *     rerun judges them
 * @param retried attempts repeated after a retriable failure
 * @param pauses times the run paused because the judge server kept failing
 */
public record BatchSummary(
    long read,
    long skipped,
    long scored,
    long unscored,
    long errors,
    long positionInconsistent,
    Usage usage,
    Duration wall,
    boolean interrupted,
    long keptErrors,
    long unfinished,
    long retried,
    long pauses) {

  /** Error records in the output after this run: this run's and those kept from earlier runs. */
  public long errorsInOutput() {
    return errors + keptErrors;
  }

  /** Records written by this run. */
  public long done() {
    return scored + unscored + errors;
  }

  /** A one-screen, human-readable summary. */
  public String render() {
    double secs = Math.max(1e-9, wall.toMillis() / 1000.0);
    StringBuilder b = new StringBuilder();
    b.append(interrupted ? "Stopped early" : "Done")
        .append(String.format(Locale.ROOT, " in %.1f s%n", secs));
    b.append(
        String.format(
            Locale.ROOT,
            "  records     %d written (%d scored, %d unscored, %d errors), %d skipped as already done%n",
            done(),
            scored,
            unscored,
            errors,
            skipped));
    if (keptErrors > 0) {
      b.append(
          String.format(
              Locale.ROOT,
              "  earlier     %d error records from earlier runs kept (--retry-failed judges them again)%n",
              keptErrors));
    }
    if (retried > 0 || pauses > 0 || unfinished > 0) {
      b.append(
          String.format(
              Locale.ROOT,
              "  faults      %d attempts repeated after retriable failures, %d pauses while the server failed, %d records left for a rerun%n",
              retried,
              pauses,
              unfinished));
    }
    if (positionInconsistent > 0) {
      b.append(
          String.format(
              Locale.ROOT, "  pairwise    %d position-inconsistent%n", positionInconsistent));
    }
    b.append(
        String.format(
            Locale.ROOT,
            "  model       %d calls, %d prompt + %d completion tokens (%d prompt tokens served from the server's prefix cache)%n",
            usage.calls(),
            usage.promptTokens(),
            usage.completionTokens(),
            usage.cachedPromptTokens()));
    long lookups = usage.cacheHits() + usage.cacheMisses();
    b.append(
        String.format(
            Locale.ROOT,
            "  cache       %d hits, %d misses%s%n",
            usage.cacheHits(),
            usage.cacheMisses(),
            lookups == 0
                ? ""
                : String.format(
                    Locale.ROOT, " (%.1f%% hit rate)", 100.0 * usage.cacheHits() / lookups)));
    b.append(String.format(Locale.ROOT, "  throughput  %.1f records/s", done() / secs));
    return b.toString();
  }
}
