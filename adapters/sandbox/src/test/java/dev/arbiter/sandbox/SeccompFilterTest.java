package dev.arbiter.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.arbiter.sandbox.SeccompFilter.Arch;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The BPF program, run by a small classic-BPF interpreter, and its numbers against libseccomp. */
class SeccompFilterTest {
  private static final int ALLOW = 0x7fff0000;
  private static final int KILL = 0x80000000;

  private static int errno(int ret) {
    return (ret & 0xffff0000) == 0x00050000 ? ret & 0xffff : -1;
  }

  /**
   * Runs the filter on one seccomp_data (nr, arch, arg0) the way the kernel's interpreter would.
   */
  private static int run(byte[] program, int nr, int arch, long arg0) {
    ByteBuffer data = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
    data.putInt(0, nr).putInt(4, arch).putLong(16, arg0);
    ByteBuffer p = ByteBuffer.wrap(program).order(ByteOrder.LITTLE_ENDIAN);
    int acc = 0;
    int pc = 0;
    while (true) {
      int code = p.getShort(pc * 8) & 0xffff;
      int jt = p.get(pc * 8 + 2) & 0xff;
      int jf = p.get(pc * 8 + 3) & 0xff;
      int k = p.getInt(pc * 8 + 4);
      switch (code) {
        case 0x20 -> acc = data.getInt(k); // ld [k]
        case 0x15 -> pc += acc == k ? jt : jf; // jeq
        case 0x35 -> pc += Integer.compareUnsigned(acc, k) >= 0 ? jt : jf; // jge
        case 0x45 -> pc += (acc & k) != 0 ? jt : jf; // jset
        case 0x06 -> {
          return k; // ret
        }
        default -> throw new AssertionError("unexpected opcode " + code);
      }
      pc++;
    }
  }

  @Test
  void should_deny_the_listed_calls_with_eperm_and_allow_others_on_both_architectures() {
    for (Arch arch : Arch.values()) {
      byte[] bpf = SeccompFilter.program(arch);
      for (Map.Entry<String, Integer> e : arch.numbers().entrySet()) {
        if (SeccompFilter.DENIED.contains(e.getKey())) {
          assertThat(errno(run(bpf, e.getValue(), arch.audit, 0))).as(e.getKey()).isEqualTo(1);
        }
      }
      int read = arch == Arch.X86_64 ? 0 : 63;
      assertThat(run(bpf, read, arch.audit, 0)).as("read").isEqualTo(ALLOW);
    }
  }

  @Test
  void should_allow_only_unix_sockets() {
    for (Arch arch : Arch.values()) {
      byte[] bpf = SeccompFilter.program(arch);
      assertThat(run(bpf, arch.socket, arch.audit, 1)).isEqualTo(ALLOW);
      assertThat(errno(run(bpf, arch.socket, arch.audit, 2))).isEqualTo(97);
      assertThat(errno(run(bpf, arch.socketpair, arch.audit, 10))).isEqualTo(97);
      assertThat(errno(run(bpf, arch.socket, arch.audit, 16))).as("netlink").isEqualTo(97);
    }
  }

  @Test
  void should_allow_fork_and_threads_but_not_clone_into_new_namespaces() {
    for (Arch arch : Arch.values()) {
      byte[] bpf = SeccompFilter.program(arch);
      int sigchld = 17;
      int threadFlags = 0x003d0f00; // glibc's pthread_create flags
      assertThat(run(bpf, arch.clone, arch.audit, sigchld)).isEqualTo(ALLOW);
      assertThat(run(bpf, arch.clone, arch.audit, threadFlags)).isEqualTo(ALLOW);
      assertThat(errno(run(bpf, arch.clone, arch.audit, 0x10000000L | sigchld))).isEqualTo(1);
      assertThat(errno(run(bpf, arch.clone, arch.audit, 0x40000000L | sigchld))).isEqualTo(1);
      assertThat(errno(run(bpf, arch.clone3, arch.audit, 0))).as("clone3").isEqualTo(38);
    }
  }

  @Test
  void should_kill_calls_of_another_abi() {
    byte[] bpf = SeccompFilter.program(Arch.X86_64);
    assertThat(run(bpf, 0, 0x40000003, 0)).as("i386").isEqualTo(KILL);
    assertThat(run(bpf, 0x40000000, Arch.X86_64.audit, 0)).as("x32").isEqualTo(KILL);
    assertThat(run(SeccompFilter.program(Arch.AARCH64), 0, Arch.X86_64.audit, 0)).isEqualTo(KILL);
  }

  @Test
  void should_use_the_system_call_numbers_libseccomp_knows() throws Exception {
    assumeTrue(
        Tools.find("scmp_sys_resolver").isPresent(),
        "SKIPPED: scmp_sys_resolver (Debian package 'seccomp') is not installed");
    for (Arch arch : Arch.values()) {
      String name = arch == Arch.X86_64 ? "x86_64" : "aarch64";
      for (Map.Entry<String, Integer> e : arch.numbers().entrySet()) {
        Process p =
            new ProcessBuilder(
                    Tools.find("scmp_sys_resolver").get().toString(), "-a", name, e.getKey())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        p.waitFor();
        assertThat(out).as("%s on %s", e.getKey(), name).isEqualTo(e.getValue().toString());
      }
    }
  }
}
