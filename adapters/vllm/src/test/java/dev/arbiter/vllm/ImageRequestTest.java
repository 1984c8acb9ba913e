package dev.arbiter.vllm;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.arbiter.core.model.JudgeModelContract.await;
import static dev.arbiter.core.model.JudgeModelContract.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.arbiter.core.ContentPart;
import dev.arbiter.core.Image;
import dev.arbiter.core.Message;
import dev.arbiter.core.NonRetriableException;
import dev.arbiter.core.internal.Json;
import dev.arbiter.core.model.ChatRequest;
import dev.arbiter.core.model.Choice;
import dev.arbiter.core.model.TokenUsage;
import dev.arbiter.core.testing.TestImages;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What vLLM receives for a request with images: OpenAI content parts, in order. */
class ImageRequestTest {
  private static final String PATH = "/v1/chat/completions";
  private static final WireMockServer server =
      new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
  private static final byte[] PNG = TestImages.png(2, 2, 0xFF0000);
  private static final String REMOTE = "https://images.example.org/chart.png?sig=abc";

  @BeforeAll
  static void start() {
    server.start();
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  @BeforeEach
  void reset() {
    server.resetAll();
  }

  private VllmJudgeModel model() {
    return VllmJudgeModel.builder()
        .baseUrl("http://127.0.0.1:" + server.port() + "/v1")
        .model("Qwen/Qwen2-VL-7B-Instruct")
        .maxRetries(0)
        .build();
  }

  private static void replyWith(String text) {
    server.stubFor(
        post(urlEqualTo(PATH))
            .willReturn(
                ok().withHeader("Content-Type", "application/json")
                    .withBody(
                        VllmReplies.completion(
                            "Qwen/Qwen2-VL-7B-Instruct",
                            List.of(new Choice(0, text, "stop")),
                            new TokenUsage(900, 6, 0)))));
  }

  private static JsonNode sentBody() throws Exception {
    var events = server.getAllServeEvents();
    assertThat(events).hasSize(1);
    return Json.mapper().readTree(events.get(0).getRequest().getBodyAsString());
  }

  @Test
  void should_send_a_user_turn_with_images_as_text_and_image_url_parts_in_order() throws Exception {
    replyWith("Rating: [[7]]");
    ChatRequest request =
        ChatRequest.builder()
            .message(Message.system("You judge drawings."))
            .message(
                Message.user(
                    List.of(
                        ContentPart.text("The sketch:"),
                        ContentPart.image(Image.fromBytes(PNG)),
                        ContentPart.text("The drawing:"),
                        ContentPart.image(Image.fromUrl(REMOTE)),
                        ContentPart.text("Rate it."))))
            .maxTokens(64)
            .build();

    try (VllmJudgeModel model = model()) {
      assertThat(await(model.chat(request)).choices().get(0).text()).isEqualTo("Rating: [[7]]");
    }

    JsonNode messages = sentBody().get("messages");
    String dataUrl = "data:image/png;base64," + Base64.getEncoder().encodeToString(PNG);
    assertThat(messages)
        .isEqualTo(
            Json.mapper()
                .readTree(
                    """
                    [{"role": "system", "content": "You judge drawings."},
                     {"role": "user", "content": [
                       {"type": "text", "text": "The sketch:"},
                       {"type": "image_url", "image_url": {"url": "%s"}},
                       {"type": "text", "text": "The drawing:"},
                       {"type": "image_url", "image_url": {"url": "%s"}},
                       {"type": "text", "text": "Rate it."}]}]
                    """
                        .formatted(dataUrl, REMOTE)));
  }

  @Test
  void should_keep_sending_text_only_user_turns_as_a_plain_string() throws Exception {
    replyWith("ok");

    try (VllmJudgeModel model = model()) {
      await(model.chat(ChatRequest.builder().message(Message.user("plain")).build()));
    }

    assertThat(sentBody().get("messages").get(0).get("content").isTextual()).isTrue();
  }

  @Test
  void should_fail_not_retriable_with_vllms_message_when_the_served_model_cannot_see_images() {
    server.stubFor(
        post(urlEqualTo(PATH))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        VllmReplies.error(
                            400, "BadRequestError", "Qwen/Qwen3-8B is not a multimodal model"))));
    ChatRequest request =
        ChatRequest.builder()
            .message(Message.user(List.of(ContentPart.image(Image.fromBytes(PNG)))))
            .build();

    try (VllmJudgeModel model = model()) {
      Throwable failure = failureOf(model.chat(request));
      assertThat(failure).isInstanceOf(NonRetriableException.class);
      assertThat(failure.getMessage()).contains("is not a multimodal model");
    }
    assertThat(server.getAllServeEvents()).hasSize(1);
  }
}
