package dev.arbiter.eval.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.Judge;
import dev.arbiter.core.Status;
import dev.arbiter.core.Usage;
import dev.arbiter.core.Verdict;
import dev.arbiter.core.internal.Json;
import dev.arbiter.core.json.VerdictJson;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Judges a stream of requests with bounded concurrency and writes one JSONL line per input record
 * as each finishes: a verdict or an error record. Nothing is dropped.
 *
 * <p>Resumable: an existing output file is first compacted (the last line per id is kept; a line
 * cut short by a crash is dropped) and the ids it holds are skipped, so a rerun after {@code kill
 * -9} finishes the job without judging anything twice. With {@link Builder#retryFailed} error
 * records are dropped and re-run. {@link #requestStop()} (wired to SIGINT/SIGTERM by the CLI) stops
 * reading, lets in-flight judgements finish and flushes.
 */
public final class BatchRunner {
  private final Judge judge;
  private final Path out;
  private final int concurrency;
  private final boolean retryFailed;
  private final boolean withSamples;
  private final Progress progress;
  private volatile boolean stopRequested;

  private BatchRunner(Builder b) {
    this.judge = b.judge;
    this.out = b.out;
    this.concurrency = b.concurrency;
    this.retryFailed = b.retryFailed;
    this.withSamples = b.withSamples;
    this.progress = b.progress;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Asks a running batch to stop after the records in flight; safe from any thread. */
  public void requestStop() {
    stopRequested = true;
  }

  /** Runs the batch over {@code inputs}; returns when every started record is written. */
  public BatchSummary run(Iterator<BatchInput> inputs) throws IOException {
    long t0 = System.nanoTime();
    Set<String> done = compact();
    Set<String> seen = new HashSet<>();
    AtomicLong scored = new AtomicLong();
    AtomicLong unscored = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    AtomicLong inconsistent = new AtomicLong();
    AtomicReference<Usage> usage = new AtomicReference<>(Usage.ZERO);
    AtomicReference<Throwable> writeFailure = new AtomicReference<>();
    long read = 0;
    long skipped = 0;
    Semaphore permits = new Semaphore(concurrency);
    try (BufferedWriter w =
        Files.newBufferedWriter(
            out, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
      Writer writer = new Writer(w);
      while (!stopRequested && writeFailure.get() == null && inputs.hasNext()) {
        BatchInput in = inputs.next();
        read++;
        if (done.contains(in.id())) {
          skipped++;
          continue;
        }
        if (!seen.add(in.id())) {
          writer.write(
              VerdictJson.error(
                  in.line(),
                  in.id() + "#line-" + in.line(),
                  "input",
                  "duplicate id '" + in.id() + "' (ids must be unique to resume a job)",
                  "id"));
          errors.incrementAndGet();
          progress.step(true, Usage.ZERO);
          continue;
        }
        if (in.error().isPresent()) {
          InvalidInputException e = in.error().get();
          writer.write(
              VerdictJson.error(
                  in.line(), in.id(), "input", e.getMessage(), e.field().orElse(null)));
          errors.incrementAndGet();
          progress.step(true, Usage.ZERO);
          continue;
        }
        try {
          permits.acquire();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
        long line = in.line();
        judge
            .judgeAsync(in.request().get())
            .whenComplete(
                (v, e) -> {
                  try {
                    Verdict verdict = v;
                    ObjectNode rec;
                    if (e != null) {
                      rec = VerdictJson.error(line, in.id(), "judge", String.valueOf(e), null);
                      errors.incrementAndGet();
                    } else {
                      rec = VerdictJson.of(line, verdict, withSamples);
                      if (verdict.status() == Status.ERROR) {
                        rec.put("error_kind", "judge");
                        errors.incrementAndGet();
                      } else if (verdict.status() == Status.SCORED) {
                        scored.incrementAndGet();
                      } else {
                        unscored.incrementAndGet();
                      }
                      if (verdict.positionConsistent().map(c -> !c).orElse(false)) {
                        inconsistent.incrementAndGet();
                      }
                      usage.accumulateAndGet(verdict.usage(), Usage::plus);
                    }
                    writer.write(rec);
                    progress.step(
                        e != null || verdict.status() == Status.ERROR,
                        e != null ? Usage.ZERO : verdict.usage());
                  } catch (RuntimeException ex) {
                    writeFailure.compareAndSet(null, ex);
                  } finally {
                    permits.release();
                  }
                });
      }
      permits.acquireUninterruptibly(concurrency);
      permits.release(concurrency);
      w.flush();
    } finally {
      progress.close();
    }
    if (writeFailure.get() != null) {
      throw new IOException(
          "cannot write " + out + ": " + writeFailure.get().getMessage(), writeFailure.get());
    }
    boolean interrupted = stopRequested && inputs.hasNext();
    return new BatchSummary(
        read,
        skipped,
        scored.get(),
        unscored.get(),
        errors.get(),
        inconsistent.get(),
        usage.get(),
        Duration.ofNanos(System.nanoTime() - t0),
        interrupted);
  }

  /**
   * Serialises output lines; flushes each, so a killed process loses at most the line in flight.
   */
  private static final class Writer {
    private final BufferedWriter w;

    Writer(BufferedWriter w) {
      this.w = w;
    }

    synchronized void write(ObjectNode rec) {
      try {
        w.write(Json.write(rec));
        w.write('\n');
        w.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * Rewrites the output file keeping the last complete line per id (dropping error records when
   * retrying failed ones) and returns the ids that are done.
   */
  private Set<String> compact() throws IOException {
    Set<String> done = new HashSet<>();
    if (!Files.exists(out)) {
      return done;
    }
    Map<String, Long> lastLine = new HashMap<>();
    Map<String, Boolean> lastIsError = new HashMap<>();
    long no = 0;
    try (BufferedReader r = Files.newBufferedReader(out, StandardCharsets.UTF_8)) {
      for (String line; (line = r.readLine()) != null; ) {
        no++;
        JsonNode n = parse(line);
        if (n == null) {
          continue;
        }
        String id = n.get("id").asText();
        lastLine.put(id, no);
        lastIsError.put(id, "ERROR".equals(n.path("status").asText()));
      }
    }
    Path tmp = out.resolveSibling(out.getFileName() + ".compacting");
    no = 0;
    try (BufferedReader r = Files.newBufferedReader(out, StandardCharsets.UTF_8);
        BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      for (String line; (line = r.readLine()) != null; ) {
        no++;
        JsonNode n = parse(line);
        if (n == null) {
          continue;
        }
        String id = n.get("id").asText();
        if (lastLine.get(id) != no || (retryFailed && lastIsError.get(id))) {
          continue;
        }
        w.write(line);
        w.write('\n');
        done.add(id);
      }
    }
    Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return done;
  }

  private static JsonNode parse(String line) {
    if (line.isBlank()) {
      return null;
    }
    try {
      JsonNode n = Json.mapper().readTree(line);
      return n != null && n.isObject() && n.hasNonNull("id") ? n : null;
    } catch (IOException e) {
      // A line cut short by a crash: the record is judged again.
      return null;
    }
  }

  /** Builds a {@link BatchRunner}. */
  public static final class Builder {
    private Judge judge;
    private Path out;
    private int concurrency = 8;
    private boolean retryFailed;
    private boolean withSamples;
    private Progress progress = Progress.silent();

    private Builder() {}

    public Builder judge(Judge judge) {
      this.judge = Objects.requireNonNull(judge, "judge");
      return this;
    }

    /** The JSONL output file; appended to and resumed from when it exists. */
    public Builder output(Path out) {
      this.out = Objects.requireNonNull(out, "out");
      return this;
    }

    /** Judgements in flight at once (default 8). */
    public Builder concurrency(int n) {
      if (n < 1) {
        throw InvalidInputException.of("concurrency", "must be >= 1 but was " + n);
      }
      this.concurrency = n;
      return this;
    }

    /** Re-run the records whose last output line is an error record. */
    public Builder retryFailed(boolean retry) {
      this.retryFailed = retry;
      return this;
    }

    /** Write every sample's raw text into the output. */
    public Builder withSamples(boolean with) {
      this.withSamples = with;
      return this;
    }

    public Builder progress(Progress p) {
      this.progress = Objects.requireNonNull(p, "progress");
      return this;
    }

    public BatchRunner build() {
      if (judge == null || out == null) {
        throw InvalidInputException.of(judge == null ? "judge" : "output", "is required");
      }
      return new BatchRunner(this);
    }
  }
}
