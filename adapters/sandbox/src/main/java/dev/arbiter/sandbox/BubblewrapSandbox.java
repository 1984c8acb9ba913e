package dev.arbiter.sandbox;

import dev.arbiter.core.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/** A {@link CodeSandbox} on bubblewrap, with rlimits set by prlimit inside the sandbox. */
final class BubblewrapSandbox implements CodeSandbox {
  static final String WORK_DIR = "/sandbox";

  /** Top-level system directories: bound read-only, or recreated as the symlinks they are. */
  private static final List<String> SYSTEM_DIRS =
      List.of("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32");

  /**
   * The only /etc entries the sandbox sees: what the dynamic loader, name lookups of the own uid,
   * time zones and Debian's alternatives symlinks need. Resolver and host files are left out on
   * purpose (there is no network anyway).
   */
  private static final List<String> ETC_ENTRIES =
      List.of(
          "ld.so.cache",
          "ld.so.conf",
          "ld.so.conf.d",
          "localtime",
          "nsswitch.conf",
          "passwd",
          "group",
          "alternatives");

  private static final Set<String> RESERVED = Set.of(WORK_DIR, "/proc", "/dev", "/etc", "/");

  private static final long SHM_BYTES = 1024L * 1024L;

  private final SandboxLimits limits;
  private final Path bwrap;
  private final Path prlimit;
  private final Optional<Path> setpriv;
  private final int firstUid;
  private final int uidCount;
  private final List<Path> readOnlyPaths;
  private final Optional<byte[]> seccomp;
  private final String seccompDescription;
  private final CgroupLimits cgroups;
  private final AtomicLong runs = new AtomicLong(System.nanoTime() & 0xffff);

  BubblewrapSandbox(
      SandboxLimits limits,
      Path bwrap,
      Path prlimit,
      Optional<Path> setpriv,
      int firstUid,
      int uidCount,
      List<Path> readOnlyPaths,
      CgroupLimits cgroups) {
    this.limits = limits;
    this.bwrap = bwrap;
    this.prlimit = prlimit;
    this.setpriv = setpriv;
    this.firstUid = firstUid;
    this.uidCount = uidCount;
    this.readOnlyPaths = readOnlyPaths;
    Optional<SeccompFilter.Arch> arch = SeccompFilter.Arch.host();
    this.seccomp = arch.map(SeccompFilter::program);
    this.seccompDescription =
        arch.map(
                a ->
                    "seccomp filter ("
                        + a.name().toLowerCase(java.util.Locale.ROOT)
                        + ": "
                        + SeccompFilter.DENIED.size()
                        + " system calls denied, sockets AF_UNIX only, no new namespaces)")
            .orElse(
                "no seccomp filter: no system call table for "
                    + System.getProperty("os.arch")
                    + " (x86_64 and aarch64 have one)");
    this.cgroups = cgroups;
  }

  @Override
  public String confinement() {
    return seccompDescription + "; " + cgroups.description();
  }

  /** The short form for each run's result. */
  private String runConfinement(boolean cgroup) {
    return (seccomp.isPresent() ? "seccomp" : "no seccomp")
        + (cgroup ? ", cgroup memory.max+pids.max" : ", no cgroup");
  }

  @Override
  public SandboxLimits limits() {
    return limits;
  }

  @Override
  public boolean isolated() {
    return true;
  }

  /** Runs {@code true} once; a sandbox that cannot do that cannot do anything. */
  void probe() {
    ExecutionResult r =
        run(SandboxTask.builder("true").limits(limits.withWallTime(probeTime())).build());
    if (!r.succeeded()) {
      throw new SandboxUnavailableException(
          "bubblewrap is installed ("
              + bwrap
              + ") but cannot start a sandbox here: "
              + (r.note().isEmpty() ? r.outcome() + " " + r.stderr().strip() : r.note())
              + ". It needs user namespaces (unprivileged) or root; see docs/sandbox.md.");
    }
  }

  private Duration probeTime() {
    Duration ten = Duration.ofSeconds(10);
    return limits.wallTime().compareTo(ten) > 0 ? limits.wallTime() : ten;
  }

  /** Files through which the outer shell, bubblewrap and the launcher report, never the program. */
  private static final String BWRAP_STATUS = "bwrap-status.json";

  private static final String LAUNCH_STATUS = "launch-status";
  private static final String SECCOMP_FILE = "seccomp.bpf";

