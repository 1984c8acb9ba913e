package dev.arbiter.vllm;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.arbiter.core.model.Choice;
import dev.arbiter.core.model.JudgeModel;
import dev.arbiter.core.model.JudgeModelContract;
import dev.arbiter.core.model.TokenUsage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** {@link RoutingJudgeModel} over two WireMock replicas passes the shared contract. */
class RoutingJudgeModelContractTest extends JudgeModelContract {
  private static final WireMockServer a =
      new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
  private static final WireMockServer b =
      new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

  @BeforeAll
  static void start() {
    a.start();
    b.start();
  }

  @AfterAll
  static void stop() {
    a.stop();
    b.stop();
  }

  @BeforeEach
  void reset() {
    a.resetAll();
    b.resetAll();
  }

  private static VllmJudgeModel replica(WireMockServer s) {
    return VllmJudgeModel.builder()
        .baseUrl("http://127.0.0.1:" + s.port() + "/v1")
        .model("judge-8b")
        .maxRetries(0)
        .timeout(Duration.ofSeconds(10))
        .build();
  }

  @Override
  protected JudgeModel createModel() {
    return RoutingJudgeModel.builder()
        .replica(replica(a))
        .replica(replica(b))
        .healthCheckEvery(Duration.ZERO)
        .maxRetries(2)
        .retryBackoff(Duration.ofMillis(1), Duration.ofMillis(4))
        .build();
  }

  private static void both(ResponseDefinitionBuilder response) {
    a.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(response));
    b.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(response));
  }

  @Override
  protected void arrangeReply(List<Choice> choices, TokenUsage usage) {
    both(
        aResponse()
            .withHeader("Content-Type", "application/json")
            .withBody(VllmReplies.completion("judge-8b", choices, usage)));
  }

  @Override
  protected void arrangeEcho() {
    both(
        aResponse()
            .withHeader("Content-Type", "application/json")
            .withBody(VllmReplies.echoTemplate("judge-8b"))
            .withTransformers("response-template"));
  }

  @Override
  protected void arrangeFailure(Failure failure) {
    int status = failure == Failure.TRANSIENT ? 503 : 400;
    both(
        aResponse()
            .withStatus(status)
            .withHeader("Content-Type", "application/json")
            .withBody(VllmReplies.error(status, "Error", "scripted failure")));
  }
}
