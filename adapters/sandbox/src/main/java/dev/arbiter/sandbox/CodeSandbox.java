package dev.arbiter.sandbox;

import dev.arbiter.core.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs untrusted code in a separate, isolated process: no network, nothing of the host writable, a
 * throw-away working directory, and limits on wall time, CPU time, memory, processes, file size and
 * output.
 *
 * <p>The isolation comes from bubblewrap ({@code bwrap}, Debian package {@code bubblewrap}): fresh
 * pid, network, IPC and UTS namespaces, a root file system assembled from read-only binds of {@code
 * /usr} and a few {@code /etc} files, and size-limited tmpfs mounts for the working directory and
 * {@code /tmp}, and a seccomp filter that denies debugging, mounting, namespaces, keyrings, BPF,
 * perf, io_uring and sockets other than Unix ones. The limits are rlimits set inside the sandbox
 * with {@code prlimit} (util-linux), plus a cgroup v2 with {@code memory.max} and {@code pids.max}
 * per run when the machine allows it ({@link #confinement()} says whether it does). When the JVM
 * runs as root the code runs under a fresh unprivileged uid (via {@code setpriv}); otherwise
 * bubblewrap puts it in a new user namespace. See {@code docs/sandbox.md} for what this does and
 * does not protect.
 *
 * <p>Implementations are thread-safe; each {@link #run} uses its own namespaces and directories.
 *
 * {@snippet :
 * CodeSandbox sandbox = CodeSandbox.builder().wallTime(Duration.ofSeconds(5)).build();
 * ExecutionResult r = sandbox.run(
 *     SandboxTask.builder("/usr/bin/python3", "main.py").file("main.py", "print(6 * 7)").build());
 * // r.outcome() == EXITED, r.stdout() == "42\n"
 * }
 */
public interface CodeSandbox {

  /**
   * Runs one task and waits for it to end or to be killed at the wall-time limit. Failures of the
   * program (non-zero exit, crash, limits) are values in the result, and so is a sandbox that
   * cannot start this particular task ({@link ExecutionResult.Outcome#SANDBOX_ERROR}).
   *
   * @throws SandboxUnavailableException when bubblewrap or a helper it needs has disappeared from
   *     the machine since {@link Builder#build()}
   */
  ExecutionResult run(SandboxTask task);

  /** The limits a task gets unless it brings its own. */
  SandboxLimits limits();

  /** Whether runs are isolated; false only when built with {@link Builder#unsandboxed()}. */
  boolean isolated();

  /**
   * The kernel-level confinement beyond namespaces and rlimits, said plainly, including what is
   * missing on this machine and why: e.g. {@code "seccomp filter (x86_64: 37 system calls denied,
   * ...); no cgroup limit: /sys/fs/cgroup is not a cgroup v2 (unified) hierarchy ..."}.
   */
  default String confinement() {
    return "none: unsandboxed";
  }

  /** Starts a builder with {@link SandboxLimits#defaults()}. */
  static Builder builder() {
    return new Builder();
  }

  /**
   * Whether bubblewrap is installed where {@link Builder#build()} would look for it (on {@code
   * PATH}, then {@code /usr/bin/bwrap}).
   */
  static boolean bubblewrapInstalled() {
    return Tools.find("bwrap").isPresent();
  }

  /** Builds a {@link CodeSandbox}; {@link #build()} checks that the sandbox works here. */
  final class Builder {
    private SandboxLimits limits = SandboxLimits.defaults();
    private Path bubblewrap;
    private boolean unsandboxed;
    private int firstUid = 1_950_000_000;
    private int uidCount = 1_000_000;
    private final List<Path> readOnlyPaths = new ArrayList<>();

    private Optional<Path> cgroupParent = Optional.empty();

    private Builder() {}

    /**
     * A delegated cgroup v2 directory (memory and pids controllers available) in which each run
     * gets its own cgroup with {@code memory.max} = the memory limit and {@code pids.max} = the
     * process limit. Default: the {@value CgroupLimits#PARENT_ENV} environment variable, else the
     * JVM's own cgroup when the kernel allows children with those controllers there. When none is
     * usable, runs have rlimits only and {@link CodeSandbox#confinement()} says why.
     */
    public Builder cgroupParent(Path dir) {
      this.cgroupParent = Optional.of(Objects.requireNonNull(dir, "cgroupParent"));
      return this;
    }

    /** Replaces all limits. */
    public Builder limits(SandboxLimits value) {
      this.limits = Objects.requireNonNull(value, "limits");
      return this;
    }

    /** Sets the wall-time limit. */
    public Builder wallTime(Duration value) {
      limits = limits.withWallTime(value);
      return this;
    }

    /** Sets the CPU-time limit (whole seconds, rounded up). */
    public Builder cpuTime(Duration value) {
      limits = limits.withCpuTime(value);
      return this;
    }

    /** Sets the address-space limit per process. */
    public Builder memoryBytes(long value) {
      limits = limits.withMemoryBytes(value);
      return this;
    }

    /** Sets the limit on processes and threads. */
    public Builder maxProcesses(int value) {
      limits = limits.withMaxProcesses(value);
      return this;
    }

    /** Sets how many bytes of each output stream are kept. */
    public Builder maxOutputBytes(int value) {
      limits = limits.withMaxOutputBytes(value);
      return this;
    }

    /** Uses this bubblewrap executable instead of the one on {@code PATH}. */
    public Builder bubblewrap(Path executable) {
      this.bubblewrap = Objects.requireNonNull(executable, "executable");
      return this;
    }

    /** Makes a host path visible read-only, at the same path, in every run. */
    public Builder readOnlyPath(Path path) {
      if (!path.isAbsolute()) {
        throw InvalidInputException.of("readOnlyPath", "must be absolute but was '" + path + "'");
      }
      readOnlyPaths.add(path);
      return this;
    }

    /**
     * When the JVM runs as root, runs each task under a uid from {@code [first, first + count)}, a
     * different one per run so that the process limit of one run does not count another's
     * processes. Defaults to {@code [1950000000, 1951000000)}; no such users need to exist.
     *
     * @throws InvalidInputException when {@code first} is 0 or the range leaves the 32-bit uid
     *     space
     */
    public Builder rootModeUids(int first, int count) {
      if (first < 1 || count < 1 || (long) first + count > 4_294_967_294L) {
        throw InvalidInputException.of(
            "rootModeUids", "must be a range of unprivileged uids but was " + first + "+" + count);
      }
      this.firstUid = first;
      this.uidCount = count;
      return this;
    }

    /**
     * Opts out of isolation: tasks run as ordinary child processes of the JVM, in a temporary
     * directory on the host, with the CPU, memory and file-size rlimits and the wall-time limit but
     * with NO namespaces, NO read-only file system, NO network isolation and NO process limit. Only
     * for trusted code or machines without bubblewrap; results say {@code isolated = false}.
     */
    public Builder unsandboxed() {
      this.unsandboxed = true;
      return this;
    }

    /**
     * Builds the sandbox and runs {@code /bin/true} in it once to prove it works here.
     *
     * @throws SandboxUnavailableException when bubblewrap, {@code prlimit} or (as root) {@code
     *     setpriv} is missing, naming the package to install, or when the probe run fails, with
     *     bubblewrap's own message
     */
    public CodeSandbox build() {
      Path prlimit =
          Tools.find("prlimit")
              .orElseThrow(
                  () ->
                      new SandboxUnavailableException(
                          "prlimit is not installed; install the 'util-linux' package"
                              + " (it sets the sandbox's resource limits)"));
      if (unsandboxed) {
        return new UnsandboxedSandbox(limits, prlimit);
      }
      Path bwrap =
          Optional.ofNullable(bubblewrap)
              .or(() -> Tools.find("bwrap"))
              .filter(Files::isExecutable)
              .orElseThrow(
                  () ->
                      new SandboxUnavailableException(
                          "bubblewrap (bwrap) is not installed"
                              + (bubblewrap == null ? "" : " at " + bubblewrap)
                              + "; install the 'bubblewrap' package (Debian/Ubuntu: apt-get"
                              + " install bubblewrap; Fedora: dnf install bubblewrap). Arbiter"
                              + " does not run candidate code without it unless the sandbox is"
                              + " built with unsandboxed()."));
      Optional<Path> setpriv = Optional.empty();
      boolean root = Tools.runningAsRoot();
      if (root) {
        setpriv =
            Optional.of(
                Tools.find("setpriv")
                    .orElseThrow(
                        () ->
                            new SandboxUnavailableException(
                                "setpriv is not installed; install the 'util-linux' package (as"
                                    + " root the sandbox needs it to drop to an unprivileged"
                                    + " uid)")));
      }
      Optional<Path> parent =
          cgroupParent.or(
              () ->
                  Optional.ofNullable(System.getenv(CgroupLimits.PARENT_ENV))
                      .filter(v -> !v.isBlank())
                      .map(Path::of));
      CgroupLimits cgroups =
          CgroupLimits.detect(Path.of("/sys/fs/cgroup"), Path.of("/proc/self/cgroup"), parent);
      BubblewrapSandbox sandbox =
          new BubblewrapSandbox(
              limits,
              bwrap,
              prlimit,
              setpriv,
              firstUid,
              uidCount,
              List.copyOf(readOnlyPaths),
              cgroups);
      sandbox.probe();
      return sandbox;
    }
  }
}