  /**
   * Runs outside the sandbox, in the control directory: opens the status files (fd 4 for
   * bubblewrap's --json-status-fd, fd 5 for the launcher), joins the run's cgroup if there is one,
   * opens the seccomp program on fd 3, and becomes bubblewrap. ProcessBuilder cannot hand a child
   * extra file descriptors, which is why a shell does it.
   */
  private static final String OUTER =
      "exec 4>"
          + BWRAP_STATUS
          + " 5>"
          + LAUNCH_STATUS
          + " || exit 125\n"
          + "if [ -n \"$ARBITER_CGROUP_PROCS\" ]; then\n"
          + "  echo $$ 2>/dev/null >\"$ARBITER_CGROUP_PROCS\""
          + " || { echo \"cannot join the run's cgroup ($ARBITER_CGROUP_PROCS)\" >&5; exit 125; }\n"
          + "fi\n"
          + "if [ -f "
          + SECCOMP_FILE
          + " ]; then exec 3<"
          + SECCOMP_FILE
          + " || exit 125; fi\n"
          + "exec \"$@\"";

  /**
   * Runs inside the sandbox as the last step before the program, under its uid, rlimits and seccomp
   * filter: says on fd 5 that the program is about to start (or that it does not exist), closes
   * every status descriptor so the program cannot write to them, and becomes the program. Only what
   * arrives on fd 5 decides whether the sandbox or the program failed.
   */
  private static final String LAUNCH =
      "case \"$1\" in */*) [ -f \"$1\" ] && [ -x \"$1\" ] ;;"
          + " *) command -v \"$1\" >/dev/null 2>&1 ;; esac"
          + " || { printf 'the program does not exist in the sandbox: %s\\n' \"$1\" >&5; exit 127; }\n"
          + "printf 'exec\\n' >&5\n"
          + "exec 3<&- 4>&- 5>&-\n"
          + "exec \"$@\"";

  @Override
  public ExecutionResult run(SandboxTask task) {
    if (!Files.isExecutable(bwrap)) {
      throw new SandboxUnavailableException(
          "bubblewrap (" + bwrap + ") has disappeared; install the 'bubblewrap' package");
    }
    SandboxLimits l = task.limits().orElse(limits);
    Path staging;
    Path control;
    try {
      staging = Files.createTempDirectory("arbiter-sandbox-");
      control = Files.createTempDirectory("arbiter-sandbox-control-");
    } catch (IOException e) {
      return failed("cannot create a staging directory: " + e.getMessage());
    }
    Optional<CgroupLimits.RunCgroup> cgroup = Optional.empty();
    try {
      Map<String, Path> staged = new LinkedHashMap<>();
      for (Map.Entry<String, String> f : task.files().entrySet()) {
        Path p = staging.resolve(f.getKey());
        Files.writeString(p, f.getValue(), StandardCharsets.UTF_8);
        staged.put(f.getKey(), p);
      }
      if (seccomp.isPresent()) {
        Files.write(control.resolve(SECCOMP_FILE), seccomp.get());
      }
      try {
        cgroup = cgroups.open(l.memoryBytes(), l.maxProcesses());
      } catch (IOException e) {
        return failed("cannot create the run's cgroup: " + e.getMessage());
      }
      List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", OUTER, "arbiter-sandbox"));
      argv.addAll(argv(task, l, staged));
      Map<String, String> env = new LinkedHashMap<>();
      env.put("PATH", "/usr/bin:/bin");
      env.put("LANG", "C.UTF-8");
      cgroup.ifPresent(c -> env.put("ARBITER_CGROUP_PROCS", c.procs().toString()));
      ProcessRunner.Raw raw =
          ProcessRunner.run(argv, control, env, task.stdin(), l.wallTime(), l.maxOutputBytes());
      boolean hadCgroup = cgroup.isPresent();
      String limitHit = cgroup.map(CgroupLimits.RunCgroup::close).orElse("");
      cgroup = Optional.empty();
      return interpret(
          raw,
          readQuietly(control.resolve(LAUNCH_STATUS)),
          readQuietly(control.resolve(BWRAP_STATUS)),
          limitHit,
          runConfinement(hadCgroup));
    } catch (IOException e) {
      return failed("cannot stage the task's files: " + e.getMessage());
    } finally {
      cgroup.ifPresent(CgroupLimits.RunCgroup::close);
      deleteQuietly(staging);
      deleteQuietly(control);
    }
  }

