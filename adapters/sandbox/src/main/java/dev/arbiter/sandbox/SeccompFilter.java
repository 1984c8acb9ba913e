package dev.arbiter.sandbox;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The seccomp filter handed to bubblewrap ({@code --seccomp FD}): a classic BPF program, built here
 * so that no compiler or libseccomp is needed at run time. It denies the system calls a test
 * program has no use for and that widen the kernel's attack surface or escape the namespaces:
 * debugging other processes, mounting, namespaces, keyrings, BPF, perf, io_uring (whose operations
 * bypass seccomp), module loading, kexec, reboot, swap, handle-based opens; {@code socket} and
 * {@code socketpair} only for {@code AF_UNIX}; {@code clone} without namespace flags; {@code
 * clone3} answers {@code ENOSYS} so the C library falls back to {@code clone} (whose flags the
 * filter can read; the same choice as Docker's and systemd's filters). A denied call fails with
 * {@code EPERM} ({@code EAFNOSUPPORT} for socket families), it does not kill the program, so a test
 * that probes for these fails as a test. A system call of another ABI (32-bit on x86_64, x32) kills
 * the process.
 *
 * <p>System call numbers per architecture are checked against libseccomp's {@code
 * scmp_sys_resolver} by {@code SeccompFilterTest} when that tool is installed.
 */
final class SeccompFilter {

  /** The calls denied with EPERM (besides the argument checks on socket, socketpair and clone). */
  static final List<String> DENIED =
      List.of(
          "ptrace",
          "process_vm_readv",
          "process_vm_writev",
          "mount",
          "umount2",
          "pivot_root",
          "chroot",
          "move_mount",
          "open_tree",
          "fsopen",
          "fsconfig",
          "fsmount",
          "fspick",
          "mount_setattr",
          "unshare",
          "setns",
          "keyctl",
          "add_key",
          "request_key",
          "bpf",
          "perf_event_open",
          "userfaultfd",
          "io_uring_setup",
          "io_uring_enter",
          "io_uring_register",
          "kexec_load",
          "kexec_file_load",
          "init_module",
          "finit_module",
          "delete_module",
          "reboot",
          "swapon",
          "swapoff",
          "acct",
          "open_by_handle_at",
          "name_to_handle_at",
          "lookup_dcookie");

  /** An architecture: its audit id and its system call numbers. */
  enum Arch {
    X86_64(
        0xC000003E,
        new int[] {
          101, 310, 311, 165, 166, 155, 161, 429, 428, 430, 431, 432, 433, 442, 272, 308, 250, 248,
          249, 321, 298, 323, 425, 426, 427, 246, 320, 175, 313, 176, 169, 167, 168, 163, 304, 303,
          212
        },
        41,
        53,
        56,
        435),
    AARCH64(
        0xC00000B7,
        new int[] {
          117, 270, 271, 40, 39, 41, 51, 429, 428, 430, 431, 432, 433, 442, 97, 268, 219, 217, 218,
          280, 241, 282, 425, 426, 427, 104, 294, 105, 273, 106, 142, 224, 225, 89, 265, 264, 18
        },
        198,
        199,
        220,
        435);

    final int audit;
    final int[] denied;
    final int socket;
    final int socketpair;
    final int clone;
    final int clone3;

    Arch(int audit, int[] denied, int socket, int socketpair, int clone, int clone3) {
      if (denied.length != DENIED.size()) {
        throw new IllegalStateException(name() + ": " + denied.length + " numbers for " + DENIED);
      }
      this.audit = audit;
      this.denied = denied;
      this.socket = socket;
      this.socketpair = socketpair;
      this.clone = clone;
      this.clone3 = clone3;
    }

    /** Every number the filter uses, by libseccomp's name for the call. */
    Map<String, Integer> numbers() {
      Map<String, Integer> m = new LinkedHashMap<>();
      for (int i = 0; i < DENIED.size(); i++) {
        m.put(DENIED.get(i), denied[i]);
      }
      m.put("socket", socket);
      m.put("socketpair", socketpair);
      m.put("clone", clone);
      m.put("clone3", clone3);
      return m;
    }

    /** The architecture the JVM runs on, when the filter knows it. */
    static Optional<Arch> host() {
      return switch (System.getProperty("os.arch", "").toLowerCase(Locale.ROOT)) {
        case "amd64", "x86_64" -> Optional.of(X86_64);
        case "aarch64", "arm64" -> Optional.of(AARCH64);
        default -> Optional.empty();
      };
    }
  }

