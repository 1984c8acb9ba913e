package dev.arbiter.langchain4j;

import static dev.arbiter.core.model.JudgeModelContract.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.arbiter.core.ContentPart;
import dev.arbiter.core.Image;
import dev.arbiter.core.Message;
import dev.arbiter.core.model.ChatRequest;
import dev.arbiter.core.testing.TestImages;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import java.net.URI;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A user turn with images becomes a LangChain4j user message of text and image contents. */
class ImageMessagesTest {
  private static final byte[] PNG = TestImages.png(2, 2, 0x00FF00);

  @Test
  void should_map_text_and_images_to_langchain4j_contents_in_order() {
    FakeChatModel chat = new FakeChatModel("vision");
    chat.script(r -> FakeChatModel.reply("Rating: [[6]]", FinishReason.STOP, new TokenUsage(1, 1)));
    ChatRequest request =
        ChatRequest.builder()
            .message(Message.system("Judge."))
            .message(
                Message.user(
                    List.of(
                        ContentPart.text("Look:"),
                        ContentPart.image(Image.fromBytes(PNG)),
                        ContentPart.image(Image.fromUrl("https://img.example.org/b.jpg")))))
            .build();

    try (LangChain4jJudgeModel model = LangChain4jJudgeModel.builder().chatModel(chat).build()) {
      assertThat(model.supportsImages()).isTrue();
      assertThat(await(model.chat(request)).choices().get(0).text()).isEqualTo("Rating: [[6]]");
    }

    UserMessage user = (UserMessage) chat.requests().get(0).messages().get(1);
    List<Content> contents = user.contents();
    assertThat(contents).hasSize(3);
    assertThat(((TextContent) contents.get(0)).text()).isEqualTo("Look:");
    ImageContent inline = (ImageContent) contents.get(1);
    assertThat(inline.image().base64Data()).isEqualTo(Base64.getEncoder().encodeToString(PNG));
    assertThat(inline.image().mimeType()).isEqualTo("image/png");
    assertThat(((ImageContent) contents.get(2)).image().url())
        .isEqualTo(URI.create("https://img.example.org/b.jpg"));
  }
}
