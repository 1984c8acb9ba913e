package dev.arbiter.sandbox;

import dev.arbiter.core.Candidate;
import dev.arbiter.core.JudgeRequest;
import dev.arbiter.core.verify.Evidence;
import java.time.Duration;
import java.util.Optional;

/** {@link CodeTestVerifier} on a {@link CodeSandbox}, with one runner per language. */
final class SandboxedCodeTestVerifier implements CodeTestVerifier {
  /** How much of each output stream the evidence detail quotes. */
  private static final int EXCERPT = 1500;

  private final CodeSandbox sandbox;
  private final PythonRunner python;
  private final JavaRunner java;

  SandboxedCodeTestVerifier(CodeSandbox sandbox, PythonRunner python, JavaRunner java) {
    this.sandbox = sandbox;
    this.python = python;
    this.java = java;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public boolean appliesTo(JudgeRequest request, Candidate candidate) {
    return CodeTests.present(request.metadata());
  }

  @Override
  public CodeTestResult check(String code, CodeTests tests) {
    return switch (tests.language()) {
      case PYTHON -> python.run(sandbox, code, tests);
      case JAVA -> java.run(sandbox, code, tests);
    };
  }

  @Override
  public Evidence verify(JudgeRequest request, Candidate candidate) {
    long start = System.nanoTime();
    CodeTests tests = CodeTests.fromMetadata(request.metadata());
    String code = CodeBlocks.extract(candidate.text(), tests.language());
    CodeTestResult r = check(code, tests);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    String detail = detail(r);
    return new Evidence(
        id(),
        version(),
        candidate.id(),
        r.outcome().evidenceOutcome(),
        switch (r.outcome().evidenceOutcome()) {
          case PASS -> Optional.of(1.0);
          case FAIL -> Optional.of(0.0);
          default -> Optional.empty();
        },
        detail,
        took);
  }

  /** Outcome and summary first, then the failed tests, then output excerpts and how it ran. */
  static String detail(CodeTestResult r) {
    StringBuilder b = new StringBuilder();
    b.append(r.outcome().name()).append(": ").append(r.summary());
    long failed = r.tests().size() - r.passedCount();
    if (failed > 1) {
      b.append("\nfailed tests:");
      r.tests().stream()
          .filter(t -> !t.passed())
          .limit(10)
          .forEach(t -> b.append("\n- ").append(t.describe()));
    }
    ExecutionResult e = r.execution();
    if (!e.stderr().isBlank()) {
      b.append("\n--- stderr (excerpt) ---\n").append(excerpt(e.stderr()));
    }
    b.append("\n[")
        .append(e.isolated() ? "sandboxed" : "UNSANDBOXED")
        .append(e.confinement().isEmpty() ? "" : " (" + e.confinement() + ")")
        .append(", ")
        .append(e.outcome())
        .append(", exit ")
        .append(e.exitCode());
    if (e.signal() != 0) {
      b.append(", ").append(e.signalName());
    }
    b.append(", ").append(e.wallTime().toMillis()).append(" ms]");
    if (e.note().startsWith("cgroup")) {
      // A whole-run limit the summary cannot know about (the OOM killer leaves no traceback).
      b.append("\n").append(e.note());
    }
    return b.toString();
  }

  /** The head and tail of long output: where it started and how it ended (the traceback). */
  private static String excerpt(String text) {
    String t = text.strip();
    if (t.length() <= EXCERPT) {
      return t;
    }
    int half = EXCERPT / 2;
    return t.substring(0, half) + "\n[...]\n" + t.substring(t.length() - half);
  }
}
