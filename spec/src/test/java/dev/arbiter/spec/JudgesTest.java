package dev.arbiter.spec;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.JudgeRequest;
import dev.arbiter.core.Status;
import dev.arbiter.core.Verdict;
import dev.arbiter.core.observe.JudgeListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JudgesTest {
  WireMockServer wm;

  @BeforeEach
  void start() {
    wm = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
    wm.start();
    wm.stubFor(
        post(urlEqualTo("/v1/chat/completions"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        """
                        {"id":"chatcmpl-1","object":"chat.completion","created":1732400000,"model":"judge",
                         "choices":[{"index":0,"message":{"role":"assistant","content":"{\\"reasoning\\": \\"Correct and short.\\", \\"score\\": 8}","reasoning_content":null,"tool_calls":[]},
                                     "logprobs":null,"finish_reason":"stop","stop_reason":null}],
                         "usage":{"prompt_tokens":57,"completion_tokens":12,"total_tokens":69,"prompt_tokens_details":{"cached_tokens":48}},
                         "prompt_logprobs":null}
                        """)));
  }

  @AfterEach
  void stop() {
    wm.stop();
  }

  private String spec(String more) {
    return "models:\n  - endpoint: http://127.0.0.1:"
        + wm.port()
        + "/v1\n    model: judge\n"
        + more;
  }

  private static JudgeRequest request() {
    return JudgeRequest.builder().id("q1").query("What is 2+2?").candidate("A", "4").build();
  }

  @Test
  void should_build_a_judge_that_calls_the_spec_endpoint() {
    JudgeSpec spec = JudgeSpecs.parse(spec("verifiers:\n  enabled: false\n"), "judge.yaml");

    try (BuiltJudge built = Judges.fromSpec(spec)) {
      Verdict v = built.judge().judge(request());

      assertThat(v.status()).isEqualTo(Status.SCORED);
      assertThat(v.score()).contains(8.0);
      assertThat(built.description()).contains("model judge at http://127.0.0.1:", "k=1");
    }
    wm.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions")));
  }

  @Test
  void should_apply_the_callers_model_wrapper_and_listeners() {
    JudgeSpec spec = JudgeSpecs.parse(spec("verifiers:\n  enabled: false\n"), "judge.yaml");
    AtomicInteger wrapped = new AtomicInteger();
    AtomicInteger verdicts = new AtomicInteger();
    UnaryOperator<dev.arbiter.core.model.JudgeModel> wrapper =
        m -> {
          wrapped.incrementAndGet();
          return m;
        };
    JudgeListener counting =
        new JudgeListener() {
          @Override
          public void onVerdict(JudgeRequest r, Verdict v, Duration elapsed) {
            verdicts.incrementAndGet();
          }
        };

    try (BuiltJudge built = Judges.fromSpec(spec, new Judges.Hooks(wrapper, List.of(counting)))) {
      built.judge().judge(request());
    }

    assertThat(wrapped).hasValue(1);
    assertThat(verdicts).hasValue(1);
  }

  @Test
  void should_carry_the_spec_rubric_as_the_default_rubric() {
    JudgeSpec spec =
        JudgeSpecs.parse(
            spec("rubric:\n  principles: [\"Be correct\", \"Be brief\"]\n"), "judge.yaml");

    try (BuiltJudge built = Judges.fromSpec(spec)) {
      assertThat(built.defaultRubric())
          .hasValueSatisfying(r -> assertThat(r.criteria()).hasSize(2));
    }
  }

  @Test
  void should_judge_with_verifiers_alone_without_a_model() {
    try (BuiltJudge built = Judges.fromSpec(JudgeSpec.defaults())) {
      assertThat(built.description()).contains("verifiers alone judge");
    }
  }

  @Test
  void should_refuse_a_spec_that_cannot_judge() {
    JudgeSpec nothing = JudgeSpecs.parse("verifiers:\n  enabled: false\n", "s.yaml");

    assertThatThrownBy(() -> Judges.fromSpec(nothing))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("nothing could judge");
  }

  @Test
  void should_refuse_a_meta_judge_without_a_model() {
    JudgeSpec spec = JudgeSpecs.parse("vote:\n  method: meta-judge\n", "s.yaml");

    assertThatThrownBy(() -> Judges.fromSpec(spec)).hasMessageContaining("vote.method");
  }

  @Test
  void should_refuse_an_unknown_verifier_id() {
    JudgeSpec spec = JudgeSpecs.parse("verifiers:\n  only: [no-such-check]\n", "s.yaml");

    assertThatThrownBy(() -> Judges.fromSpec(spec))
        .hasMessageContaining("verifiers.only")
        .hasMessageContaining("no-such-check");
  }

  @Test
  void should_route_over_several_endpoints_of_one_model() {
    // given: two endpoints of the model "judge"; the second is down
    String both =
        spec("")
            + "  - endpoint: http://127.0.0.1:1/v1\n    model: judge\nverifiers:\n  enabled: false\n";
    JudgeSpec spec = JudgeSpecs.parse(both, "judge.yaml");
    try (BuiltJudge built = Judges.fromSpec(spec)) {
      // when: four requests with different queries (different affinity keys)
      for (int q = 0; q < 4; q++) {
        Verdict v =
            built
                .judge()
                .judge(
                    JudgeRequest.builder().id("q" + q).query("Q" + q).candidate("A", "4").build());
        // then: every one is answered, by the replica that is up
        assertThat(v.status()).as(v.reason()).isEqualTo(Status.SCORED);
      }
      assertThat(built.description()).contains("http://127.0.0.1:1/v1");
    }
    wm.verify(4, postRequestedFor(urlEqualTo("/v1/chat/completions")));
  }

  @Test
  void should_refuse_several_endpoints_serving_different_models() {
    String mixed = spec("") + "  - endpoint: http://127.0.0.1:1/v1\n    model: other\n";
    JudgeSpec spec = JudgeSpecs.parse(mixed, "judge.yaml");

    assertThatThrownBy(() -> Judges.fromSpec(spec))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("models[1].model")
        .hasMessageContaining("other");
  }

  @Test
  void should_give_a_records_user_their_learned_profile_and_unknown_users_the_prior(
      @TempDir Path dir) throws Exception {
    // given: profiles as arbiter profile fit writes them
    Files.writeString(
        dir.resolve("ann.yaml"),
        "profile: ann\ncriteria:\n  - {name: brief, description: Short., weight: 3}\n");
    Files.writeString(
        dir.resolve("_population.yaml"),
        "profile: _population\ncriteria:\n  - {name: brief, description: Short., weight: 1}\n");
    JudgeSpec spec = JudgeSpec.defaults().withProfiles(dir.toString());

    // when
    try (BuiltJudge built = Judges.fromSpec(spec)) {
      var byUser = built.userRubrics().orElseThrow();

      // then
      assertThat(byUser.apply("ann").profile()).isEqualTo("ann");
      assertThat(byUser.apply("ann").fallback()).isFalse();
      assertThat(byUser.apply("ann").rubric().criteria().get(0).weight()).isEqualTo(3.0);
      assertThat(byUser.apply("bob").profile()).isEqualTo("_population");
      assertThat(byUser.apply("bob").fallback()).isTrue();
      assertThat(built.description()).contains("learned profiles").contains("1 users");
    }
    try (BuiltJudge none = Judges.fromSpec(JudgeSpec.defaults())) {
      assertThat(none.userRubrics()).isEmpty();
    }
  }

  @Test
  void should_name_the_profiles_field_when_the_directory_is_gone(@TempDir Path dir) {
    JudgeSpec spec = JudgeSpec.defaults().withProfiles(dir.resolve("gone").toString());

    assertThatThrownBy(() -> Judges.fromSpec(spec))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("'profiles'")
        .hasMessageContaining("no such directory");
  }
}
