package dev.arbiter.vllm;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.arbiter.core.model.JudgeModelContract.await;
import static dev.arbiter.core.model.JudgeModelContract.failureOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.Message;
import dev.arbiter.core.NonRetriableException;
import dev.arbiter.core.model.ChatRequest;
import dev.arbiter.core.model.ChatResponse;
import dev.arbiter.core.model.Choice;
import dev.arbiter.core.model.JudgeModel;
import dev.arbiter.core.model.ScriptedJudgeModel;
import dev.arbiter.core.model.TokenUsage;
import dev.arbiter.vllm.RoutingJudgeModel.ReplicaState;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link RoutingJudgeModel} over three WireMock servers answering like vLLM replicas. */
class RoutingJudgeModelTest {
  private static final String PATH = "/v1/chat/completions";
  private static final Pattern QUERY = Pattern.compile("query-(\\d+)");

  private final List<WireMockServer> servers = new ArrayList<>();
  private final List<JudgeModel> models = new ArrayList<>();

  @BeforeEach
  void start() {
    for (int i = 0; i < 3; i++) {
      WireMockServer s = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
      s.start();
      s.stubFor(get(urlEqualTo("/health")).willReturn(aResponse().withStatus(200)));
      answer(s, reply());
      servers.add(s);
    }
  }

  @AfterEach
  void stop() {
    models.forEach(JudgeModel::close);
    servers.forEach(WireMockServer::stop);
  }

  private static ResponseDefinitionBuilder reply() {
    return aResponse()
        .withHeader("Content-Type", "application/json")
        .withBody(
            VllmReplies.completion(
                "judge",
                List.of(new Choice(0, "Rating: [[7]]", "stop")),
                new TokenUsage(300, 100, 0)));
  }

  private static void answer(WireMockServer s, ResponseDefinitionBuilder response) {
    s.stubFor(post(urlEqualTo(PATH)).willReturn(response));
  }

  private static ResponseDefinitionBuilder status(int code) {
    return aResponse()
        .withStatus(code)
        .withHeader("Content-Type", "application/json")
        .withBody(VllmReplies.error(code, "Error", "scripted " + code));
  }

  /** Replicas named r0, r1, r2 (fixed names: fixed places on the ring), with /health checks. */
  private RoutingJudgeModel.Builder routing() {
    RoutingJudgeModel.Builder b =
        RoutingJudgeModel.builder()
            .healthCheckEvery(Duration.ofMillis(50))
            .retryBackoff(Duration.ofMillis(5), Duration.ofMillis(40));
    for (int i = 0; i < servers.size(); i++) {
      String root = "http://127.0.0.1:" + servers.get(i).port();
      b.replica(
          "r" + i,
          VllmJudgeModel.builder()
              .baseUrl(root + "/v1")
              .model("judge")
              .maxRetries(0)
              .timeout(Duration.ofSeconds(10))
              .build(),
          URI.create(root + "/health"));
    }
    return b;
  }

  private RoutingJudgeModel open(RoutingJudgeModel.Builder b) {
    RoutingJudgeModel m = b.build();
    models.add(m);
    return m;
  }

  private static ChatRequest request(int query, String candidate) {
    return ChatRequest.builder()
        .message(Message.system("You are a strict judge."))
        .message(Message.user("query-" + query + "\n\nCandidate: " + candidate))
        .maxTokens(32)
        .affinityKey("key-" + query)
        .build();
  }

  private List<LoggedRequest> received(int server) {
    return servers.get(server).findAll(postRequestedFor(urlEqualTo(PATH)));
  }

  private int total() {
    return received(0).size() + received(1).size() + received(2).size();
  }

  /** For each query number, the replicas its calls reached. */
  private Map<Integer, Set<Integer>> replicasByQuery() {
    Map<Integer, Set<Integer>> out = new HashMap<>();
    for (int s = 0; s < servers.size(); s++) {
      for (LoggedRequest r : received(s)) {
        Matcher m = QUERY.matcher(r.getBodyAsString());
        assertThat(m.find()).isTrue();
        out.computeIfAbsent(Integer.parseInt(m.group(1)), q -> new HashSet<>()).add(s);
      }
    }
    return out;
  }

