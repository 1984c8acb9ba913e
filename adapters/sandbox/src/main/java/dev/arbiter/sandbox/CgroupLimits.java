package dev.arbiter.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Total memory and process limits for a whole sandbox run from a cgroup v2 ({@code memory.max},
 * {@code memory.swap.max}, {@code pids.max}), on top of the per-process rlimits. Used only when the
 * machine allows it: a cgroup v2 (unified) hierarchy, the memory and pids controllers delegated to
 * a cgroup this process may create children in, and those controllers enabled for its children.
 * Otherwise {@link #detect} returns an unavailable instance whose {@link #description()} says
 * exactly why; the sandbox then runs with the rlimits only.
 */
final class CgroupLimits {
  /** Environment variable naming a delegated cgroup v2 directory to create run cgroups in. */
  static final String PARENT_ENV = "ARBITER_SANDBOX_CGROUP";

  private static final AtomicLong RUNS = new AtomicLong();

  private final Optional<Path> parent;
  private final String description;

  private CgroupLimits(Optional<Path> parent, String description) {
    this.parent = parent;
    this.description = description;
  }

  /** Run cgroups under {@code parent}, without the checks of {@link #detect} (tests). */
  static CgroupLimits at(Path parent) {
    return new CgroupLimits(Optional.of(parent), "cgroup v2 under " + parent);
  }

  static CgroupLimits unavailable(String why) {
    return new CgroupLimits(Optional.empty(), "no cgroup limit: " + why);
  }

  /**
   * Finds where run cgroups can be made: {@code configured} if given, else this process's own
   * cgroup (read from {@code selfCgroup}, normally {@code /proc/self/cgroup}) under {@code root}
   * (normally {@code /sys/fs/cgroup}).
   */
  static CgroupLimits detect(Path root, Path selfCgroup, Optional<Path> configured) {
    Path p;
    if (configured.isPresent()) {
      p = configured.get();
    } else {
      if (!Files.isRegularFile(root.resolve("cgroup.controllers"))) {
        Path unified = root.resolve("unified").resolve("cgroup.controllers");
        String hybrid =
            Files.isRegularFile(unified)
                ? " (a hybrid layout: the memory and pids controllers belong to cgroup v1; the v2"
                    + " hierarchy at "
                    + unified.getParent()
                    + " has only ["
                    + read(unified).strip()
                    + "])"
                : "";
        return unavailable(root + " is not a cgroup v2 (unified) hierarchy" + hybrid);
      }
      Optional<String> own = ownCgroup(selfCgroup);
      if (own.isEmpty()) {
        return unavailable("no cgroup v2 entry (0::/...) in " + selfCgroup);
      }
      p = root.resolve(own.get().replaceFirst("^/+", ""));
    }
    List<String> controllers = words(p.resolve("cgroup.controllers"));
    if (!controllers.contains("memory") || !controllers.contains("pids")) {
      return unavailable(
          "the memory and pids controllers are not delegated to "
              + p
              + " (it has "
              + controllers
              + ")");
    }
    List<String> subtree = words(p.resolve("cgroup.subtree_control"));
    if (!subtree.contains("memory") || !subtree.contains("pids")) {
      try {
        Files.writeString(p.resolve("cgroup.subtree_control"), "+memory +pids");
      } catch (IOException e) {
        return unavailable(
            "cannot enable the memory and pids controllers for children of "
                + p
                + " ("
                + e.getMessage()
                + "); a cgroup that holds processes, such as the JVM's own, cannot have them."
                + " Start the JVM in a leaf cgroup and name a delegated parent with "
                + PARENT_ENV
                + " or CodeSandbox.Builder.cgroupParent");
      }
    }
    Path probe = p.resolve("arbiter-probe-" + ProcessHandle.current().pid());
    try {
      Files.createDirectory(probe);
      boolean ok =
          Files.exists(probe.resolve("memory.max")) && Files.exists(probe.resolve("pids.max"));
      if (!ok) {
        return unavailable("a child cgroup of " + p + " has no memory.max or pids.max");
      }
    } catch (IOException e) {
      return unavailable("cannot create a child cgroup in " + p + ": " + e.getMessage());
    } finally {
      try {
        Files.deleteIfExists(probe);
      } catch (IOException e) {
        // An empty cgroup left behind costs nothing and is named after this process.
      }
    }
    return new CgroupLimits(
        Optional.of(p), "cgroup v2 under " + p + ": memory.max and pids.max per run");
  }

  boolean available() {
    return parent.isPresent();
  }

  /** What the limit is, or why there is none; printed in docs, build logs and evidence notes. */
  String description() {
    return description;
  }

  /** A fresh cgroup for one run with the given totals; empty when cgroups are unavailable. */
  Optional<RunCgroup> open(long memoryBytes, int maxProcesses) throws IOException {
    if (parent.isEmpty()) {
      return Optional.empty();
    }
    Path dir =
        parent
            .get()
            .resolve(
                "arbiter-sandbox-" + ProcessHandle.current().pid() + "-" + RUNS.incrementAndGet());
    Files.createDirectory(dir);
    Files.writeString(dir.resolve("memory.max"), Long.toString(memoryBytes));
    if (Files.exists(dir.resolve("memory.swap.max"))) {
      Files.writeString(dir.resolve("memory.swap.max"), "0");
    }
    Files.writeString(dir.resolve("pids.max"), Integer.toString(maxProcesses));
    return Optional.of(new RunCgroup(dir, memoryBytes, maxProcesses));
  }

  /** One run's cgroup: the file a process joins through, and what happened when it is closed. */
  record RunCgroup(Path dir, long memoryBytes, int maxProcesses) {
    Path procs() {
      return dir.resolve("cgroup.procs");
    }

    /** What the run hit ("" when nothing); kills what is left and removes the cgroup. */
    String close() {
      long oomKills = counter(dir.resolve("memory.events"), "oom_kill");
      long pidsMax = counter(dir.resolve("pids.events"), "max");
      try {
        if (Files.exists(dir.resolve("cgroup.kill"))) {
          Files.writeString(dir.resolve("cgroup.kill"), "1");
        }
      } catch (IOException e) {
        // The pid namespace dies with bubblewrap anyway; the kill is for belt and braces.
      }
      for (int attempt = 0; attempt < 50; attempt++) {
        try {
          Files.deleteIfExists(dir);
          break;
        } catch (IOException e) {
          try {
            Thread.sleep(20); // the killed processes are still being reaped
          } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            break;
          }
        }
      }
      StringBuilder sb = new StringBuilder();
      if (oomKills > 0) {
        sb.append("cgroup memory.max (")
            .append(memoryBytes)
            .append(" bytes) reached: ")
            .append(oomKills)
            .append(oomKills == 1 ? " process" : " processes")
            .append(" killed by the OOM killer");
      }
      if (pidsMax > 0) {
        if (sb.length() > 0) {
          sb.append("; ");
        }
        sb.append("cgroup pids.max (")
            .append(maxProcesses)
            .append(") refused ")
            .append(pidsMax)
            .append(pidsMax == 1 ? " fork" : " forks");
      }
      return sb.toString();
    }
  }

  static Optional<String> ownCgroup(Path selfCgroup) {
    for (String line : read(selfCgroup).split("\n")) {
      if (line.startsWith("0::")) {
        return Optional.of(line.substring(3).strip());
      }
    }
    return Optional.empty();
  }

  static long counter(Path file, String key) {
    for (String line : read(file).split("\n")) {
      String[] kv = line.strip().split("\\s+");
      if (kv.length == 2 && kv[0].equals(key)) {
        try {
          return Long.parseLong(kv[1]);
        } catch (NumberFormatException e) {
          return 0;
        }
      }
    }
    return 0;
  }

  private static List<String> words(Path file) {
    String s = read(file).strip();
    return s.isEmpty() ? List.of() : List.of(s.split("\\s+"));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
