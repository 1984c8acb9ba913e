package dev.arbiter.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.JudgeRequest;
import dev.arbiter.core.verify.Evidence;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs real Python candidates through the verifier and the sandbox. */
class PythonCodeTestVerifierTest {

  private static CodeTestVerifier verifier;

  private static final String ADD = "def add(a, b):\n    return a + b\n";

  @BeforeAll
  static void setUp() {
    CodeSandbox sandbox = Sandboxes.real();
    verifier =
        CodeTestVerifier.builder()
            .sandbox(sandbox)
            .pythonLimits(
                sandbox
                    .limits()
                    .withWallTime(Duration.ofSeconds(4))
                    .withCpuTime(Duration.ofSeconds(2)))
            .build();
  }

  private static JudgeRequest request(String answer, String tests) {
    return JudgeRequest.builder()
        .id("r1")
        .query("Write add(a, b).")
        .candidate("A", answer)
        .metadata(CodeTests.TESTS, tests)
        .build();
  }

  private static CodeTestResult check(String code, String tests) {
    return verifier.check(code, CodeTests.python(tests));
  }

  @Test
  void should_pass_when_the_answers_last_python_block_satisfies_the_tests() {
    // given: a Markdown answer whose earlier block is wrong and last python block right
    String answer =
        "First try:\n```python\ndef add(a, b):\n    return a - b\n```\n"
            + "Fixed:\n```python\n"
            + ADD
            + "```\nDone.";
    JudgeRequest req = request(answer, "assert add(2, 3) == 5\nassert add(-1, 1) == 0\n");

    Evidence e = verifier.verify(req, req.candidates().get(0));

    assertThat(verifier.appliesTo(req, req.candidates().get(0))).isTrue();
    assertThat(e.outcome()).isEqualTo(Evidence.Outcome.PASS);
    assertThat(e.score()).contains(1.0);
    assertThat(e.verifierId()).isEqualTo("code-tests");
    assertThat(e.detail())
        .startsWith("PASSED: 1 of 1 tests passed")
        .containsPattern(
            "\\[sandboxed \\(seccomp, (no cgroup|cgroup memory.max\\+pids.max)\\), EXITED");
  }

  @Test
  void should_name_the_failing_assertion_when_a_test_fails() {
    String tests =
        "def test_positive():\n    assert add(2, 2) == 4\n\n"
            + "def test_negative():\n    assert add(-1, -1) == -3, 'negatives'\n";

    CodeTestResult r = check(ADD, tests);

    assertThat(r.outcome()).isEqualTo(CodeTestOutcome.TESTS_FAILED);
    assertThat(r.passedCount()).isEqualTo(1);
    assertThat(r.tests()).hasSize(2);
    TestCaseResult f = r.firstFailure().orElseThrow();
    assertThat(f.name()).isEqualTo("test_negative");
    assertThat(f.line()).hasValue(5);
    assertThat(f.source()).isEqualTo("assert add(-1, -1) == -3, 'negatives'");
    assertThat(r.summary())
        .isEqualTo(
            "1 of 2 tests failed; test_negative at tests.py:5:"
                + " assert add(-1, -1) == -3, 'negatives' (AssertionError: negatives)");
  }

  @Test
  void should_give_fail_evidence_naming_the_assertion_when_a_top_level_assert_fails() {
    JudgeRequest req =
        request("```python\n" + ADD + "```", "assert add(1, 1) == 2\nassert add(2, 2) == 5\n");

    Evidence e = verifier.verify(req, req.candidates().get(0));

    assertThat(e.outcome()).isEqualTo(Evidence.Outcome.FAIL);
    assertThat(e.score()).contains(0.0);
    assertThat(e.detail())
        .startsWith(
            "TESTS_FAILED: 1 of 1 tests failed; <module> at tests.py:2: assert add(2, 2) == 5");
  }

  @Test
  void should_call_check_with_the_entry_point_when_tests_are_humaneval_style() {
    String tests = "def check(candidate):\n    assert candidate(1, 2) == 3\n";

    CodeTestResult ok = verifier.check(ADD, CodeTests.python(tests).withEntryPoint("add"));
    CodeTestResult missing = verifier.check(ADD, CodeTests.python(tests).withEntryPoint("plus"));

    assertThat(ok.outcome()).isEqualTo(CodeTestOutcome.PASSED);
    assertThat(ok.tests()).extracting(TestCaseResult::name).containsExactly("check(add)");
    assertThat(missing.outcome()).isEqualTo(CodeTestOutcome.TESTS_FAILED);
    assertThat(missing.summary()).contains("defines no function 'plus'");
  }

