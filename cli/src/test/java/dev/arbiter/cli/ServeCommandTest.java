package dev.arbiter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.cli.stub.StubVllmServer;
import dev.arbiter.core.internal.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code arbiter serve} as a process (port file, OpenRLHF call, SIGTERM drain) and {@code spec
 * show}.
 */
class ServeCommandTest {
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** Starts {@code arbiter serve ARGS} in its own JVM, as a user would. */
  static Process serve(Path dir, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("dev.arbiter.cli.ArbiterCli");
    cmd.add("serve");
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.redirectOutput(dir.resolve("serve.log").toFile());
    pb.environment().put("ARBITER_TEST_TOKEN", "t0ken-s3cret");
    return pb.start();
  }

  static int awaitPort(Path portFile, Process p) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline && p.isAlive()) {
      if (Files.exists(portFile)) {
        String s = Files.readString(portFile).strip();
        if (!s.isEmpty()) {
          return Integer.parseInt(s);
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("serve did not write its port file");
  }

  HttpResponse<String> post(int port, String path, String body, String... headers)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void should_serve_openrlhf_rewards_with_a_token_and_drain_on_sigterm(@TempDir Path dir)
      throws Exception {
    try (StubVllmServer stub = StubVllmServer.start(0, "stub-judge", 1500)) {
      Path portFile = dir.resolve("port");
      Process p =
          serve(
              dir,
              "--port",
              "0",
              "--port-file",
              portFile.toString(),
              "--endpoint",
              stub.baseUrl(),
              "--model",
              "stub-judge",
              "--no-verifiers",
              "--auth-token-env",
              "ARBITER_TEST_TOKEN");
      try {
        int port = awaitPort(portFile, p);
        String call =
            "{\"query\": [\"What is 2+2? 4\"], \"prompts\": [\"What is 2+2?\"], \"labels\": [\"4\"]}";

        HttpResponse<String> refused = post(port, "/get_reward", call);
        CompletableFuture<HttpResponse<String>> inFlight =
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return post(port, "/get_reward", call, "Authorization", "Bearer t0ken-s3cret");
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                });
        Thread.sleep(700);
        p.destroy(); // SIGTERM

        assertThat(refused.statusCode()).isEqualTo(401);
        HttpResponse<String> answered = inFlight.get(30, TimeUnit.SECONDS);
        assertThat(answered.statusCode()).isEqualTo(200);
        JsonNode body = Json.mapper().readTree(answered.body());
        assertThat(body.get("rewards")).hasSize(1);
        assertThat(body.at("/extra_logs/judge_scored/0").asInt()).isEqualTo(1);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String log = Files.readString(dir.resolve("serve.log"), StandardCharsets.UTF_8);
        assertThat(log)
            .contains("bearer token required")
            .contains("stopped after answering every request in flight")
            .doesNotContain("t0ken-s3cret");
      } finally {
        p.destroyForcibly();
      }
    }
  }

  @Test
  void should_show_the_spec_file_with_flags_laid_over_it(@TempDir Path dir) throws Exception {
    Path spec = dir.resolve("judge.yaml");
    Files.writeString(
        spec,
        "models:\n  - endpoint: http://user:pw@127.0.0.1:8000/v1\n    model: judge\n"
            + "sampling:\n  k: 5\n  max_tokens: 256\n");

    Cli.Run r =
        Cli.run("spec", "show", "--spec", spec.toString(), "--samples", "7", "--vote", "median");

    assertThat(r.exit()).isEqualTo(0);
    assertThat(r.out())
        .contains("k: 7")
        .contains("max_tokens: 256")
        .contains("method: median")
        .contains("http://***@127.0.0.1:8000/v1")
        .doesNotContain("pw@");
  }

  @Test
  void should_name_the_spec_file_line_and_field_of_a_bad_value(@TempDir Path dir) throws Exception {
    Path spec = dir.resolve("judge.yaml");
    Files.writeString(spec, "sampling:\n  k: 2\n  temprature: 0.3\n");

    Cli.Run r = Cli.run("spec", "show", "--spec", spec.toString());

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("judge.yaml:3").contains("sampling.temprature");
  }

  @Test
  void should_map_the_consistency_flags_onto_the_sampling_spec() {
    Cli.Run r =
        Cli.run(
            "spec",
            "show",
            "--samples",
            "8",
            "--consistency",
            "logprob-adaptive",
            "--consistency-threshold",
            "0.95");

    assertThat(r.exit()).isEqualTo(0);
    assertThat(r.out())
        .contains("consistency: logprob-adaptive")
        .contains("consistency_threshold: 0.95");
  }

  @Test
  void should_name_the_consistency_flag_when_its_mode_is_unknown() {
    Cli.Run r = Cli.run("spec", "show", "--samples", "8", "--consistency", "cheap");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--consistency").contains("full or logprob-adaptive");
  }

  @Test
  void should_name_the_flag_when_a_flag_value_is_bad() {
    Cli.Run r = Cli.run("spec", "show", "--samples", "0");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--samples").contains("must be >= 1 but was 0");
  }
}