  private static String readQuietly(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  private List<String> argv(SandboxTask task, SandboxLimits l, Map<String, Path> staged)
      throws IOException {
    List<String> a = new ArrayList<>();
    a.add(bwrap.toString());
    if (setpriv.isPresent()) {
      // As root, bwrap runs privileged and sets up no user namespace; setpriv then drops to an
      // unprivileged uid, which is what makes RLIMIT_NPROC apply (the kernel exempts root).
      a.addAll(
          List.of(
              "--unshare-ipc",
              "--unshare-pid",
              "--unshare-net",
              "--unshare-uts",
              "--unshare-cgroup-try"));
    } else {
      // Unprivileged: bwrap adds a user namespace, in which RLIMIT_NPROC counts only the
      // sandbox's own processes (per-namespace ucounts, Linux >= 5.14).
      a.add("--unshare-all");
    }
    a.addAll(List.of("--die-with-parent", "--new-session", "--hostname", "sandbox"));
    a.addAll(List.of("--json-status-fd", "4"));
    if (seccomp.isPresent()) {
      a.addAll(List.of("--seccomp", "3"));
    }
    a.addAll(List.of("--ro-bind", "/usr", "/usr"));
    for (String dir : SYSTEM_DIRS) {
      Path p = Path.of(dir);
      if (Files.isSymbolicLink(p)) {
        a.addAll(List.of("--symlink", Files.readSymbolicLink(p).toString(), dir));
      } else if (Files.isDirectory(p)) {
        a.addAll(List.of("--ro-bind", dir, dir));
      }
    }
    a.addAll(List.of("--perms", "0755", "--dir", "/etc"));
    for (String entry : ETC_ENTRIES) {
      Path p = Path.of("/etc", entry);
      if (Files.exists(p)) {
        a.addAll(List.of("--ro-bind", p.toString(), p.toString()));
      }
    }
    a.addAll(List.of("--proc", "/proc", "--dev", "/dev"));
    a.addAll(tmpfs("/dev/shm", SHM_BYTES));
    a.addAll(tmpfs("/tmp", l.workDirBytes()));
    a.addAll(tmpfs(WORK_DIR, l.workDirBytes()));
    Set<String> made = new LinkedHashSet<>(List.of("/", "/etc", "/tmp", "/usr"));
    List<Path> extra = new ArrayList<>(readOnlyPaths);
    extra.addAll(task.readOnlyPaths());
    for (Path given : extra) {
      bindReadOnly(a, given.normalize(), made);
    }
    for (Map.Entry<String, Path> f : staged.entrySet()) {
      a.addAll(List.of("--ro-bind", f.getValue().toString(), WORK_DIR + "/" + f.getKey()));
    }
    a.addAll(List.of("--chdir", WORK_DIR, "--clearenv"));
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
    env.put("HOME", WORK_DIR);
    env.put("TMPDIR", "/tmp");
    env.put("LANG", "C.UTF-8");
    env.putAll(task.environment());
    env.forEach((k, v) -> a.addAll(List.of("--setenv", k, v)));
    a.add("--");
    setpriv.ifPresent(
        sp -> {
          String uid = Long.toString(firstUid + Math.floorMod(runs.getAndIncrement(), uidCount));
          a.addAll(
              List.of(
                  sp.toString(),
                  "--reuid=" + uid,
                  "--regid=" + uid,
                  "--clear-groups",
                  "--no-new-privs",
                  "--bounding-set=-all",
                  "--inh-caps=-all",
                  "--"));
        });
    a.addAll(rlimits(prlimit, l, true));
    a.addAll(List.of("/bin/sh", "-c", LAUNCH, "arbiter-launch"));
    a.addAll(task.command());
    return a;
  }

  static List<String> rlimits(Path prlimit, SandboxLimits l, boolean withProcessLimit) {
    long cpu = l.cpuSeconds();
    List<String> a = new ArrayList<>();
    a.add(prlimit.toString());
    a.add("--as=" + l.memoryBytes());
    // Soft limit sends SIGXCPU; the hard limit one second later sends SIGKILL if it is ignored.
    a.add("--cpu=" + cpu + ":" + (cpu + 1));
    a.add("--fsize=" + l.maxFileBytes());
    a.add("--nofile=256");
    a.add("--core=0");
    if (withProcessLimit) {
      a.add("--nproc=" + l.maxProcesses());
    }
    a.add("--");
    return a;
  }

  private static List<String> tmpfs(String dest, long bytes) {
    return List.of("--size", Long.toString(bytes), "--perms", "1777", "--tmpfs", dest);
  }

  /**
   * Binds {@code given} read-only at the same place. Parent directories that bubblewrap creates
   * default to mode 0700, which the unprivileged uid could not cross, so they are made 0755 first.
   */
  private static void bindReadOnly(List<String> a, Path given, Set<String> made)
      throws IOException {
    String g = given.toString();
    for (String reserved : RESERVED) {
      if (g.equals(reserved) || (!reserved.equals("/") && g.startsWith(reserved + "/"))) {
        throw InvalidInputException.of(
            "readOnlyPaths",
            "'" + g + "' is or lies in a path the sandbox manages (" + reserved + ")");
      }
    }
    if (g.equals("/usr") || g.startsWith("/usr/")) {
      Path real = given.toRealPath();
      if (real.startsWith("/usr")) {
        return;
      }
    }
    if (!Files.exists(given)) {
      throw InvalidInputException.of("readOnlyPaths", "'" + g + "' does not exist on the host");
    }
    Path real = given.toRealPath();
    makeParents(a, real, made);
    a.addAll(List.of("--ro-bind", real.toString(), real.toString()));
    made.add(real.toString());
    if (!real.equals(given)) {
      makeParents(a, given, made);
      a.addAll(List.of("--symlink", real.toString(), g));
      made.add(g);
    }
  }

  private static void makeParents(List<String> a, Path path, Set<String> made) {
    List<String> parents = new ArrayList<>();
    for (Path p = path.getParent(); p != null && p.getNameCount() > 0; p = p.getParent()) {
      parents.add(0, p.toString());
    }
    for (String p : parents) {
      if (made.add(p)) {
        a.addAll(List.of("--perms", "0755", "--dir", p));
      }
    }
  }

  /**
   * Tells a failure of the sandbox apart from one of the program by the sandbox's own channels,
   * never by what the program printed: the launcher's "exec" on its status descriptor means the
   * program started, and then whatever happened is the program's; without it, bubblewrap's JSON
   * status says whether the sandbox was set up at all (a "child-pid") and the stderr seen so far
   * can only be bubblewrap's, setpriv's or prlimit's, because the program never ran.
   */
  static ExecutionResult interpret(
      ProcessRunner.Raw raw,
      String launchStatus,
      String bwrapStatus,
      String limitHit,
      String confinement) {
    if (!raw.started()) {
      return failed("cannot start bubblewrap: " + raw.startError());
    }
    boolean programStarted = launchStatus.lines().anyMatch("exec"::equals);
    if (raw.timedOut()) {
      return new ExecutionResult(
          ExecutionResult.Outcome.WALL_TIMEOUT,
          -1,
          0,
          raw.stdout(),
          raw.stderr(),
          raw.truncated(),
          raw.wallTime(),
          true,
          programStarted
              ? "wall-time limit reached; the process tree was killed"
              : "wall-time limit reached before the program started (sandbox set-up hung)",
          confinement);
    }
    if (!programStarted) {
      String why =
          !launchStatus.isBlank()
              ? launchStatus.strip()
              : bwrapStatus.contains("\"child-pid\"")
                  ? "a helper inside the sandbox (setpriv or prlimit) failed before the program"
                      + " started"
                  : "bubblewrap could not set up the sandbox";
      String first = raw.stderr().lines().findFirst().orElse("").strip();
      return new ExecutionResult(
          ExecutionResult.Outcome.SANDBOX_ERROR,
          raw.exitCode(),
          0,
          raw.stdout(),
          raw.stderr(),
          raw.truncated(),
          raw.wallTime(),
          true,
          first.isEmpty() ? why : why + ": " + first,
          confinement);
    }
    ExecutionResult r = classified(raw, true);
    String note = limitHit.isEmpty() ? r.note() : limitHit;
    return new ExecutionResult(
        r.outcome(),
        r.exitCode(),
        r.signal(),
        r.stdout(),
        r.stderr(),
        r.outputTruncated(),
        r.wallTime(),
        true,
        note,
        confinement);
  }

  /** Maps an exit status to EXITED, SIGNALED or CPU_TIMEOUT (128 + n means signal n). */
  static ExecutionResult classified(ProcessRunner.Raw raw, boolean isolated) {
    int code = raw.exitCode();
    int signal = code > 128 && code <= 128 + 64 ? code - 128 : 0;
    ExecutionResult.Outcome outcome =
        signal == ExecutionResult.SIGXCPU
            ? ExecutionResult.Outcome.CPU_TIMEOUT
            : signal != 0 ? ExecutionResult.Outcome.SIGNALED : ExecutionResult.Outcome.EXITED;
    String note = outcome == ExecutionResult.Outcome.CPU_TIMEOUT ? "CPU-time limit reached" : "";
    return new ExecutionResult(
        outcome,
        code,
        signal,
        raw.stdout(),
        raw.stderr(),
        raw.truncated(),
        raw.wallTime(),
        isolated,
        note);
  }

  static ExecutionResult failed(String why) {
    return new ExecutionResult(
        ExecutionResult.Outcome.SANDBOX_ERROR, -1, 0, "", "", false, Duration.ZERO, true, why);
  }

  static void deleteQuietly(Path root) {
    try (var walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  // Left for the OS's temp cleaner; nothing in it is secret or large.
                }
              });
    } catch (IOException | UncheckedIOException e) {
      // Same as above.
    }
  }
}
