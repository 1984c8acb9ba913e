package dev.arbiter.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.core.internal.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/** Reads a harness's result lines and decides the {@link CodeTestOutcome}. */
final class HarnessReport {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final List<JsonNode> events;
  private final List<TestCaseResult> tests;

  private HarnessReport(List<JsonNode> events) {
    this.events = events;
    List<TestCaseResult> t = new ArrayList<>();
    for (JsonNode e : events) {
      if (kind(e).equals("test")) {
        t.add(testCase(e));
      }
    }
    this.tests = List.copyOf(t);
  }

  /** A fresh secret the harness prefixes its lines with, so printed look-alikes are ignored. */
  static String nonce() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return "ARBITER-" + HexFormat.of().formatHex(b);
  }

  static String resource(String name) {
    try (InputStream in = HarnessReport.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name + " in arbiter-sandbox");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The lines of {@code stdout} that start with the nonce, parsed. */
  static HarnessReport parse(String stdout, String nonce) {
    List<JsonNode> events = new ArrayList<>();
    String prefix = nonce + " ";
    for (String line : stdout.split("\n")) {
      if (line.startsWith(prefix)) {
        try {
          events.add(Json.mapper().readTree(line.substring(prefix.length())));
        } catch (JsonProcessingException e) {
          // A result line cut by the output cap; the missing "done" tells the rest.
        }
      }
    }
    return new HarnessReport(events);
  }

  /** Decides the outcome of one run of a harness, in the order the causes can hide each other. */
  CodeTestResult classify(ExecutionResult run, String solutionFile, String testsFile) {
    switch (run.outcome()) {
      case SANDBOX_ERROR -> {
        return result(CodeTestOutcome.SANDBOX_ERROR, run.note(), run);
      }
      case WALL_TIMEOUT -> {
        return result(
            CodeTestOutcome.TIMEOUT,
            "wall-time limit reached after " + seconds(run) + progress(),
            run);
      }
      case CPU_TIMEOUT -> {
        return result(
            CodeTestOutcome.TIMEOUT, "CPU-time limit reached (SIGXCPU)" + progress(), run);
      }
      default -> {}
    }
    if (run.note().startsWith("cgroup memory.max") && !run.succeeded()) {
      // The kernel's OOM killer ended a process: no MemoryError, just SIGKILL.
      return result(CodeTestOutcome.MEMORY_LIMIT, run.note(), run);
    }
    Optional<JsonNode> syntax = first("syntax_error");
    if (syntax.isPresent()) {
      JsonNode s = syntax.get();
      return result(
          CodeTestOutcome.SYNTAX_ERROR,
          at(solutionFile, s) + text(s, "message") + quoteSource(s),
          run);
    }
    if (first("compile_error").isPresent()) {
      Optional<String> error = firstCompilerError(run.stderr());
      // No "File.java:N: error:" line means javac itself failed (memory limit, bad JVM flag).
      return error.isPresent()
          ? result(CodeTestOutcome.COMPILE_ERROR, error.get(), run)
          : result(
              CodeTestOutcome.SANDBOX_ERROR,
              "the compiler failed without a compile error: " + lastLine(run.stderr()),
              run);
    }
    Optional<JsonNode> testsBroken = first("tests_syntax_error");
    if (testsBroken.isPresent()) {
      JsonNode s = testsBroken.get();
      return result(
          CodeTestOutcome.INVALID_TESTS,
          "the tests do not parse: " + at(testsFile, s) + text(s, "message") + quoteSource(s),
          run);
    }
    Optional<JsonNode> invalid = first("tests_invalid");
    if (invalid.isPresent()) {
      return result(CodeTestOutcome.INVALID_TESTS, text(invalid.get(), "message"), run);
    }
    Optional<JsonNode> loadError = first("solution_error");
    if (loadError.isPresent()) {
      JsonNode e = loadError.get();
      String where = "loading the solution failed: " + text(e, "error") + messageOf(e);
      if (e.path("line").isInt()) {
        where += " at " + text(e, "file") + ":" + e.path("line").asInt() + quoteSource(e);
      }
      return result(limitOutcome(e).orElse(CodeTestOutcome.RUNTIME_ERROR), where, run);
    }
    if (first("done").isPresent()) {
      List<TestCaseResult> failed = tests.stream().filter(t -> !t.passed()).toList();
      if (failed.isEmpty() && !tests.isEmpty()) {
        return result(
            CodeTestOutcome.PASSED, tests.size() + " of " + tests.size() + " tests passed", run);
      }
      if (tests.isEmpty()) {
        return result(CodeTestOutcome.INVALID_TESTS, "the harness found no test to run", run);
      }
      CodeTestOutcome outcome = CodeTestOutcome.TESTS_FAILED;
      for (JsonNode e : events) {
        if (kind(e).equals("test") && !e.path("passed").asBoolean(false)) {
          Optional<CodeTestOutcome> limit = limitOutcome(e);
          if (limit.isPresent()) {
            outcome = limit.get();
            break;
          }
        }
      }
      return result(
          outcome,
          failed.size() + " of " + tests.size() + " tests failed; " + failed.get(0).describe(),
          run);
    }
    if (run.outcome() == ExecutionResult.Outcome.SIGNALED) {
      String why =
          run.signal() == ExecutionResult.SIGXFSZ
              ? "killed by SIGXFSZ: a file grew beyond the file-size limit"
              : "killed by " + run.signalName();
      return result(CodeTestOutcome.CRASH, why + progress(), run);
    }
    String err = run.stderr();
    if (err.contains("MemoryError") || err.contains("java.lang.OutOfMemoryError")) {
      return result(CodeTestOutcome.MEMORY_LIMIT, "ran out of memory" + progress(), run);
    }
    if (first("started").isPresent()) {
      return result(
          CodeTestOutcome.RUNTIME_ERROR,
          "the program exited with status "
              + run.exitCode()
              + " before the tests finished"
              + progress(),
          run);
    }
    return result(
        CodeTestOutcome.SANDBOX_ERROR,
        "the test harness did not start (exit status " + run.exitCode() + "): " + lastLine(err),
        run);
  }

  /** MEMORY_LIMIT or PROCESS_LIMIT when the exception that failed a test says a limit was hit. */
  private static Optional<CodeTestOutcome> limitOutcome(JsonNode e) {
    String error = text(e, "error");
    String message = text(e, "message");
    if (error.equals("MemoryError")
        || (error.equals("java.lang.OutOfMemoryError") && !message.contains("native thread"))) {
      return Optional.of(CodeTestOutcome.MEMORY_LIMIT);
    }
    // fork() fails with EAGAIN (errno 11) at RLIMIT_NPROC; the JVM says "native thread".
    if ((error.equals("BlockingIOError") && e.path("errno").asInt() == 11)
        || (error.equals("java.lang.OutOfMemoryError") && message.contains("native thread"))) {
      return Optional.of(CodeTestOutcome.PROCESS_LIMIT);
    }
    return Optional.empty();
  }

  private CodeTestResult result(CodeTestOutcome outcome, String summary, ExecutionResult run) {
    return new CodeTestResult(outcome, summary, tests, run);
  }

  private String progress() {
    if (tests.isEmpty()) {
      return "";
    }
    long passed = tests.stream().filter(TestCaseResult::passed).count();
    return " (" + tests.size() + " tests finished before, " + passed + " passed)";
  }

  private Optional<JsonNode> first(String kind) {
    return events.stream().filter(e -> kind(e).equals(kind)).findFirst();
  }

  private static String kind(JsonNode e) {
    return e.path("event").asText("");
  }

  private static TestCaseResult testCase(JsonNode e) {
    JsonNode line = e.path("line");
    return new TestCaseResult(
        text(e, "name"),
        e.path("passed").asBoolean(false),
        text(e, "error"),
        text(e, "message"),
        text(e, "file"),
        line.isInt() ? OptionalInt.of(line.asInt()) : OptionalInt.empty(),
        text(e, "source"));
  }

  private static String text(JsonNode e, String field) {
    JsonNode v = e.path(field);
    return v.isNull() || v.isMissingNode() ? "" : v.asText();
  }

  private static String messageOf(JsonNode e) {
    String m = text(e, "message");
    return m.isEmpty() ? "" : ": " + (m.length() > 300 ? m.substring(0, 300) + "..." : m);
  }

  private static String at(String file, JsonNode e) {
    return e.path("line").isInt() ? file + ":" + e.path("line").asInt() + ": " : file + ": ";
  }

  private static String quoteSource(JsonNode e) {
    String s = text(e, "source").strip();
    return s.isEmpty() ? "" : " in `" + s + "`";
  }

  private static String seconds(ExecutionResult run) {
    return String.format(Locale.ROOT, "%.1f s", run.wallTime().toMillis() / 1000.0);
  }

  private static Optional<String> firstCompilerError(String stderr) {
    for (String line : stderr.split("\n")) {
      if (line.matches(".*\\.java:\\d+: error: .*")) {
        return Optional.of(line.strip());
      }
    }
    return Optional.empty();
  }

  private static String lastLine(String text) {
    String[] lines = text.strip().split("\n");
    return lines.length == 0 ? "" : lines[lines.length - 1].strip();
  }
}
