package dev.arbiter.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Detection and bookkeeping of the cgroup v2 limit on a directory tree shaped like {@code
 * /sys/fs/cgroup}; the kernel side (joining, OOM kills) needs a machine with delegated cgroup v2.
 */
class CgroupLimitsTest {
  @TempDir Path root;

  @Test
  void should_say_why_there_is_no_limit_on_a_hybrid_cgroup_v1_machine() throws Exception {
    Files.createDirectories(root.resolve("unified"));
    Files.writeString(root.resolve("unified/cgroup.controllers"), "hugetlb\n");
    Path self = Files.writeString(root.resolve("self"), "4:memory:/x\n0::/\n");

    CgroupLimits c = CgroupLimits.detect(root, self, Optional.empty());

    assertThat(c.available()).isFalse();
    assertThat(c.description())
        .startsWith("no cgroup limit: " + root + " is not a cgroup v2 (unified) hierarchy")
        .contains("hybrid")
        .contains("[hugetlb]");
  }

  @Test
  void should_say_when_memory_and_pids_are_not_delegated() throws Exception {
    Files.writeString(root.resolve("cgroup.controllers"), "cpu memory pids\n");
    Files.createDirectories(root.resolve("app"));
    Files.writeString(root.resolve("app/cgroup.controllers"), "cpu\n");
    Path self = Files.writeString(root.resolve("self"), "0::/app\n");

    CgroupLimits c = CgroupLimits.detect(root, self, Optional.empty());

    assertThat(c.available()).isFalse();
    assertThat(c.description())
        .isEqualTo(
            "no cgroup limit: the memory and pids controllers are not delegated to "
                + root.resolve("app")
                + " (it has [cpu])");
  }

  @Test
  void should_write_the_run_limits_and_report_oom_kills_and_refused_forks() throws Exception {
    CgroupLimits c = CgroupLimits.at(root);

    CgroupLimits.RunCgroup run = c.open(256L << 20, 16).orElseThrow();

    assertThat(Files.readString(run.dir().resolve("memory.max"))).isEqualTo("268435456");
    assertThat(Files.readString(run.dir().resolve("pids.max"))).isEqualTo("16");
    assertThat(run.procs()).isEqualTo(run.dir().resolve("cgroup.procs"));
    Files.writeString(
        run.dir().resolve("memory.events"), "low 0\nhigh 0\nmax 9\noom 2\noom_kill 2\n");
    Files.writeString(run.dir().resolve("pids.events"), "max 5\n");
    assertThat(run.close())
        .isEqualTo(
            "cgroup memory.max (268435456 bytes) reached: 2 processes killed by the OOM killer;"
                + " cgroup pids.max (16) refused 5 forks");
  }
}
