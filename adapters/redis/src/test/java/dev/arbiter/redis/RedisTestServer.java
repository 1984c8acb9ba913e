package dev.arbiter.redis;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * The Redis server the tests talk to: the one {@code ARBITER_TEST_REDIS_URL} names (CI starts one),
 * else a {@code redis-server} started here on a free loopback port; when neither is possible the
 * tests are skipped with a reason saying so.
 */
public final class RedisTestServer implements AutoCloseable {
  public final String url;
  private final Process process;

  private RedisTestServer(String url, Process process) {
    this.url = url;
    this.process = process;
  }

  public static RedisTestServer start() {
    String env = System.getenv("ARBITER_TEST_REDIS_URL");
    if (env != null && !env.isBlank()) {
      return new RedisTestServer(env.strip(), null);
    }
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    } catch (IOException e) {
      Assumptions.abort("no free loopback port for redis-server: " + e);
      throw new AssertionError(e);
    }
    Process p;
    try {
      p =
          new ProcessBuilder(
                  List.of(
                      "redis-server",
                      "--bind",
                      "127.0.0.1",
                      "--port",
                      String.valueOf(port),
                      "--save",
                      "",
                      "--appendonly",
                      "no"))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
    } catch (IOException e) {
      Assumptions.abort(
          "Redis tests skipped: ARBITER_TEST_REDIS_URL is not set and redis-server could not be"
              + " started ("
              + e.getMessage()
              + "); install redis-server (apt-get install redis-server) to run them");
      throw new AssertionError(e);
    }
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        Assumptions.abort("Redis tests skipped: redis-server exited with " + p.exitValue());
      }
      if (pings(port)) {
        return new RedisTestServer("redis://127.0.0.1:" + port, p);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    p.destroyForcibly();
    Assumptions.abort("Redis tests skipped: redis-server did not answer PING within 10 s");
    throw new AssertionError();
  }

  private static boolean pings(int port) {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      byte[] buf = new byte[7];
      int n = s.getInputStream().read(buf);
      return n > 0 && new String(buf, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() {
    if (process != null) {
      process.destroy();
    }
  }
}
