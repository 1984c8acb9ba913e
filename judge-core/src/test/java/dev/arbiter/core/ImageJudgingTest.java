package dev.arbiter.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbiter.core.cache.RatingProtocol;
import dev.arbiter.core.cache.SampleCache;
import dev.arbiter.core.cache.TieredSampleCache;
import dev.arbiter.core.model.ChatRequest;
import dev.arbiter.core.model.ChatResponse;
import dev.arbiter.core.model.JudgeModel;
import dev.arbiter.core.model.ScriptedJudgeModel;
import dev.arbiter.core.protocol.PromptContext;
import dev.arbiter.core.protocol.Protocol;
import dev.arbiter.core.testing.TestImages;
import dev.arbiter.core.verify.Evidence;
import dev.arbiter.core.verify.Verifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Requests with images through the pipeline: what the model is sent, errors, cache keys. */
class ImageJudgingTest {
  private static final Image RED = Image.fromBytes(TestImages.png(2, 2, 0xFF0000));
  private static final Image BLUE = Image.fromBytes(TestImages.png(2, 2, 0x0000FF));

  /** Shows the query's and the candidate's parts in place; reads "Rating: [[n]]". */
  static final class PartsProtocol implements Protocol {
    private static final Pattern RATING = Pattern.compile("Rating: \\[\\[(\\d+)]]");

    @Override
    public String id() {
      return "parts";
    }

    @Override
    public String version() {
      return "1";
    }

    @Override
    public Set<Mode> modes() {
      return Set.of(Mode.POINTWISE);
    }

    @Override
    public List<Message> render(PromptContext ctx) {
      List<ContentPart> parts = new ArrayList<>();
      parts.add(ContentPart.text("Query:"));
      parts.addAll(ctx.conversation().get(ctx.conversation().size() - 1).contentParts());
      parts.add(ContentPart.text("Response:"));
      parts.addAll(ctx.candidates().get(0).contentParts());
      return List.of(Message.system("Rate the response."), Message.user(parts));
    }

    @Override
    public Judgement parse(String text, String finishReason, PromptContext ctx) {
      Matcher m = RATING.matcher(text);
      return m.find()
          ? Judgement.ofScore(Double.parseDouble(m.group(1)), List.of(), text)
          : Judgement.unscored("no rating", text);
    }
  }

  private static JudgeRequest request(Image shown) {
    return JudgeRequest.builder()
        .id("img-1")
        .mode(Mode.POINTWISE)
        .query(List.of(ContentPart.text("Draw a red square."), ContentPart.image(RED)))
        .candidate(
            Candidate.of("A", List.of(ContentPart.text("Here it is:"), ContentPart.image(shown))))
        .build();
  }

  private static Judge judge(JudgeModel model, Protocol protocol, SampleCache cache) {
    return Judge.builder().model(model).protocol(protocol).cache(cache).build();
  }

  @Test
  void should_send_the_query_and_candidate_images_as_parts_where_the_protocol_put_them() {
    ScriptedJudgeModel model = ScriptedJudgeModel.constant("vl", "Rating: [[8]]");

    Verdict v = judge(model, new PartsProtocol(), SampleCache.none()).judge(request(BLUE));

    assertThat(v.status()).isEqualTo(Status.SCORED);
    Message user = model.requests().get(0).messages().get(1);
    assertThat(user.parts())
        .containsExactly(
            ContentPart.text("Query:"),
            ContentPart.text("Draw a red square."),
            ContentPart.image(RED),
            ContentPart.text("Response:"),
            ContentPart.text("Here it is:"),
            ContentPart.image(BLUE));
  }

  @Test
  void should_give_an_error_verdict_naming_the_model_when_it_takes_text_only() {
    JudgeModel textOnly =
        new JudgeModel() {
          @Override
          public String id() {
            return "text-8b";
          }

          @Override
          public CompletableFuture<ChatResponse> chat(ChatRequest request) {
            throw new AssertionError("a text-only model must not be called with images");
          }
        };

    Verdict v = judge(textOnly, new PartsProtocol(), SampleCache.none()).judge(request(BLUE));

    assertThat(v.status()).isEqualTo(Status.ERROR);
    assertThat(v.reason())
        .contains("not retriable")
        .contains("carries 2 image(s)")
        .contains("model text-8b takes text only");
  }