  private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition not met within 5 s").isLessThan(end);
      Thread.sleep(10);
    }
  }

  @Test
  void should_send_every_call_with_one_affinity_key_to_the_same_replica() {
    // given
    RoutingJudgeModel model = open(routing());
    // when: twelve queries, four calls each (think: both orders of two pairs), one at a time
    for (int q = 0; q < 12; q++) {
      for (int c = 0; c < 4; c++) {
        await(model.chat(request(q, "candidate " + c)));
      }
    }
    // then: each query met one replica, and the queries spread over all three
    Map<Integer, Set<Integer>> seen = replicasByQuery();
    assertThat(seen).hasSize(12);
    assertThat(seen.values()).allMatch(s -> s.size() == 1);
    assertThat(seen.values().stream().flatMap(Set::stream).distinct()).hasSize(3);
  }

  @Test
  void should_spread_calls_with_one_key_when_its_replica_is_over_the_load_bound() {
    // given: slow replies, so calls pile up in flight
    servers.forEach(s -> answer(s, reply().withFixedDelay(300)));
    RoutingJudgeModel model = open(routing().loadFactor(1.25));
    // when: 12 calls with one key at once
    List<CompletableFuture<ChatResponse>> calls = new ArrayList<>();
    for (int c = 0; c < 12; c++) {
      calls.add(model.chat(request(1, "candidate " + c)));
    }
    calls.forEach(f -> await(f));
    // then: no replica took more than the bound ceil(1.25 * 12 / 3) = 5 (+1 for picks racing)
    int[] got = {received(0).size(), received(1).size(), received(2).size()};
    assertThat(got[0] + got[1] + got[2]).isEqualTo(12);
    for (int g : got) {
      assertThat(g).isLessThanOrEqualTo(6);
    }
  }

  @Test
  void should_route_by_fewest_calls_in_flight_when_asked_to() {
    // given: replica 0 answers slowly, so its calls stay in flight
    answer(servers.get(0), reply().withFixedDelay(400));
    RoutingJudgeModel model = open(routing().policy(RoutingJudgeModel.Policy.LEAST_OUTSTANDING));
    // when
    List<CompletableFuture<ChatResponse>> calls = new ArrayList<>();
    for (int c = 0; c < 30; c++) {
      calls.add(model.chat(request(c, "x")));
      sleep(10);
    }
    calls.forEach(f -> await(f));
    // then: the slow replica took only a few of them
    assertThat(received(0).size()).isLessThan(received(1).size());
    assertThat(received(0).size()).isLessThan(received(2).size());
  }

  @Test
  void should_eject_a_replica_whose_health_check_fails_and_readmit_it_when_it_passes()
      throws Exception {
    // given
    RoutingJudgeModel model = open(routing());
    servers.get(1).stubFor(get(urlEqualTo("/health")).willReturn(aResponse().withStatus(503)));
    // when
    awaitTrue(() -> model.replicas().get(1).state() == ReplicaState.EJECTED);
    for (int q = 0; q < 30; q++) {
      await(model.chat(request(q, "x")));
    }
    // then: nothing reached the ejected replica
    assertThat(received(1)).isEmpty();
    assertThat(received(0).size() + received(2).size()).isEqualTo(30);

    // when: it passes its checks again
    servers.get(1).stubFor(get(urlEqualTo("/health")).willReturn(aResponse().withStatus(200)));
    awaitTrue(() -> model.replicas().get(1).state() != ReplicaState.EJECTED);
    for (int q = 0; q < 30; q++) {
      await(model.chat(request(q, "y")));
    }
    // then: its keys come back to it, and its probation calls closed its circuit
    assertThat(received(1)).isNotEmpty();
    assertThat(model.replicas().get(1).state()).isEqualTo(ReplicaState.UP);
  }

  @Test
  void should_retry_failed_calls_on_other_replicas_and_eject_the_failing_one() throws Exception {
    // given: replica 0 answers every call with 503; its health check still passes
    answer(servers.get(0), status(503));
    RoutingJudgeModel model =
        open(routing().ejection(3, 5, Duration.ofSeconds(1), 1).maxRetries(3));
    // when
    for (int q = 0; q < 30; q++) {
      ChatResponse r = await(model.chat(request(q, "x")));
      // then: every call is answered
      assertThat(r.choices()).hasSize(1);
    }
    // then: replica 0 saw only the failures that ejected it
    assertThat(received(0)).hasSize(3);
    assertThat(model.replicas().get(0).state()).isEqualTo(ReplicaState.EJECTED);
    assertThat(model.replicas().get(0).failures()).isEqualTo(3);

    // when: it recovers, and its ejection time is over
    answer(servers.get(0), reply());
    sleep(1100);
    for (int q = 0; q < 30; q++) {
      await(model.chat(request(q, "y")));
    }
    // then: a probation call succeeded and it is back
    assertThat(model.replicas().get(0).state()).isEqualTo(ReplicaState.UP);
    assertThat(received(0).size()).isGreaterThan(3);
  }

  @Test
  void should_answer_every_call_when_a_replica_dies_mid_run() {
    // given: replies take a while, so calls are in flight on every replica
    servers.forEach(s -> answer(s, reply().withFixedDelay(200)));
    RoutingJudgeModel model = open(routing().policy(RoutingJudgeModel.Policy.ROUND_ROBIN));
    List<CompletableFuture<ChatResponse>> calls = new ArrayList<>();
    for (int c = 0; c < 30; c++) {
      calls.add(model.chat(request(c, "x")));
    }
    sleep(100);
    // when: replica 2 dies with calls in flight, then more calls arrive
    servers.get(2).stop();
    for (int c = 30; c < 60; c++) {
      calls.add(model.chat(request(c, "x")));
    }
    // then: all 60 calls are answered, by the two survivors
    for (CompletableFuture<ChatResponse> f : calls) {
      assertThat(await(f).choices()).hasSize(1);
    }
    assertThat(model.replicas().get(0).calls() + model.replicas().get(1).calls()).isEqualTo(60);
    assertThat(model.replicas().get(2).calls()).isZero();
  }

  @Test
  void should_fail_at_once_without_trying_other_replicas_when_a_request_is_rejected() {
    servers.forEach(s -> answer(s, status(400)));
    RoutingJudgeModel model = open(routing());

    Throwable failure = failureOf(model.chat(request(1, "x")));

    assertThat(failure).isInstanceOf(NonRetriableException.class);
    assertThat(total()).isEqualTo(1);
    assertThat(model.replicas()).allMatch(r -> r.state() == ReplicaState.UP);
  }

  @Test
  void should_space_calls_to_a_replica_by_its_request_rate_limit() {
    // given: one replica, 20 calls a second (one per 50 ms)
    RoutingJudgeModel model =
        open(
            RoutingJudgeModel.builder()
                .replica("only", ScriptedJudgeModel.of("judge", (r, i) -> "ok"), null)
                .requestRateLimit(20, Duration.ofSeconds(1)));
    // when
    long start = System.nanoTime();
    List<CompletableFuture<ChatResponse>> calls = new ArrayList<>();
    for (int c = 0; c < 11; c++) {
      calls.add(model.chat(request(c, "x")));
    }
    calls.forEach(f -> await(f));
    // then: 11 calls need 10 intervals of 50 ms
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(450));
  }

  @Test
  void should_book_reported_tokens_against_the_token_rate_limit() {
    // given: 2000 tokens a second; each reply reports 300 + 100 tokens (200 ms of budget)
    RoutingJudgeModel model = open(routing().tokenRateLimit(2000, Duration.ofSeconds(1)));
    // when
    long start = System.nanoTime();
    for (int c = 0; c < 6; c++) {
      await(model.chat(request(1, "x")));
    }
    // then: calls 2..6 each waited for the previous call's 400 tokens
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(700));
  }

  @Test
  void should_take_images_only_when_every_replica_does() {
    JudgeModel textOnly =
        new JudgeModel() {
          @Override
          public String id() {
            return "judge";
          }

          @Override
          public CompletableFuture<ChatResponse> chat(ChatRequest request) {
            return CompletableFuture.failedFuture(new NonRetriableException("text only"));
          }
        };
    RoutingJudgeModel vllm = open(routing());
    RoutingJudgeModel mixed =
        open(
            RoutingJudgeModel.builder()
                .replica("a", ScriptedJudgeModel.of("judge", (r, i) -> "x"), null)
                .replica("b", textOnly, null));

    assertThat(vllm.supportsImages()).isTrue();
    assertThat(mixed.supportsImages()).isFalse();
  }

  @Test
  void should_refuse_replicas_of_different_models() {
    assertThatThrownBy(
            () ->
                RoutingJudgeModel.builder()
                    .replica("a", ScriptedJudgeModel.of("judge", (r, i) -> "x"), null)
                    .replica("b", ScriptedJudgeModel.of("other", (r, i) -> "x"), null)
                    .build())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("replicas[1]")
        .hasMessageContaining("other");
  }

  @Test
  void should_check_vllm_health_at_the_server_root() {
    // given: a vLLM replica built from its base URL
    int port = servers.get(0).port();
    RoutingJudgeModel model =
        open(
            RoutingJudgeModel.builder()
                .healthCheckEvery(Duration.ofMillis(50))
                .replica(
                    VllmJudgeModel.builder()
                        .baseUrl("http://127.0.0.1:" + port + "/v1")
                        .model("judge")
                        .build()));
    // then
    assertThat(model.replicas().get(0).endpoint())
        .isEqualTo("http://127.0.0.1:" + port + "/v1/chat/completions");
    servers.get(0).stubFor(get(urlEqualTo("/health")).willReturn(aResponse().withStatus(500)));
    try {
      awaitTrue(() -> model.replicas().get(0).state() == ReplicaState.EJECTED);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
