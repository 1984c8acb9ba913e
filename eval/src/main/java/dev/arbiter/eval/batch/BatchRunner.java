package dev.arbiter.eval.batch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.Judge;
import dev.arbiter.core.JudgeRequest;
import dev.arbiter.core.Provenance;
import dev.arbiter.core.Status;
import dev.arbiter.core.Usage;
import dev.arbiter.core.Verdict;
import dev.arbiter.core.internal.Hashing;
import dev.arbiter.core.json.VerdictJson;
import dev.failsafe.CircuitBreaker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Judges a stream of requests with bounded concurrency and writes one JSONL line per input record
 * as each finishes: a verdict or an error record. Nothing is dropped, nothing is written twice.
 *
 * <p><b>Resume.</b> An existing output file is first compacted (the last complete line per record
 * is kept; a torn or undecodable line is dropped with a warning) and the records it holds are
 * skipped, so a rerun after {@code kill -9} finishes the job without judging anything twice. With
 * {@link Builder#retryFailed} error records are dropped and judged again. Every line carries the
 * judge configuration's fingerprint ({@code config}); verdicts with another fingerprint stop the
 * run unless {@link Builder#allowMixedConfigurations}. The output is locked ({@code OUT.lock})
 * while a run writes it, and may not be the input file.
 *
 * <p><b>Identity.</b> Records are known by id. The second record with an id already seen is an
 * error record keyed {@code ID#line-N} (its own line, so {@code --retry-failed} keeps one output
 * line per input line).
 *
 * <p><b>Faults.</b> A judgement that fails with a retriable error (the server down, overloaded,
 * timing out) is tried again, up to {@link Builder#maxAttempts}. A circuit breaker (Failsafe)
 * watches those failures: when most recent judgements fail, it opens and the run pauses, starting
 * nothing new, until a probe succeeds; failures while it is open do not use up a record's attempts,
 * so an outage does not turn into a flood of error records. After {@link Builder#maxOutage} of
 * continuous outage the run stops as if asked to (resume later). Every attempt has a deadline
 * ({@link Builder#recordTimeout}); a judgement past it becomes an error record.
 *
 * <p>{@link #requestStop()} (wired to SIGINT/SIGTERM by the CLI) stops reading, lets in-flight
 * judgements finish and flushes; records waiting for the server to come back are left unwritten, so
 * a plain rerun judges them.
 */
public final class BatchRunner {
  private final Judge judge;
  private final Path out;
  private final Optional<Path> input;
  private final int concurrency;
  private final boolean retryFailed;
  private final boolean withSamples;
  private final Progress progress;
  private final int maxAttempts;
  private final Duration recordTimeout;
  private final Duration pause;
  private final Duration maxOutage;
  private final boolean allowMixed;
  private final Map<String, Object> configuration;
  private final String fingerprint;
  private final Consumer<String> warn;
  private volatile boolean stopRequested;
  private volatile String stopReason;

  private BatchRunner(Builder b) {
    this.judge = b.judge;
    this.out = b.out;
    this.input = Optional.ofNullable(b.input);
    this.concurrency = b.concurrency;
    this.retryFailed = b.retryFailed;
    this.withSamples = b.withSamples;
    this.progress = b.progress;
    this.maxAttempts = b.maxAttempts;
    this.recordTimeout = b.recordTimeout;
    this.pause = b.pause;
    this.maxOutage = b.maxOutage;
    this.allowMixed = b.allowMixed;
    this.warn = b.warn;
    this.configuration = configuration(judge.provenance(), b.configuration);
    this.fingerprint = fingerprint(configuration);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The fingerprint of a judge configuration: 16 hex digits of the SHA-256 of its canonical JSON.
   */
  public static String fingerprint(Map<String, ?> configuration) {
    return Hashing.sha256Json(new java.util.TreeMap<>(configuration)).substring(0, 16);
  }

  /**
   * The whole judge configuration a runner fingerprints: the judge's provenance (model, revision,
   * protocol, sampling) under {@code judge}, then the caller's {@link Builder#configuration}.
   * Another front end that writes the same output lines (the Spark job) computes it here too.
   */
  public static Map<String, Object> configuration(Provenance judge, Map<String, ?> more) {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("judge", provenance(judge));
    config.putAll(more);
    return config;
  }

  /** This runner's judge configuration fingerprint, written into every output line. */
  public String fingerprint() {
    return fingerprint;
  }

  private static Map<String, Object> provenance(Provenance p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("model", p.model());
    m.put("model_revision", p.modelRevision().orElse(""));
    m.put("protocol", p.protocolId() + "@" + p.protocolVersion());
    m.put("samples", p.sampling().samples());
    m.put("temperature", p.sampling().temperature());
    m.put("top_p", p.sampling().topP());
    m.put("max_tokens", p.sampling().maxTokens());
    m.put("seed", p.sampling().seed().orElse(null));
    m.put("top_logprobs", p.sampling().topLogprobs());
    return m;
  }

  /** Asks a running batch to stop after the records in flight; safe from any thread. */
  public void requestStop() {
    stopRequested = true;
  }

  /** Why the last run stopped early on its own (a long outage of the judge server), if it did. */
  public Optional<String> stopReason() {
    return Optional.ofNullable(stopReason);
  }

  /**
   * Runs the batch over {@code inputs}; returns when every started record is written (or, for
   * records waiting on a server that is down, given up on at a stop).
   *
   * @throws InvalidInputException when the output is the input, is locked by another run, or holds
   *     verdicts of another judge configuration
   * @throws IOException when the output cannot be read or written
   */
  public BatchSummary run(Iterator<BatchInput> inputs) throws IOException {
    long t0 = System.nanoTime();
    refuseInputAsOutput();
    try (OutputFile file = OutputFile.lock(out)) {
      OutputFile.Compacted prior =
          file.compact(retryFailed, fingerprint, configuration, allowMixed, warn);
      if (prior.droppedLines() > 0) {
        warn.accept(
            "warning: "
                + prior.droppedLines()
                + " unreadable lines dropped from "
                + out
                + "; their records are judged again");
      }
      file.openForAppend();
      Run run = new Run(file, prior.done());
      try {
        run.readAll(inputs);
        run.awaitInFlight();
      } finally {
        progress.close();
      }
      if (run.writeFailure.get() != null) {
        Throwable f = run.writeFailure.get();
        throw new IOException("cannot write " + out + ": " + f.getMessage(), f);
      }
      boolean interrupted = stopRequested && (inputs.hasNext() || run.unfinished.get() > 0);
      return new BatchSummary(
          run.read,
          run.skipped,
          run.scored.get(),
          run.unscored.get(),
          run.errors.get(),
          run.inconsistent.get(),
          run.usage.get(),
          Duration.ofNanos(System.nanoTime() - t0),
          interrupted,
          prior.keptErrors(),
          run.unfinished.get(),
          run.retried.get(),
          run.pauses.get(),
          run.samples.get(),
          run.cutShort.get());
    }
  }

  private void refuseInputAsOutput() throws IOException {
    if (input.isEmpty()) {
      return;
    }
    Path in = input.get();
    boolean same =
        Files.exists(out) && Files.exists(in)
            ? Files.isSameFile(in, out)
            : in.toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize());
    if (same) {
      throw InvalidInputException.of(
          "--out", "is the input file " + in + "; the output must be another file");
    }
  }

  /** The state of one run. */
  private final class Run {
    final OutputFile file;
    final Set<String> done;
    final Set<String> seen = new java.util.HashSet<>();
    final Semaphore permits = new Semaphore(concurrency);
    final AtomicLong scored = new AtomicLong();
    final AtomicLong unscored = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    final AtomicLong inconsistent = new AtomicLong();
    final AtomicLong unfinished = new AtomicLong();
    final AtomicLong retried = new AtomicLong();
    final AtomicLong pauses = new AtomicLong();
    final AtomicLong samples = new AtomicLong();
    final AtomicLong cutShort = new AtomicLong();
    final AtomicReference<Usage> usage = new AtomicReference<>(Usage.ZERO);
    final AtomicReference<Throwable> writeFailure = new AtomicReference<>();
    final CircuitBreaker<Object> breaker;
    volatile long downSince = -1;
    long read;
    long skipped;

    Run(OutputFile file, Set<String> done) {
      this.file = file;
      this.done = done;
      this.breaker =
          CircuitBreaker.builder()
              // Open when 5 of the last 10 judgements failed retriably: one unlucky record does
              // not pause the run, a server that is down does within a few records.
              .withFailureThreshold(5, 10)
              .withDelay(pause)
              .withSuccessThreshold(1)
              .onOpen(
                  e -> {
                    // A failed probe opens the breaker again: that is the same outage.
                    if (downSince < 0) {
                      downSince = System.nanoTime();
                      pauses.incrementAndGet();
                      warn.accept(
                          "judge server failing: pausing the run, probing again every "
                              + pause.toMillis()
                              + " ms");
                    }
                  })
              .onClose(
                  e -> {
                    if (downSince >= 0) {
                      warn.accept(
                          "judge server answering again after "
                              + Duration.ofNanos(System.nanoTime() - downSince).toSeconds()
                              + " s: resuming");
                    }
                    downSince = -1;
                  })
              .build();
    }

    void readAll(Iterator<BatchInput> inputs) {
      while (!stopRequested && writeFailure.get() == null && inputs.hasNext()) {
        BatchInput in = inputs.next();
        read++;
        boolean duplicate = !seen.add(in.id());
        String key = duplicate ? in.id() + "#line-" + in.line() : in.id();
        if (done.contains(key)) {
          skipped++;
          continue;
        }
        if (duplicate) {
          ObjectNode rec =
              VerdictJson.error(
                  in.line(),
                  key,
                  "input",
                  "duplicate id '"
                      + in.id()
                      + "' (first seen earlier in the input; ids must be unique)",
                  "id");
          rec.put("duplicate_of", in.id());
          writeError(rec);
          continue;
        }
        if (in.error().isPresent()) {
          InvalidInputException e = in.error().get();
          writeError(
              VerdictJson.error(
                  in.line(), in.id(), "input", e.getMessage(), e.field().orElse(null)));
          continue;
        }
        try {
          permits.acquire();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
        if (!awaitServer()) {
          permits.release();
          // Not started: a plain rerun judges it.
          unfinished.incrementAndGet();
          break;
        }
        new Job(in).attempt();
      }
    }

    void awaitInFlight() throws IOException {
      permits.acquireUninterruptibly(concurrency);
      permits.release(concurrency);
      file.checkpoint();
    }

    /**
     * Waits until the breaker lets an attempt through; false when the run stopped meanwhile (or the
     * outage lasted longer than allowed, which stops it).
     */
    boolean awaitServer() {
      while (true) {
        if (stopRequested) {
          return false;
        }
        if (breaker.tryAcquirePermit()) {
          return true;
        }
        long down = downSince;
        if (down >= 0 && System.nanoTime() - down > maxOutage.toNanos()) {
          stopReason =
              "the judge server kept failing for over "
                  + maxOutage.toSeconds()
                  + " s; stopped (resume when it is back)";
          warn.accept(stopReason);
          stopRequested = true;
          return false;
        }
        long wait = Math.max(10, Math.min(breaker.getRemainingDelay().toMillis(), 200));
        try {
          Thread.sleep(wait);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }

    void writeError(ObjectNode rec) {
      write(rec);
      errors.incrementAndGet();
      progress.step(true, Usage.ZERO);
    }

    void write(ObjectNode rec) {
      rec.put(OutputFile.CONFIG_FIELD, fingerprint);
      file.write(rec);
    }

    /** One record's judgement, over its attempts. */
    final class Job {
      final BatchInput in;
      final JudgeRequest request;
      int attempts;
      boolean released;

      Job(BatchInput in) {
        this.in = in;
        this.request = in.request().orElseThrow();
      }

      /** Starts an attempt; the caller holds a breaker permit and a concurrency permit. */
      void attempt() {
        attempts++;
        CompletableFuture<Verdict> f;
        try {
          f = judge.judgeAsync(request);
        } catch (RuntimeException e) {
          f = CompletableFuture.failedFuture(e);
        }
        f.orTimeout(recordTimeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete(this::settle);
      }

      private void settle(Verdict v, Throwable e) {
        try {
          Throwable cause =
              e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
          if (cause instanceof TimeoutException) {
            breaker.recordFailure();
            finish(
                VerdictJson.error(
                    in.line(),
                    in.id(),
                    "deadline",
                    "retriable: no verdict within the record deadline of "
                        + recordTimeout.toSeconds()
                        + " s",
                    null),
                null);
            return;
          }
          if (cause != null) {
            breaker.recordSuccess();
            finish(
                VerdictJson.error(in.line(), in.id(), "judge", String.valueOf(cause), null), null);
            return;
          }
          if (v.status() == Status.ERROR && retriable(v)) {
            breaker.recordFailure();
            // Failures while the breaker is open are the outage's, not the record's.
            if (!breaker.isClosed()) {
              attempts--;
            }
            if (attempts < maxAttempts) {
              retried.incrementAndGet();
              Thread.ofVirtual().name("arbiter-retry-" + in.id()).start(this::retry);
              return;
            }
          } else {
            breaker.recordSuccess();
          }
          ObjectNode rec = VerdictJson.of(in.line(), v, withSamples);
          RequestReader.profileNote(request, rec);
          battleNote(request, rec);
          finish(rec, v);
        } catch (RuntimeException ex) {
          writeFailure.compareAndSet(null, ex);
          release();
        }
      }

      private void retry() {
        // Waiting a pause first lets the failures of other records reach the breaker, so one
        // fast-failing record does not use up its attempts alone while the server is down.
        try {
          Thread.sleep(pause);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        if (!awaitServer()) {
          unfinished.incrementAndGet();
          release();
          return;
        }
        attempt();
      }

      /** Gives the record's concurrency permit back, once. */
      private void release() {
        if (!released) {
          released = true;
          permits.release();
        }
      }

      private void finish(ObjectNode rec, Verdict v) {
        try {
          boolean error;
          if (v == null) {
            error = true;
          } else {
            error = v.status() == Status.ERROR;
            if (error) {
              rec.put("error_kind", "judge");
            } else if (v.status() == Status.SCORED) {
              scored.incrementAndGet();
            } else {
              unscored.incrementAndGet();
            }
            if (v.positionConsistent().map(c -> !c).orElse(false)) {
              inconsistent.incrementAndGet();
            }
            usage.accumulateAndGet(v.usage(), Usage::plus);
            samples.addAndGet(v.samples().size());
            cutShort.addAndGet(
                v.samples().stream().filter(s -> "length".equals(s.finishReason())).count());
          }
          if (error) {
            errors.incrementAndGet();
            if (attempts > 1) {
              rec.put("attempts", attempts);
            }
          }
          write(rec);
          progress.step(error, v == null ? Usage.ZERO : v.usage());
        } finally {
          release();
        }
      }
    }
  }

  /**
   * Whether an error verdict is worth another attempt: its failure was retriable (the judge marks
   * the reason "retriable: …", see {@code Verdict.error}).
   */
  private static boolean retriable(Verdict v) {
    return v.reason().startsWith("retriable");
  }

  /** Builds a {@link BatchRunner}. */
  public static final class Builder {
    private Judge judge;
    private Path out;
    private Path input;
    private int concurrency = 8;
    private boolean retryFailed;
    private boolean withSamples;
    private Progress progress = Progress.silent();
    private int maxAttempts = 3;
    private Duration recordTimeout = Duration.ofMinutes(10);
    private Duration pause = Duration.ofSeconds(5);
    private Duration maxOutage = Duration.ofMinutes(30);
    private boolean allowMixed;
    private final Map<String, Object> configuration = new LinkedHashMap<>();
    private Consumer<String> warn = System.err::println;

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

    /** The file the inputs come from, when there is one: it is refused as the output. */
    public Builder input(Path in) {
      this.input = Objects.requireNonNull(in, "in");
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

    /** Attempts per record when its judgement fails retriably (default 3). */
    public Builder maxAttempts(int n) {
      if (n < 1) {
        throw InvalidInputException.of("max attempts", "must be >= 1 but was " + n);
      }
      this.maxAttempts = n;
      return this;
    }

    /** The deadline of one attempt at a record (default 10 minutes). */
    public Builder recordTimeout(Duration d) {
      this.recordTimeout = positive("record timeout", d);
      return this;
    }

    /** How long the run pauses before probing a failing server again (default 5 s). */
    public Builder pauseWhenFailing(Duration d) {
      this.pause = positive("pause", d);
      return this;
    }

    /** How long the server may keep failing before the run stops (default 30 minutes). */
    public Builder maxOutage(Duration d) {
      this.maxOutage = positive("max outage", d);
      return this;
    }

    /** Resume even when the output holds verdicts of another judge configuration. */
    public Builder allowMixedConfigurations(boolean allow) {
      this.allowMixed = allow;
      return this;
    }

    /**
     * What else defines the judge beyond its provenance (model, protocol, sampling), e.g. the
     * voting rule, scale, rubric and verifiers: part of the fingerprint written to every line.
     */
    public Builder configuration(Map<String, ?> more) {
      this.configuration.putAll(more);
      return this;
    }

    /** Where warnings go (a dropped torn line, a pause); standard error by default. */
    public Builder warnings(Consumer<String> sink) {
      this.warn = Objects.requireNonNull(sink, "sink");
      return this;
    }

    private static Duration positive(String what, Duration d) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw InvalidInputException.of(what, "must be a positive duration but was " + d);
      }
      return d;
    }

    public BatchRunner build() {
      if (judge == null || out == null) {
        throw InvalidInputException.of(judge == null ? "judge" : "output", "is required");
      }
      return new BatchRunner(this);
    }
  }

  /** Request metadata naming the model behind candidate A of a battle (see docs/eval.md). */
  public static final String MODEL_A_KEY = "model_a";

  /** Request metadata naming the model behind candidate B of a battle. */
  public static final String MODEL_B_KEY = "model_b";

  /** Request metadata naming the question a battle was fought on (optional). */
  public static final String QUESTION_KEY = "question_id";

  /**
   * Copies a battle's model names into its verdict line, with the answers' lengths (Unicode code
   * points, as AlpacaEval's {@code str.len()}) and the question, so that {@code arbiter eval
   * --battles} can build a league table from the verdict file alone. The question defaults to a
   * digest of the conversation, so battles on the same prompt group together without an id.
   */
  private static void battleNote(JudgeRequest r, ObjectNode rec) {
    String a = r.metadata().get(MODEL_A_KEY);
    String b = r.metadata().get(MODEL_B_KEY);
    if (a == null || b == null || r.candidates().size() != 2) {
      return;
    }
    ObjectNode n = rec.putObject("battle");
    n.put("model_a", a);
    n.put("model_b", b);
    String q = r.metadata().get(QUESTION_KEY);
    n.put("question", q != null ? q : conversationDigest(r));
    String ta = r.candidates().get(0).text();
    String tb = r.candidates().get(1).text();
    n.put("length_a", ta.codePointCount(0, ta.length()));
    n.put("length_b", tb.codePointCount(0, tb.length()));
  }

  private static String conversationDigest(JudgeRequest r) {
    StringBuilder text = new StringBuilder();
    for (dev.arbiter.core.Message m : r.conversation()) {
      text.append(m.role().wireName()).append('\u0000').append(m.content()).append('\u0000');
    }
    return "sha256:" + Hashing.sha256(text.toString()).substring(0, 16);
  }
}
