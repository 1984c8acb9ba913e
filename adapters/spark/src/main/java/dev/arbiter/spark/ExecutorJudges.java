package dev.arbiter.spark;

import dev.arbiter.spec.BuiltJudge;
import dev.arbiter.spec.JudgeSpecs;
import dev.arbiter.spec.Judges;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * One judge per executor JVM and spec, built on first use and shared by every task of that JVM (a
 * judge holds model clients, caches and the in-flight limit, so one per task would multiply them).
 * Closed when the JVM exits.
 */
final class ExecutorJudges {
  private static final ConcurrentMap<String, BuiltJudge> JUDGES = new ConcurrentHashMap<>();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> JUDGES.values().forEach(BuiltJudge::close), "arbiter-judges-close"));
  }

  private ExecutorJudges() {}

  /** Closes and forgets every judge, as if the executors were new (tests). */
  static void reset() {
    JUDGES.values().forEach(BuiltJudge::close);
    JUDGES.clear();
  }

  static BuiltJudge get(String specText) {
    return JUDGES.computeIfAbsent(
        specText, t -> Judges.fromSpec(JudgeSpecs.parse(t, "spark job spec")));
  }
}
