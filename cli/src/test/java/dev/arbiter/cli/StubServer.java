package dev.arbiter.cli;

import dev.arbiter.cli.stub.StubVllmServer;
import java.io.IOException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The simulated vLLM server ({@code arbiter stub-server}) for one test class: started before its
 * first test, stopped after its last. Register it as a static field:
 *
 * <pre>{@code @RegisterExtension static final StubServer server = new StubServer("stub-judge");}
 * </pre>
 *
 * <p>Its answers are deterministic draws from the prompt's hash: good for wiring, worth nothing as
 * judgements.
 */
final class StubServer implements BeforeAllCallback, AfterAllCallback {
  private final String model;
  private final long latencyMillis;
  private StubVllmServer server;

  StubServer(String model) {
    this(model, 0);
  }

  StubServer(String model, long latencyMillis) {
    this.model = model;
    this.latencyMillis = latencyMillis;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    server = StubVllmServer.start(0, model, latencyMillis);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    server.close();
  }

  /** The base URL for {@code --endpoint} or a spec's {@code models[].endpoint}. */
  String baseUrl() {
    return server.baseUrl();
  }

  /** The model name it serves. */
  String model() {
    return model;
  }

  /** Chat-completion calls served so far. */
  long calls() {
    return server.calls();
  }

  /** Choices generated over all calls so far. */
  long choicesGenerated() {
    return server.choicesGenerated();
  }
}
