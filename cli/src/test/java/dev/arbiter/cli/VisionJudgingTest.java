package dev.arbiter.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.arbiter.core.Judge;
import dev.arbiter.core.JudgeRequest;
import dev.arbiter.core.Mode;
import dev.arbiter.core.SamplingParams;
import dev.arbiter.core.Status;
import dev.arbiter.core.Verdict;
import dev.arbiter.core.internal.Json;
import dev.arbiter.core.testing.TestImages;
import dev.arbiter.eval.batch.RequestReader;
import dev.arbiter.prompts.Protocols;
import dev.arbiter.vllm.VllmJudgeModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * From a JSONL line with image candidates to the body vLLM receives: the json protocol's prompt as
 * OpenAI content parts, each image inside its candidate's fence, candidates last, both orders.
 */
class VisionJudgingTest {
  private static final byte[] RED = TestImages.png(2, 2, 0xFF0000);
  private static final byte[] BLUE = TestImages.png(2, 2, 0x0000FF);

  @TempDir Path dir;
  private final WireMockServer server =
      new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

  @BeforeEach
  void start() {
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  private static String reply(String content) {
    return Json.write(
        Map.of(
            "id",
            "chatcmpl-vl",
            "object",
            "chat.completion",
            "created",
            1732450000,
            "model",
            "Qwen/Qwen2-VL-7B-Instruct",
            "choices",
            List.of(
                Map.of(
                    "index",
                    0,
                    "message",
                    Map.of("role", "assistant", "content", content),
                    "finish_reason",
                    "stop")),
            "usage",
            Map.of("prompt_tokens", 812, "completion_tokens", 20, "total_tokens", 832)));
  }

  private static String dataUrl(byte[] png) {
    return "data:image/png;base64," + Base64.getEncoder().encodeToString(png);
  }

  @Test
  void should_send_each_candidates_image_inside_its_fence_in_both_orders() throws Exception {
    // given: a pairwise line whose candidates are two PNG files beside the input
    Files.createDirectories(dir.resolve("shots"));
    Files.write(dir.resolve("shots/red.png"), RED);
    Files.write(dir.resolve("shots/blue.png"), BLUE);
    Path input = dir.resolve("pairs.jsonl");
    Files.writeString(
        input,
        "{\"id\": \"logo-1\", \"query\": \"Draw a red square.\", \"candidates\": ["
            + "{\"type\": \"image\", \"path\": \"shots/red.png\"},"
            + " {\"type\": \"image\", \"path\": \"shots/blue.png\"}]}\n");
    JudgeRequest request;
    try (RequestReader r =
        RequestReader.open(input, RequestReader.Format.ARBITER, Mode.PAIRWISE, Optional.empty())) {
      request = r.next().request().orElseThrow();
    }
    server.stubFor(
        post(urlEqualTo("/v1/chat/completions"))
            .willReturn(
                ok().withHeader("Content-Type", "application/json")
                    .withBody(reply("{\"critique\": \"A is red.\", \"preference\": \"A>B\"}"))));

    // when
    Verdict verdict;
    try (VllmJudgeModel model =
        VllmJudgeModel.builder()
            .baseUrl("http://127.0.0.1:" + server.port() + "/v1")
            .model("Qwen/Qwen2-VL-7B-Instruct")
            .maxRetries(0)
            .build()) {
      verdict =
          Judge.builder()
              .model(model)
              .protocol(Protocols.get("json"))
              .sampling(SamplingParams.DEFAULT.withSamples(1))
              .build()
              .judge(request);
    }

    // then: two calls, one per order, each with the images in the order the candidates are shown
    assertThat(verdict.status()).isEqualTo(Status.SCORED);
    List<JsonNode> bodies = new ArrayList<>();
    for (ServeEvent e : server.getAllServeEvents()) {
      if (!e.getRequest().getUrl().endsWith("/chat/completions")) {
        continue; // the model's one GET /v1/models, asking which weights it serves
      }
      bodies.add(Json.mapper().readTree(e.getRequest().getBodyAsString()));
    }
    assertThat(bodies).hasSize(2);
    List<List<String>> orders = bodies.stream().map(VisionJudgingTest::imageUrls).toList();
    assertThat(orders)
        .containsExactlyInAnyOrder(
            List.of(dataUrl(RED), dataUrl(BLUE)), List.of(dataUrl(BLUE), dataUrl(RED)));
    for (JsonNode body : bodies) {
      JsonNode messages = body.get("messages");
      assertThat(messages.get(0).get("role").asText()).isEqualTo("system");
      assertThat(messages.get(0).get("content").isTextual()).isTrue();
      JsonNode content = messages.get(1).get("content");
      assertThat(messages.get(1).get("role").asText()).isEqualTo("user");
      assertThat(content.isArray()).isTrue();
      // text, image A, text, image B, text: the images sit inside the A and B fences, B last
      List<String> types = new ArrayList<>();
      content.forEach(p -> types.add(p.get("type").asText()));
      assertThat(types).containsExactly("text", "image_url", "text", "image_url", "text");
      assertThat(content.get(0).get("text").asText())
          .contains("Draw a red square.")
          .containsPattern("<response-A-[0-9a-f]{10}>\n$");
      assertThat(content.get(2).get("text").asText())
          .containsPattern(
              "^\n</response-A-[0-9a-f]{10}>\n\nResponse B:\n<response-B-[0-9a-f]{10}>\n$");
      assertThat(content.get(4).get("text").asText()).matches("\n</response-B-[0-9a-f]{10}>");
      assertThat(content.get(1).get("image_url").get("url").asText())
          .startsWith("data:image/png;base64,");
    }
  }

  private static List<String> imageUrls(JsonNode body) {
    List<String> urls = new ArrayList<>();
    body.get("messages")
        .get(1)
        .get("content")
        .forEach(
            p -> {
              if (p.get("type").asText().equals("image_url")) {
                urls.add(p.get("image_url").get("url").asText());
              }
            });
    return urls;
  }
}
