package dev.arbiter.server;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.arbiter.core.internal.Json;
import dev.arbiter.spec.BuiltJudge;
import dev.arbiter.spec.JudgeSpecs;
import dev.arbiter.spec.Judges;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A spec's learned profiles over HTTP: a request's {@code user} is judged by that user's profile,
 * as {@code arbiter judge --profiles} does, through a judge built by {@code Judges.fromSpec}.
 */
class ProfilesOverHttpTest {
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  WireMockServer model;
  BuiltJudge built;
  ArbiterServer server;
  @TempDir Path dir;

  @BeforeEach
  void start() throws Exception {
    // A judge model (vLLM-shaped JSON) that finds every answer brief (5 of 5) and shallow (1 of 5).
    model = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
    model.start();
    model.stubFor(
        post(urlEqualTo("/v1/chat/completions"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        """
                        {"id":"chatcmpl-1","object":"chat.completion","created":1732400000,"model":"judge",
                         "choices":[{"index":0,"message":{"role":"assistant","content":"{\\"reasoning\\": \\"Short, no derivation.\\", \\"score\\": 5, \\"criteria\\": {\\"brief\\": {\\"score\\": 5}, \\"deep\\": {\\"score\\": 1}}}","tool_calls":[]},
                                     "logprobs":null,"finish_reason":"stop"}],
                         "usage":{"prompt_tokens":90,"completion_tokens":30,"total_tokens":120}}
                        """)));
    Path profiles = Files.createDirectories(dir.resolve("profiles"));
    profile(profiles, "fan-of-brief", 9, 1);
    profile(profiles, "fan-of-depth", 1, 9);
    profile(profiles, "_population", 1, 1);
    Path spec = dir.resolve("judge.yaml");
    Files.writeString(
        spec,
        "models:\n  - endpoint: http://127.0.0.1:"
            + model.port()
            + "/v1\n    model: judge\nverifiers: {enabled: false}\nprofiles: profiles\n");
    built = Judges.fromSpec(JudgeSpecs.load(spec));
    server =
        ArbiterServer.builder()
            .judge(built.judge())
            .defaultRubric(built.defaultRubric())
            .userRubrics(built.userRubrics())
            .port(0)
            .build()
            .start();
  }

  @AfterEach
  void stop() {
    server.drainAndStop(Duration.ofSeconds(5));
    built.close();
    model.stop();
  }

  private static void profile(Path dir, String user, double brief, double deep) throws Exception {
    Files.writeString(
        dir.resolve(user + ".yaml"),
        """
        profile: %s
        criteria:
          - {name: brief, description: Short., weight: %s}
          - {name: deep, description: Derives the answer., weight: %s}
        """
            .formatted(user, brief, deep));
  }

  private HttpResponse<String> call(String path, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .timeout(Duration.ofSeconds(20))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String record(String id, String user) {
    return "{\"id\": \""
        + id
        + "\", \"user\": \""
        + user
        + "\", \"query\": \"Why is the sky blue?\", \"response\": \"Rayleigh scattering.\"}";
  }

  @Test
  void should_score_the_same_record_by_each_users_learned_profile() throws Exception {
    // when
    JsonNode brief = Json.mapper().readTree(call("/v1/judge", record("q", "fan-of-brief")).body());
    JsonNode deep = Json.mapper().readTree(call("/v1/judge", record("q", "fan-of-depth")).body());

    // then: weights 9:1 on (brief 5/5, deep 1/5) give 0.9 of the 1-10 scale, 1:9 give 0.1
    assertThat(brief.path("status").asText()).isEqualTo("SCORED");
    assertThat(brief.path("score").asDouble()).isCloseTo(1 + 9 * 0.9, within(1e-9));
    assertThat(deep.path("score").asDouble()).isCloseTo(1 + 9 * 0.1, within(1e-9));
    assertThat(brief.path("profile").path("name").asText()).isEqualTo("fan-of-brief");
    assertThat(brief.path("profile").path("fallback").asBoolean()).isFalse();
    assertThat(deep.path("profile").path("user").asText()).isEqualTo("fan-of-depth");
  }

  @Test
  void should_give_unknown_users_the_population_prior_and_flag_them_in_a_batch() throws Exception {
    // when
    HttpResponse<String> r =
        call(
            "/v1/judge/batch",
            String.join(
                "\n",
                record("a", "fan-of-brief"),
                record("b", "stranger"),
                "{\"id\": \"c\", \"query\": \"Why is the sky blue?\", \"response\": \"Rayleigh"
                    + " scattering.\"}"));

    // then
    assertThat(r.statusCode()).isEqualTo(200);
    Map<String, JsonNode> byId = new HashMap<>();
    for (String line : r.body().strip().split("\n")) {
      JsonNode n = Json.mapper().readTree(line);
      byId.put(n.path("id").asText(), n);
    }
    assertThat(byId.get("a").path("score").asDouble()).isCloseTo(9.1, within(1e-9));
    JsonNode stranger = byId.get("b");
    assertThat(stranger.path("score").asDouble()).isCloseTo(5.5, within(1e-9));
    assertThat(stranger.path("profile").path("name").asText()).isEqualTo("_population");
    assertThat(stranger.path("profile").path("fallback").asBoolean()).isTrue();
    // No user: no profile; the model's own score stands (the spec has no rubric).
    assertThat(byId.get("c").has("profile")).isFalse();
    assertThat(byId.get("c").path("score").asDouble()).isEqualTo(5.0);
  }
}