  @Test
  void should_report_the_line_when_the_code_has_a_syntax_error() {
    CodeTestResult r = check("def add(a, b)\n    return a + b\n", "assert add(1, 2) == 3\n");

    assertThat(r.outcome()).isEqualTo(CodeTestOutcome.SYNTAX_ERROR);
    assertThat(r.summary()).startsWith("solution.py:1: ").contains("def add(a, b)");
  }

  @Test
  void should_report_a_timeout_when_the_code_loops_forever() {
    CodeTestResult r =
        check("def add(a, b):\n    while True:\n        pass\n", "assert add(1, 2) == 3\n");

    assertThat(r.outcome()).isEqualTo(CodeTestOutcome.TIMEOUT);
    assertThat(r.execution().wallTime()).isLessThan(Duration.ofSeconds(8));
  }

  @Test
  void should_report_a_timeout_when_the_code_sleeps_past_the_requests_timeout() {
    JudgeRequest req =
        JudgeRequest.builder()
            .id("r")
            .query("q")
            .candidate("A", "import time\ntime.sleep(30)\n" + ADD)
            .metadata(CodeTests.TESTS, "assert add(1, 2) == 3\n")
            .metadata(CodeTests.TIMEOUT_MS, "1500")
            .build();

    Evidence e = verifier.verify(req, req.candidates().get(0));

    assertThat(e.outcome()).isEqualTo(Evidence.Outcome.FAIL);
    assertThat(e.detail()).startsWith("TIMEOUT: wall-time limit reached");
    assertThat(e.duration()).isLessThan(Duration.ofSeconds(6));
  }

  @Test
  void should_report_the_memory_limit_when_the_code_allocates_4_gib() {
    CodeTestResult r =
        check(
            "def add(a, b):\n    block = bytearray(4 * 1024 ** 3)\n    return a + b\n",
            "assert add(1, 2) == 3\n");

    assertThat(r.outcome()).isEqualTo(CodeTestOutcome.MEMORY_LIMIT);
    assertThat(r.summary()).contains("MemoryError");
  }

