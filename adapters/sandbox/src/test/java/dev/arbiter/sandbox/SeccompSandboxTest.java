package dev.arbiter.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The seccomp filter in a real sandbox: what it denies fails with an errno, the rest still works.
 */
class SeccompSandboxTest {

  private static CodeTestVerifier verifier;

  /** Probes written with ctypes so each returns the errno of one system call (0 when it worked). */
  private static final String PROBES =
      """
      import ctypes, errno, os, socket, threading
      libc = ctypes.CDLL(None, use_errno=True)
      NR = {"x86_64": {"keyctl": 250, "bpf": 321, "perf_event_open": 298},
            "aarch64": {"keyctl": 219, "bpf": 280, "perf_event_open": 241}}[os.uname().machine]

      def result(rc):
          return 0 if rc == 0 else ctypes.get_errno()

      def ptrace_traceme():
          return result(libc.ptrace(0, 0, None, None))

      def unshare(flags):
          return result(libc.unshare(flags))

      def sock(family):
          try:
              socket.socket(family, socket.SOCK_STREAM).close()
              return 0
          except OSError as e:
              return e.errno

      def syscall(name, *args):
          return result(libc.syscall(NR[name], *args))

      def fork_works():
          pid = os.fork()
          if pid == 0:
              os._exit(7)
          return os.waitpid(pid, 0)[1] >> 8

      def thread_works():
          out = []
          t = threading.Thread(target=lambda: out.append(42))
          t.start()
          t.join()
          return out
      """;

  private static final String TESTS =
      """
      def test_ptrace_is_denied():
          assert ptrace_traceme() == errno.EPERM

      def test_new_user_namespace_is_denied():
          assert unshare(0x10000000) == errno.EPERM

      def test_new_network_namespace_is_denied():
          assert unshare(0x40000000) == errno.EPERM

      def test_inet_sockets_are_denied():
          assert sock(socket.AF_INET) == errno.EAFNOSUPPORT
          assert sock(socket.AF_INET6) == errno.EAFNOSUPPORT

      def test_unix_sockets_work():
          assert sock(socket.AF_UNIX) == 0

      def test_keyctl_bpf_and_perf_are_denied():
          assert syscall("keyctl", 0, -3, 0) == errno.EPERM
          assert syscall("bpf", 0, 0, 0) == errno.EPERM
          assert syscall("perf_event_open", 0, 0, -1, -1, 0) == errno.EPERM

      def test_fork_and_threads_still_work():
          assert fork_works() == 7
          assert thread_works() == [42]
      """;

  @BeforeAll
  static void setUp() {
    CodeSandbox sandbox = Sandboxes.real();
    verifier =
        CodeTestVerifier.builder()
            .sandbox(sandbox)
            .pythonLimits(sandbox.limits().withWallTime(Duration.ofSeconds(8)))
            .build();
  }

  @Test
  void should_deny_ptrace_namespaces_keyrings_bpf_perf_and_inet_sockets_but_not_fork_or_threads() {
    CodeTestResult r = verifier.check(PROBES, CodeTests.python(TESTS));

    assertThat(r.outcome())
        .as(SandboxedCodeTestVerifier.detail(r))
        .isEqualTo(CodeTestOutcome.PASSED);
    assertThat(r.tests()).hasSize(7);
  }
}