  // Classic BPF opcodes (linux/filter.h) and seccomp return values (linux/seccomp.h).
  private static final int LD_W_ABS = 0x20;
  private static final int JEQ_K = 0x15;
  private static final int JGE_K = 0x35;
  private static final int JSET_K = 0x45;
  private static final int RET_K = 0x06;
  private static final int RET_ALLOW = 0x7fff0000;
  private static final int RET_KILL_PROCESS = 0x80000000;
  private static final int RET_ERRNO = 0x00050000;
  private static final int EPERM = 1;
  private static final int ENOSYS = 38;
  private static final int EAFNOSUPPORT = 97;
  private static final int AF_UNIX = 1;
  private static final int X32_SYSCALL_BIT = 0x40000000;

  /** CLONE_NEWNS | NEWCGROUP | NEWUTS | NEWIPC | NEWUSER | NEWPID | NEWNET. */
  static final int CLONE_NAMESPACE_FLAGS = 0x7E020000;

  // struct seccomp_data: int nr; __u32 arch; __u64 instruction_pointer; __u64 args[6].
  private static final int OFFSET_NR = 0;
  private static final int OFFSET_ARCH = 4;
  private static final int OFFSET_ARG0_LOW = 16; // little-endian: the low half comes first

  private SeccompFilter() {}

  /** One instruction whose jump targets are labels, resolved when the program is assembled. */
  private record Insn(int code, String jt, String jf, int k) {}

  /** The filter for {@code arch} as the bytes of a {@code struct sock_filter[]}. */
  static byte[] program(Arch arch) {
    List<Insn> p = new ArrayList<>();
    Map<String, Integer> labels = new LinkedHashMap<>();
    p.add(new Insn(LD_W_ABS, null, null, OFFSET_ARCH));
    p.add(new Insn(JEQ_K, null, "kill", arch.audit));
    p.add(new Insn(LD_W_ABS, null, null, OFFSET_NR));
    if (arch == Arch.X86_64) {
      p.add(new Insn(JGE_K, "kill", null, X32_SYSCALL_BIT));
    }
    for (int nr : arch.denied) {
      p.add(new Insn(JEQ_K, "eperm", null, nr));
    }
    p.add(new Insn(JEQ_K, "socket", null, arch.socket));
    p.add(new Insn(JEQ_K, "socket", null, arch.socketpair));
    p.add(new Insn(JEQ_K, "clone", null, arch.clone));
    p.add(new Insn(JEQ_K, "enosys", null, arch.clone3));
    p.add(new Insn(RET_K, null, null, RET_ALLOW));
    // Classic BPF jumps only forward: the argument checks come after, their "allow" at the end.
    labels.put("socket", p.size());
    p.add(new Insn(LD_W_ABS, null, null, OFFSET_ARG0_LOW));
    p.add(new Insn(JEQ_K, "allow", "eafnosupport", AF_UNIX));
    labels.put("clone", p.size());
    p.add(new Insn(LD_W_ABS, null, null, OFFSET_ARG0_LOW));
    p.add(new Insn(JSET_K, "eperm", "allow", CLONE_NAMESPACE_FLAGS));
    labels.put("eperm", p.size());
    p.add(new Insn(RET_K, null, null, RET_ERRNO | EPERM));
    labels.put("eafnosupport", p.size());
    p.add(new Insn(RET_K, null, null, RET_ERRNO | EAFNOSUPPORT));
    labels.put("enosys", p.size());
    p.add(new Insn(RET_K, null, null, RET_ERRNO | ENOSYS));
    labels.put("kill", p.size());
    p.add(new Insn(RET_K, null, null, RET_KILL_PROCESS));
    labels.put("allow", p.size());
    p.add(new Insn(RET_K, null, null, RET_ALLOW));

    // struct sock_filter { __u16 code; __u8 jt; __u8 jf; __u32 k; } in the host's byte order,
    // which is little-endian on both architectures above.
    ByteBuffer out = ByteBuffer.allocate(p.size() * 8).order(ByteOrder.LITTLE_ENDIAN);
    for (int pc = 0; pc < p.size(); pc++) {
      Insn i = p.get(pc);
      out.putShort((short) i.code());
      out.put((byte) offset(labels, i.jt(), pc));
      out.put((byte) offset(labels, i.jf(), pc));
      out.putInt(i.k());
    }
    return out.array();
  }

  private static int offset(Map<String, Integer> labels, String label, int pc) {
    if (label == null) {
      return 0;
    }
    int off = labels.get(label) - pc - 1;
    if (off < 0 || off > 255) {
      throw new IllegalStateException("BPF jump to " + label + " out of range: " + off);
    }
    return off;
  }
}
