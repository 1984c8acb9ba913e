package dev.arbiter.cli;

import dev.arbiter.core.InvalidInputException;
import dev.arbiter.server.ArbiterServer;
import dev.arbiter.server.JudgeMetrics;
import dev.arbiter.server.RewardMapping;
import dev.arbiter.spec.BuiltJudge;
import dev.arbiter.spec.JudgeSpec;
import dev.arbiter.spec.Judges;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code arbiter serve}: the judge over HTTP, as the reward endpoint of RL trainers. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serve the judge over HTTP: POST /get_reward (OpenRLHF --remote_rm_url), POST /v1/judge, POST /v1/judge/batch (NDJSON), GET /health, GET /metrics (Prometheus).",
      "Listens on 127.0.0.1 unless --host says otherwise; SIGTERM drains requests in flight. See docs/serving.md."
    })
public final class ServeCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "8080",
      description = "Port to listen on; 0 picks a free one (default ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--port-file",
      paramLabel = "FILE",
      description = "Write the port here (atomically) once the server is listening.")
  Path portFile;

  @Option(
      names = "--host",
      paramLabel = "ADDRESS",
      defaultValue = "127.0.0.1",
      description = "Address to bind (default ${DEFAULT-VALUE}: this machine only).")
  String host;

  @Option(
      names = "--auth-token-env",
      paramLabel = "VAR",
      description =
          "Require 'Authorization: Bearer TOKEN' on every request, TOKEN being this environment variable's value.")
  String authTokenEnv;

  @Option(
      names = "--reward",
      paramLabel = "KIND",
      defaultValue = "normalized",
      description =
          "What /get_reward returns per query: normalized (score on [0, 1]), raw (the scale's score), centered ([-1, 1]); default ${DEFAULT-VALUE}.")
  String reward;

  @Option(
      names = "--fallback-reward",
      paramLabel = "X",
      defaultValue = "0",
      description =
          "Reward of an unscored or failed judgement, flagged in extra_logs (default ${DEFAULT-VALUE}).")
  double fallbackReward;

  @Option(
      names = "--keep-template-tokens",
      description =
          "Judge /get_reward texts as sent, chat-template markers (<|im_end|>, </s>, ...) included.")
  boolean keepTemplateTokens;

  @Option(
      names = "--concurrency",
      paramLabel = "N",
      description = "Judgements running at once (default: the spec's concurrency.requests, 8).")
  Integer concurrency;

  @Option(
      names = "--max-queue",
      paramLabel = "N",
      defaultValue = "4096",
      description =
          "Judgements waiting beyond those running; a request that does not fit gets 429 (default ${DEFAULT-VALUE}).")
  int maxQueue;

  @Option(
      names = "--max-body-bytes",
      paramLabel = "BYTES",
      defaultValue = "16777216",
      description = "Largest request body; larger gets 413 (default ${DEFAULT-VALUE}).")
  long maxBodyBytes;

  @Option(
      names = "--drain-timeout",
      paramLabel = "SECONDS",
      defaultValue = "30",
      description =
          "On SIGTERM, how long requests in flight may take to finish (default ${DEFAULT-VALUE} s).")
  int drainSeconds;

  @Mixin JudgeOptions options;

  /** Held so the level sticks: Helidon's start-up chatter is INFO through java.util.logging. */
  private static final java.util.logging.Logger HELIDON_LOG =
      java.util.logging.Logger.getLogger("io.helidon");

  @Override
  public Integer call() throws Exception {
    HELIDON_LOG.setLevel(java.util.logging.Level.WARNING);
    PrintWriter err = spec.commandLine().getErr();
    String token = token();
    RewardMapping mapping = RewardMapping.parse(reward);
    JudgeSpec judgeSpec = options.spec();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    JudgeMetrics metrics = new JudgeMetrics(registry);
    String endpointTag =
        judgeSpec.models().isEmpty()
            ? "none"
            : JudgeSpec.redactUrl(judgeSpec.models().get(0).endpoint());
    BuiltJudge built =
        options.build(err, new Judges.Hooks(m -> metrics.meter(m, endpointTag), List.of(metrics)));
    ArbiterServer server;
    try {
      server =
          ArbiterServer.builder()
              .judge(built.judge())
              .defaultRubric(built.defaultRubric())
              .userRubrics(built.userRubrics())
              .endpoints(judgeSpec.models())
              .host(host)
              .port(port)
              .token(token)
              .reward(mapping)
              .fallbackReward(fallbackReward)
              .stripTokens(keepTemplateTokens ? List.of() : ArbiterServer.Builder.DEFAULT_STRIP)
              .concurrency(concurrency != null ? concurrency : judgeSpec.concurrency().requests())
              .maxQueue(maxQueue)
              .maxBodyBytes(maxBodyBytes)
              .drainTimeout(Duration.ofSeconds(drainSeconds))
              .registry(registry)
              .build()
              .start();
    } catch (RuntimeException e) {
      built.close();
      throw e;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  boolean clean = server.drainAndStop(Duration.ofSeconds(drainSeconds));
                  built.close();
                  err.println(
                      clean
                          ? "arbiter serve: stopped after answering every request in flight"
                          : "arbiter serve: stopped; requests still in flight after "
                              + drainSeconds
                              + " s were cut off");
                  err.flush();
                  stopped.countDown();
                },
                "arbiter-serve-drain"));
    if (portFile != null) {
      writeAtomically(portFile, String.valueOf(server.port()));
    }
    err.println(built.description());
    err.println(
        "arbiter serve: listening on http://"
            + host
            + ":"
            + server.port()
            + " (POST /get_reward, /v1/judge, /v1/judge/batch; GET /health, /metrics); "
            + (token == null ? "no token required" : "bearer token required"));
    if (token == null && !isLoopback(host)) {
      err.println(
          "arbiter serve: warning: "
              + host
              + " is reachable from other machines and no --auth-token-env is set");
    }
    err.flush();
    stopped.await();
    return 0;
  }

  private String token() {
    if (authTokenEnv == null) {
      return null;
    }
    String t = System.getenv(authTokenEnv);
    if (t == null || t.isBlank()) {
      throw InvalidInputException.of(
          "--auth-token-env", "the environment variable " + authTokenEnv + " is not set or empty");
    }
    return t.strip();
  }

  private static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (IOException e) {
      return false;
    }
  }

  /** Writes through a temporary file and a rename, so a reader never sees a partial port. */
  static void writeAtomically(Path file, String text) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
