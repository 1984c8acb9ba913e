package dev.arbiter.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arbiter.core.JudgeRequest;
import dev.arbiter.core.verify.Evidence;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sandbox failures are read from the sandbox's own channels (the launcher's status descriptor and
 * bubblewrap's --json-status-fd), never from what the program printed.
 */
class SandboxChannelTest {

  private static final SandboxLimits SHORT =
      SandboxLimits.defaults()
          .withWallTime(Duration.ofSeconds(5))
          .withCpuTime(Duration.ofSeconds(3));

  private static ExecutionResult sh(String script) {
    return Sandboxes.real().run(SandboxTask.builder("/bin/sh", "-c", script).limits(SHORT).build());
  }

  @Test
  void should_count_a_program_that_prints_sandbox_messages_and_exits_1_as_the_programs_failure() {
    for (String forged :
        new String[] {
          "bwrap: Can't find source path /x: No such file or directory",
          "setpriv: setresuid failed: Operation not permitted",
          "prlimit: failed to set the AS resource limit"
        }) {
      ExecutionResult r = sh("echo \"" + forged + "\" >&2; exit 1");

      assertThat(r.outcome()).as(forged).isEqualTo(ExecutionResult.Outcome.EXITED);
      assertThat(r.exitCode()).isEqualTo(1);
      assertThat(r.stderr()).startsWith(forged);
      assertThat(r.note()).isEmpty();
    }
  }

  @Test
  void should_fail_the_candidate_not_the_sandbox_when_python_code_forges_a_bwrap_error() {
    CodeTestVerifier verifier = CodeTestVerifier.builder().sandbox(Sandboxes.real()).build();
    String answer =
        "```python\nimport sys\n"
            + "sys.stderr.write('bwrap: execvp python3: No such file or directory\\n')\n"
            + "sys.exit(1)\n```";
    JudgeRequest req =
        JudgeRequest.builder()
            .id("forge")
            .query("Write add(a, b).")
            .candidate("A", answer)
            .metadata(CodeTests.TESTS, "assert add(1, 2) == 3")
            .build();

    Evidence e = verifier.verify(req, req.candidates().get(0));

    assertThat(e.outcome()).as(e.detail()).isEqualTo(Evidence.Outcome.FAIL);
    assertThat(e.detail()).doesNotStartWith("SANDBOX_ERROR");
  }

  @Test
  void should_report_a_sandbox_error_naming_the_missing_program_from_the_launcher() {
    ExecutionResult r =
        Sandboxes.real().run(SandboxTask.builder("/nonexistent/program").limits(SHORT).build());

    assertThat(r.outcome()).isEqualTo(ExecutionResult.Outcome.SANDBOX_ERROR);
    assertThat(r.note())
        .startsWith("the program does not exist in the sandbox: /nonexistent/program");
  }

  @Test
  void should_report_bubblewraps_own_failure_as_a_sandbox_error(@TempDir Path dir)
      throws Exception {
    Sandboxes.requireBubblewrap();
    // given: a "bubblewrap" that fails the way bubblewrap does, before starting anything
    Path fake = dir.resolve("bwrap");
    Files.writeString(
        fake, "#!/bin/sh\necho 'bwrap: No permissions to create new namespace' >&2\nexit 1\n");
    Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));

    // then: building probes it and names bubblewrap's failure with its message
    assertThatThrownBy(() -> CodeSandbox.builder().bubblewrap(fake).build())
        .isInstanceOf(SandboxUnavailableException.class)
        .hasMessageContaining(
            "bubblewrap could not set up the sandbox: bwrap: No permissions to create new"
                + " namespace");
  }

  @Test
  void should_say_which_kernel_confinement_the_sandbox_has_on_this_machine() {
    String c = Sandboxes.real().confinement();
    // Printed so that the build log says what this machine allows.
    System.out.println("sandbox confinement on this machine: " + c);

    assertThat(c).startsWith("seccomp filter (");
    assertThat(c).containsPattern("; (cgroup v2 under .+|no cgroup limit: .+)");
  }
}
