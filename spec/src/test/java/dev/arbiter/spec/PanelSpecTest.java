package dev.arbiter.spec;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.arbiter.core.Composition;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.JudgeRequest;
import dev.arbiter.core.Status;
import dev.arbiter.core.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PanelSpecTest {
  WireMockServer wm;
  @TempDir Path dir;

  @BeforeEach
  void start() {
    wm = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
    wm.start();
    answer("small", 4);
    answer("large", 10);
  }

  /** The vLLM-shaped reply of model {@code model}: a JSON-protocol score. */
  private void answer(String model, int score) {
    wm.stubFor(
        post(urlEqualTo("/v1/chat/completions"))
            .withRequestBody(matchingJsonPath("$.model", equalTo(model)))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        """
                        {"id":"chatcmpl-1","object":"chat.completion","created":1732400000,"model":"%s",
                         "choices":[{"index":0,"message":{"role":"assistant","content":"{\\"reasoning\\": \\"ok\\", \\"score\\": %d}","reasoning_content":null,"tool_calls":[]},
                                     "logprobs":null,"finish_reason":"stop","stop_reason":null}],
                         "usage":{"prompt_tokens":57,"completion_tokens":12,"total_tokens":69,"prompt_tokens_details":{"cached_tokens":0}},
                         "prompt_logprobs":null}
                        """
                            .formatted(model, score))));
  }

  @AfterEach
  void stop() {
    wm.stop();
  }

  private String endpoint() {
    return "http://127.0.0.1:" + wm.port() + "/v1";
  }

  private static JudgeRequest request() {
    return JudgeRequest.builder().id("q1").query("What is 2+2?").candidate("A", "4").build();
  }

  @Test
  void should_build_a_weighted_panel_of_an_inline_member_and_a_spec_file_sharing_one_cache()
      throws Exception {
    // given: "large" inline with weight 3, "small" from its own spec file with weight 1
    Path small = dir.resolve("small.yaml");
    Files.writeString(
        small,
        "models:\n  - endpoint: "
            + endpoint()
            + "\n    model: small\n"
            + "verifiers: {enabled: false}\n");
    String text =
        "verifiers: {enabled: false}\n"
            + "cache: {store: "
            + dir.resolve("cache")
            + "}\n"
            + "panel:\n"
            + "  - models: [{endpoint: "
            + endpoint()
            + ", model: large}]\n"
            + "    weight: 3\n"
            + "  - spec: "
            + small
            + "\n";
    JudgeSpec spec = JudgeSpecs.parse(text, "panel.yaml");
    // when
    Verdict v;
    Verdict again;
    try (BuiltJudge built = Judges.fromSpec(spec)) {
      v = built.judge().judge(request());
      again = built.judge().judge(request());
      assertThat(built.description()).startsWith("panel of 2: large (weight 3.0)");
    }
    // then: normalised (3 × 1 + 1 × 1/3) / 4 = 5/6 → 1 + 9 × 5/6 = 8.5
    assertThat(v.status()).isEqualTo(Status.SCORED);
    assertThat(v.score().get()).isCloseTo(8.5, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(v.confidence().agreement()).isEqualTo(0.75);
    Composition c = v.composition().orElseThrow();
    assertThat(c.members()).extracting(Composition.Member::name).containsExactly("large", "small");
    assertThat(c.members()).extracting(Composition.Member::weight).containsExactly(3.0, 1.0);
    // the second judgement of each member comes from the shared cache
    wm.verify(2, postRequestedFor(urlEqualTo("/v1/chat/completions")));
    assertThat(again.usage().cacheHits()).isEqualTo(2);
    assertThat(again.score()).isEqualTo(v.score());
  }

  @Test
  void should_name_the_field_of_a_bad_panel_member() {
    String both =
        "panel:\n  - spec: a.yaml\n    models: [{endpoint: http://127.0.0.1:1/v1, model: m}]\n"
            + "  - spec: b.yaml\n";
    assertThatThrownBy(() -> JudgeSpecs.parse(both, "panel.yaml"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("panel.yaml:2")
        .hasMessageContaining("panel")
        .hasMessageContaining("not both");
    assertThatThrownBy(
            () ->
                JudgeSpecs.parse(
                    "panel:\n  - spec: a.yaml\n    weight: 0\n  - spec: b.yaml\n", "p.yaml"))
        .hasMessageContaining("weight")
        .hasMessageContaining("must be > 0 but was 0.0");
    assertThatThrownBy(() -> JudgeSpecs.parse("panel:\n  - spec: a.yaml\n", "p.yaml"))
        .hasMessageContaining("at least two members");
  }

  @Test
  void should_build_a_cascade_of_two_spec_files_named_after_them() throws Exception {
    Path cheap = dir.resolve("cheap.yaml");
    Files.writeString(
        cheap,
        "models:\n  - endpoint: "
            + endpoint()
            + "\n    model: small\nverifiers: {enabled: false}\n");
    Path strong = dir.resolve("strong.yaml");
    Files.writeString(
        strong,
        "models:\n  - endpoint: "
            + endpoint()
            + "\n    model: large\nverifiers: {enabled: false}\n");

    try (BuiltJudge built = Ensembles.cascade(cheap, strong, 0.5, Judges.Hooks.none())) {
      Verdict v = built.judge().judge(request());

      // one sample is unanimous: agreement 1 ≥ 0.5, so the cheap judge decides
      assertThat(v.score()).contains(4.0);
      assertThat(v.composition().orElseThrow().stage()).contains("cheap");
      assertThat(built.description()).startsWith("cascade: cheap decides at confidence >= 0.5");
    }
    try (BuiltJudge built =
        Ensembles.cascade(cheap, strong, Double.POSITIVE_INFINITY, Judges.Hooks.none())) {
      Verdict v = built.judge().judge(request());

      assertThat(v.score()).contains(10.0);
      assertThat(v.composition().orElseThrow().stage()).contains("strong");
    }
  }
}
