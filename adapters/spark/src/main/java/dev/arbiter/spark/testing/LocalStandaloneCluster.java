package dev.arbiter.spark.testing;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Spark standalone cluster on 127.0.0.1 for tests and benchmarks: one master and N workers, each
 * its own JVM, started from the Spark jars Maven brought (this JVM's class path) — no Spark
 * download. Workers launch executors from a throw-away {@code SPARK_HOME} whose {@code jars/} links
 * those jars; the job's own code reaches executors through {@code spark.jars}, as with
 * spark-submit.
 */
public final class LocalStandaloneCluster implements AutoCloseable {
  /** The module flags Spark's launcher adds on Java 17+ (Spark's JavaModuleOptions). */
  public static final List<String> JAVA_OPTIONS =
      List.of(
          "-XX:+IgnoreUnrecognizedVMOptions",
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
          "--add-opens=java.base/java.io=ALL-UNNAMED",
          "--add-opens=java.base/java.net=ALL-UNNAMED",
          "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "--add-opens=java.base/java.util=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
          "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
          "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
          "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
          "-Djdk.reflect.useDirectMethodHandle=false",
          "-Dio.netty.tryReflectionSetAccessible=true");

  private final List<Process> processes = new ArrayList<>();
  private final Path work;
  private final int masterPort;

  private LocalStandaloneCluster(Path work, int masterPort) {
    this.work = work;
    this.masterPort = masterPort;
  }

  /** Starts a master and {@code workers} workers of one core and 1 GiB each; waits until ready. */
  public static LocalStandaloneCluster start(Path work, int workers) throws Exception {
    Path home = work.resolve("spark-home");
    Path jars = Files.createDirectories(home.resolve("jars"));
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path p = Path.of(entry);
      if (entry.endsWith(".jar") && Files.isRegularFile(p)) {
        Path link = jars.resolve(p.getFileName());
        if (!Files.exists(link)) {
          Files.createSymbolicLink(link, p.toAbsolutePath());
        }
      }
    }
    // The cluster's JVMs log at INFO to their log files whatever the caller's logging is: their
    // readiness is read from those lines.
    Files.writeString(
        work.resolve("log4j2-cluster.properties"),
        String.join(
            "\n",
            "rootLogger.level = info",
            "rootLogger.appenderRef.out.ref = out",
            "appender.out.type = Console",
            "appender.out.name = out",
            "appender.out.layout.type = PatternLayout",
            "appender.out.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n",
            ""));
    LocalStandaloneCluster c = new LocalStandaloneCluster(work, freePort());
    try {
      Path masterLog = work.resolve("master.log");
      c.launch(
          home,
          masterLog,
          "org.apache.spark.deploy.master.Master",
          "--host",
          "127.0.0.1",
          "--port",
          String.valueOf(c.masterPort),
          "--webui-port",
          "0");
      awaitLine(masterLog, "I have been elected leader", Duration.ofSeconds(60));
      for (int i = 0; i < workers; i++) {
        Path log = work.resolve("worker-" + i + ".log");
        Path dir = Files.createDirectories(work.resolve("worker-" + i));
        c.launch(
            home,
            log,
            "org.apache.spark.deploy.worker.Worker",
            "--host",
            "127.0.0.1",
            "--cores",
            "1",
            "--memory",
            "1g",
            "--webui-port",
            "0",
            "--work-dir",
            dir.toString(),
            c.masterUrl());
        awaitLine(log, "Successfully registered with master", Duration.ofSeconds(60));
      }
      return c;
    } catch (Exception e) {
      c.close();
      throw e;
    }
  }

  /** The master's URL, {@code spark://127.0.0.1:PORT}. */
  public String masterUrl() {
    return "spark://127.0.0.1:" + masterPort;
  }

  private void launch(Path sparkHome, Path log, String mainClass, String... args)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(JAVA_OPTIONS);
    cmd.add("-Xmx512m");
    cmd.add("-Dlog4j2.configurationFile=" + work.resolve("log4j2-cluster.properties"));
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(mainClass);
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    Map<String, String> env = pb.environment();
    env.put("SPARK_HOME", sparkHome.toString());
    env.put("SPARK_SCALA_VERSION", "2.13");
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    env.put("SPARK_LOCAL_DIRS", work.resolve("local").toString());
    env.put("JAVA_HOME", System.getProperty("java.home"));
    processes.add(pb.start());
  }

  private static void awaitLine(Path log, String needle, Duration timeout) throws Exception {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      if (Files.exists(log)
          && new String(Files.readAllBytes(log), StandardCharsets.UTF_8).contains(needle)) {
        return;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(
        "'" + needle + "' not seen in " + log + " within " + timeout.toSeconds() + " s");
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    for (Process p : processes.reversed()) {
      p.destroy();
    }
    for (Process p : processes) {
      try {
        if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        p.destroyForcibly();
      }
    }
    // Remove the jar links ourselves: the temp-dir cleanup warns about each link it meets.
    try (var links = Files.list(work.resolve("spark-home").resolve("jars"))) {
      for (Path link : links.toList()) {
        Files.deleteIfExists(link);
      }
    } catch (IOException e) {
      // best effort: the temp dir goes anyway
    }
  }
}
