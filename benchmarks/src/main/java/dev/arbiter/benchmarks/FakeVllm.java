package dev.arbiter.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A simulated vLLM server (../shared/tools/fakevllm) on a free loopback port, serving the model
 * {@code judge}, stopped by closing it.
 */
final class FakeVllm implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Process process;
  private final int port;
  private final HttpClient http = HttpClient.newHttpClient();

  private FakeVllm(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts fakevllm with {@code args} (e.g. {@code --timing vllm}) and waits until it listens. */
  static FakeVllm start(Path script, String... args) throws IOException, InterruptedException {
    Path portFile = Files.createTempFile("fakevllm", ".port");
    Files.delete(portFile);
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "python3",
                script.toString(),
                "--port",
                "0",
                "--port-file",
                portFile.toString(),
                "--model",
                "judge"));
    cmd.addAll(List.of(args));
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (Files.exists(portFile)) {
        String s = Files.readString(portFile, StandardCharsets.UTF_8).strip();
        if (!s.isEmpty()) {
          Files.deleteIfExists(portFile);
          return new FakeVllm(p, Integer.parseInt(s));
        }
      }
      Thread.sleep(50);
    }
    p.destroyForcibly();
    throw new IllegalStateException("fakevllm did not start");
  }

  String baseUrl() {
    return "http://127.0.0.1:" + port + "/v1";
  }

  /** Zeroes the counters and clears the simulated prefix cache. */
  void reset() throws IOException, InterruptedException {
    http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/reset"))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.discarding());
  }

  /** The counters ({@code GET /stats}). */
  JsonNode stats() throws IOException, InterruptedException {
    return JSON.readTree(
        http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/stats")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body());
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