  @Test
  void should_give_an_error_verdict_when_only_verifiers_would_judge_the_images() {
    Verifier nonEmpty =
        new Verifier() {
          @Override
          public String id() {
            return "non-empty";
          }

          @Override
          public boolean appliesTo(JudgeRequest request, Candidate candidate) {
            return true;
          }

          @Override
          public Evidence verify(JudgeRequest request, Candidate candidate) {
            return candidate.text().isBlank()
                ? Evidence.fail(this, candidate.id(), "empty", Duration.ZERO)
                : Evidence.pass(this, candidate.id(), "has text", Duration.ZERO);
          }
        };

    Verdict v = Judge.builder().verifier(nonEmpty).build().judge(request(BLUE));

    assertThat(v.status()).isEqualTo(Status.ERROR);
    assertThat(v.reason()).contains("no judge model is set and verifiers read text only");
  }

  @Test
  void should_give_an_error_verdict_when_the_protocol_leaves_the_images_out() {
    ScriptedJudgeModel model = ScriptedJudgeModel.constant("vl", "Rating: [[8]]");

    Verdict v = judge(model, new RatingProtocol(), SampleCache.none()).judge(request(BLUE));

    assertThat(v.status()).isEqualTo(Status.ERROR);
    assertThat(v.reason())
        .contains("protocol 'test-rating' left 2 of the request's 2 image(s) out");
    assertThat(model.calls()).isZero();
  }

  @Test
  void should_call_the_model_again_when_only_the_candidates_image_differs() {
    ScriptedJudgeModel model = ScriptedJudgeModel.constant("vl", "Rating: [[8]]");
    Judge judge = judge(model, new PartsProtocol(), TieredSampleCache.builder().build());

    judge.judge(request(BLUE));
    Verdict again = judge.judge(request(Image.fromBytes(TestImages.png(2, 2, 0x0000FF))));
    assertThat(again.usage().cacheHits()).isEqualTo(1);
    assertThat(model.calls()).isEqualTo(1);

    Verdict other = judge.judge(request(Image.fromBytes(TestImages.png(2, 2, 0x00FF00))));
    assertThat(other.usage().cacheMisses()).isEqualTo(1);
    assertThat(model.calls()).isEqualTo(2);
  }

  @Test
  void should_key_a_sample_by_each_images_hash_without_its_base64() {
    Sampler sampler = new Sampler(ScriptedJudgeModel.constant("vl", ""), SampleCache.none(), "p@1");
    ChatRequest blue =
        ChatRequest.builder().messages(new PartsProtocol().render(context(BLUE))).build();
    ChatRequest red =
        ChatRequest.builder().messages(new PartsProtocol().render(context(RED))).build();

    String material = sampler.keyMaterial(blue, 0);

    assertThat(material)
        .contains(BLUE.sha256())
        .contains(RED.sha256())
        .doesNotContain(BLUE.base64().orElseThrow())
        .doesNotContain(RED.base64().orElseThrow());
    assertThat(sampler.key(blue, 0)).isNotEqualTo(sampler.key(red, 0));
    assertThat(sampler.key(blue, 0)).isNotEqualTo(sampler.key(blue, 1));
  }

  @Test
  void should_leave_the_keys_of_text_only_requests_as_they_were() {
    Sampler sampler = new Sampler(ScriptedJudgeModel.constant("vl", ""), SampleCache.none(), "p@1");
    ChatRequest text =
        ChatRequest.builder().message(Message.system("s")).message(Message.user("q")).build();

    // The messages enter the key as they always did: role, content, toolCalls, toolCallId.
    assertThat(sampler.keyMaterial(text, 0))
        .contains(
            "\"messages\":[{\"role\":\"SYSTEM\",\"content\":\"s\",\"toolCalls\":[],"
                + "\"toolCallId\":null},{\"role\":\"USER\",\"content\":\"q\",\"toolCalls\":[],"
                + "\"toolCallId\":null}]");
  }

  private static PromptContext context(Image shown) {
    JudgeRequest r = request(shown);
    return new PromptContext(
        r.mode(),
        r.conversation(),
        r.candidates(),
        r.reference(),
        r.rubric(),
        Scale.ONE_TO_TEN,
        List.of());
  }
}