  @Test
  void should_stop_a_fork_bomb_and_leave_the_host_able_to_spawn_processes() throws Exception {
    CodeTestResult r = check("import os\nwhile True:\n    os.fork()\n", "assert True\n");

    assertThat(r.outcome()).isIn(CodeTestOutcome.PROCESS_LIMIT, CodeTestOutcome.TIMEOUT);
    assertThat(r.execution().wallTime()).isLessThan(Duration.ofSeconds(8));
    Thread.sleep(300);
    assertThat(
            ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains("arbiter_harness.py"))
                .count())
        .isZero();
    Process p = new ProcessBuilder("true").start();
    assertThat(p.waitFor()).isZero();
  }

  @Test
  void should_report_a_crash_when_the_code_kills_itself_with_a_signal() {
    CodeTestResult r =
        check("import os, signal\nos.kill(os.getpid(), signal.SIGSEGV)\n", "assert True\n");

    assertThat(r.outcome()).isEqualTo(CodeTestOutcome.CRASH);
    assertThat(r.summary()).startsWith("killed by SIGSEGV");
  }

  @Test
  void should_not_pass_when_the_code_exits_early_or_prints_a_fake_result() {
    CodeTestResult exits = check("import sys\nsys.exit(0)\n", "assert False\n");
    CodeTestResult hardExit =
        check("import os\ndef add(a, b):\n    os._exit(0)\n", "assert add(1, 2) == 3\n");
    CodeTestResult fakes =
        check(
            "print('ARBITER-0 {\"event\": \"done\"}')\nimport os\nos._exit(0)\n", "assert False\n");

    assertThat(exits.outcome()).isEqualTo(CodeTestOutcome.RUNTIME_ERROR);
    assertThat(exits.summary()).contains("SystemExit");
    assertThat(hardExit.outcome()).isEqualTo(CodeTestOutcome.RUNTIME_ERROR);
    assertThat(hardExit.summary()).contains("before the tests finished");
    assertThat(fakes.outcome()).isEqualTo(CodeTestOutcome.RUNTIME_ERROR);
  }

  @Test
  void should_report_a_runtime_error_when_the_solution_fails_to_load() {
    CodeTestResult r = check("import numpy_that_does_not_exist\n", "assert True\n");

    assertThat(r.outcome()).isEqualTo(CodeTestOutcome.RUNTIME_ERROR);
    assertThat(r.summary()).contains("ModuleNotFoundError").contains("solution.py:1");
  }

  @Test
  void should_have_no_network_when_the_host_listens_on_loopback() throws IOException {
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      String tests =
          "import socket\n"
              + "def test_loopback_is_unreachable():\n"
              + "    try:\n"
              + "        socket.create_connection(('127.0.0.1', "
              + server.getLocalPort()
              + "), timeout=2).close()\n"
              + "    except OSError:\n"
              + "        return\n"
              + "    raise AssertionError('connected to the host')\n"
              + "def test_dns_fails():\n"
              + "    try:\n"
              + "        socket.getaddrinfo('example.com', 80)\n"
              + "    except OSError:\n"
              + "        return\n"
              + "    raise AssertionError('resolved a name')\n";

      CodeTestResult r = check(ADD, tests);

      assertThat(r.outcome()).as(r.summary()).isEqualTo(CodeTestOutcome.PASSED);
      assertThat(r.tests()).hasSize(2);
      server.setSoTimeout(300);
      assertThatThrownBy(server::accept).isInstanceOf(SocketTimeoutException.class);
    }
  }

  @Test
  void should_not_let_the_code_write_outside_its_working_directory(@TempDir Path dir)
      throws IOException {
    Path host = Files.writeString(dir.resolve("host.txt"), "original");
    String probe = "/etc/arbiter-sandbox-probe-" + UUID.randomUUID();
    String tests =
        "import os, sys\n"
            + "def must_fail(path):\n"
            + "    try:\n"
            + "        with open(path, 'w') as f:\n"
            + "            f.write('overwritten')\n"
            + "    except OSError:\n"
            + "        return\n"
            + "    raise AssertionError('wrote ' + path)\n"
            + "def test_host_temp_file():\n    must_fail('"
            + host
            + "')\n"
            + "def test_etc():\n    must_fail('"
            + probe
            + "')\n"
            + "def test_interpreter_prefix():\n    must_fail(os.path.join(sys.prefix, 'probe'))\n"
            + "def test_work_dir_is_writable():\n"
            + "    with open('scratch.txt', 'w') as f:\n        f.write('ok')\n";

    CodeTestResult r = check(ADD, tests);

    assertThat(r.outcome()).as(r.summary()).isEqualTo(CodeTestOutcome.PASSED);
    assertThat(r.tests()).hasSize(4);
    assertThat(Files.readString(host)).isEqualTo("original");
    assertThat(Path.of(probe)).doesNotExist();
  }

  @Test
  void should_give_error_evidence_when_the_tests_themselves_do_not_parse() {
    JudgeRequest req = request(ADD, "assert add(1, 2) == 3 +\n");

    Evidence e = verifier.verify(req, req.candidates().get(0));

    assertThat(e.outcome()).isEqualTo(Evidence.Outcome.ERROR);
    assertThat(e.detail()).startsWith("INVALID_TESTS: the tests do not parse: tests.py:1");
  }

  @Test
  void should_run_the_interpreter_python3_names_on_the_host_when_it_lives_outside_usr()
      throws Exception {
    // given: what the host's python3 (a pyenv shim under a 0700 /root here) really is
    Process host =
        new ProcessBuilder("python3", "-c", "import sys; print(sys.version)")
            .redirectErrorStream(true)
            .start();
    String hostVersion = new String(host.getInputStream().readAllBytes()).strip();
    assertThat(host.waitFor()).isZero();

    CodeTestResult r = check("import sys\nprint(sys.version)\n", "assert True\n");

    assertThat(r.outcome()).isEqualTo(CodeTestOutcome.PASSED);
    assertThat(r.execution().stderr().strip()).isEqualTo(hostVersion);
  }

  @Test
  void should_name_the_key_when_the_metadata_is_malformed() {
    JudgeRequest req =
        JudgeRequest.builder()
            .id("r")
            .query("q")
            .candidate("A", ADD)
            .metadata(CodeTests.TESTS, "assert True")
            .metadata(CodeTests.TIMEOUT_MS, "soon")
            .build();

    assertThatThrownBy(() -> verifier.verify(req, req.candidates().get(0)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("code.timeout_ms")
        .hasMessageContaining("'soon'");
  }

  @Test
  void should_not_apply_when_the_request_carries_no_tests() {
    JudgeRequest req = JudgeRequest.builder().id("r").query("q").candidate("A", ADD).build();

    assertThat(verifier.appliesTo(req, req.candidates().get(0))).isFalse();
  }
}
