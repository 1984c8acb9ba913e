package dev.arbiter.sandbox;

import java.time.Duration;
import java.util.Objects;

/**
 * How one sandboxed run ended.
 *
 * @param outcome how the process ended: exit, signal, one of the time limits, or a sandbox failure
 * @param exitCode the exit status, {@code 128 + signal} when a signal ended it, -1 when it was
 *     killed for the wall-time limit or never started
 * @param signal the signal number that ended the process, 0 when none did
 * @param stdout standard output, at most {@link SandboxLimits#maxOutputBytes()} bytes (head and
 *     tail, with a marker in between when cut)
 * @param stderr standard error, capped the same way
 * @param outputTruncated whether either stream was cut
 * @param wallTime how long the run took, start-up included
 * @param isolated whether the run was sandboxed; false only for a sandbox built with {@link
 *     CodeSandbox.Builder#unsandboxed()}
 * @param note why the sandbox failed or was stopped, or which whole-run limit the program hit (a
 *     cgroup's memory.max or pids.max); empty otherwise
 * @param confinement the kernel-level confinement the run had beyond namespaces and rlimits, e.g.
 *     {@code "seccomp, no cgroup"} or {@code "seccomp, cgroup memory.max+pids.max"}; empty when
 *     unsandboxed
 */
public record ExecutionResult(
    Outcome outcome,
    int exitCode,
    int signal,
    String stdout,
    String stderr,
    boolean outputTruncated,
    Duration wallTime,
    boolean isolated,
    String note,
    String confinement) {

  /** SIGKILL. */
  public static final int SIGKILL = 9;

  /** SIGXCPU: the CPU-time rlimit ran out. */
  public static final int SIGXCPU = 24;

  /** SIGXFSZ: a file grew beyond the file-size rlimit. */
  public static final int SIGXFSZ = 25;

  /** How a run ended. */
  public enum Outcome {
    /** The program exited on its own (any exit code). */
    EXITED,
    /** A signal ended the program (crash, SIGKILL, SIGXFSZ...), not a time limit. */
    SIGNALED,
    /** The wall-time limit ran out; the whole process tree was killed. */
    WALL_TIMEOUT,
    /** The CPU-time limit ran out (SIGXCPU). */
    CPU_TIMEOUT,
    /** The sandbox could not run the program; says nothing about the program. */
    SANDBOX_ERROR
  }

  public ExecutionResult {
    Objects.requireNonNull(outcome, "outcome");
    stdout = stdout == null ? "" : stdout;
    stderr = stderr == null ? "" : stderr;
    wallTime = wallTime == null ? Duration.ZERO : wallTime;
    note = note == null ? "" : note;
    confinement = confinement == null ? "" : confinement;
  }

  /** A result without a confinement description (unsandboxed runs, failures before a run). */
  public ExecutionResult(
      Outcome outcome,
      int exitCode,
      int signal,
      String stdout,
      String stderr,
      boolean outputTruncated,
      Duration wallTime,
      boolean isolated,
      String note) {
    this(outcome, exitCode, signal, stdout, stderr, outputTruncated, wallTime, isolated, note, "");
  }

  /** Whether the program exited on its own with status 0. */
  public boolean succeeded() {
    return outcome == Outcome.EXITED && exitCode == 0;
  }

  /** The conventional name of {@link #signal()} ("SIGSEGV"), or "" when no signal ended the run. */
  public String signalName() {
    return switch (signal) {
      case 0 -> "";
      case 1 -> "SIGHUP";
      case 2 -> "SIGINT";
      case 3 -> "SIGQUIT";
      case 4 -> "SIGILL";
      case 5 -> "SIGTRAP";
      case 6 -> "SIGABRT";
      case 7 -> "SIGBUS";
      case 8 -> "SIGFPE";
      case 9 -> "SIGKILL";
      case 11 -> "SIGSEGV";
      case 13 -> "SIGPIPE";
      case 14 -> "SIGALRM";
      case 15 -> "SIGTERM";
      case 24 -> "SIGXCPU";
      case 25 -> "SIGXFSZ";
      case 31 -> "SIGSYS";
      default -> "signal " + signal;
    };
  }
}
