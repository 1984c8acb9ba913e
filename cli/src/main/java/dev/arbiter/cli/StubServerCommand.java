package dev.arbiter.cli;

import dev.arbiter.cli.stub.StubVllmServer;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code arbiter stub-server}: a simulated vLLM server on loopback, for demos and benchmarks. */
@Command(
    name = "stub-server",
    mixinStandardHelpOptions = true,
    description = {
      "Serve a simulated vLLM (OpenAI-compatible) judge on 127.0.0.1 until stopped.",
      "Its judgements are seeded pseudo-random: for wiring, demos and benchmarks, never for accuracy."
    })
public final class StubServerCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--port",
      defaultValue = "8000",
      description = "Port on 127.0.0.1 (default ${DEFAULT-VALUE}; 0 = any free port).")
  int port;

  @Option(
      names = "--model",
      defaultValue = "stub-judge",
      description = "Model name to answer to (default ${DEFAULT-VALUE}).")
  String model;

  @Option(
      names = "--latency-ms",
      defaultValue = "0",
      description = "Added latency per call (default ${DEFAULT-VALUE}).")
  long latencyMs;

  @Override
  public Integer call() throws Exception {
    try (StubVllmServer s = StubVllmServer.start(port, model, latencyMs)) {
      spec.commandLine()
          .getOut()
          .println(
              "stub vLLM server for model '" + model + "' at " + s.baseUrl() + " (Ctrl-C to stop)");
      spec.commandLine().getOut().flush();
      new CountDownLatch(1).await();
    }
    return 0;
  }
}
