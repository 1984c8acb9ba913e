package dev.arbiter.vllm;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.arbiter.core.model.JudgeModelContract.await;
import static dev.arbiter.core.model.JudgeModelContract.failureOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.Message;
import dev.arbiter.core.NonRetriableException;
import dev.arbiter.core.RetriableException;
import dev.arbiter.core.model.ChatRequest;
import dev.arbiter.core.model.ChatResponse;
import dev.arbiter.core.model.Choice;
import dev.arbiter.core.model.ResponseSchema;
import dev.arbiter.core.model.TokenLogprob;
import dev.arbiter.core.model.TokenUsage;
import dev.arbiter.core.model.ToolCall;
import dev.arbiter.core.model.ToolSpec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link VllmJudgeModel} against WireMock serving vLLM-shaped replies and faults. */
class VllmJudgeModelTest {
  private static final String PATH = "/v1/chat/completions";
  private static final String KEY = "sk-arbiter-test-5f1d9c0b7e";
  private static final WireMockServer server =
      new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

  /** Waits the model asked for; they are recorded and skipped so the tests run in milliseconds. */
  private final RecordingScheduler scheduler = new RecordingScheduler();

  private final List<Duration> waits = scheduler.waits;

  private final List<VllmJudgeModel> models = new ArrayList<>();

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

  @AfterEach
  void closeModels() {
    models.forEach(VllmJudgeModel::close);
  }

  private String baseUrl() {
    return "http://127.0.0.1:" + server.port() + "/v1";
  }

  private String endpoint() {
    return baseUrl() + "/chat/completions";
  }

  private VllmJudgeModel.Builder builder() {
    return VllmJudgeModel.builder()
        .baseUrl(baseUrl())
        .model("judge-8b")
        .maxRetries(3)
        .retryBackoff(Duration.ofMillis(100), Duration.ofMillis(250))
        .timeout(Duration.ofSeconds(10))
        .discoverRevision(false)
        .jitter(0) // waits are exactly the backoff
        .scheduler(scheduler);
  }

  private VllmJudgeModel model(VllmJudgeModel.Builder b) {
    VllmJudgeModel m = b.build();
    models.add(m);
    return m;
  }

  private VllmJudgeModel model() {
    return model(builder());
  }

  private static ChatRequest.Builder request() {
    return ChatRequest.builder()
        .message(Message.system("You are a strict judge."))
        .message(Message.user("Rate the answer from 1 to 10."))
        .maxTokens(32);
  }

  private static ResponseDefinitionBuilder json(String body) {
    return ok().withHeader("Content-Type", "application/json").withBody(body);
  }

  private static ResponseDefinitionBuilder error(int status, String message) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(VllmReplies.error(status, "Error", message));
  }

  private static void stubInOrder(ResponseDefinitionBuilder... replies) {
    for (int i = 0; i < replies.length; i++) {
      server.stubFor(
          post(urlEqualTo(PATH))
              .inScenario("sequence")
              .whenScenarioStateIs(i == 0 ? STARTED : "step-" + i)
              .willSetStateTo("step-" + (i + 1))
              .willReturn(replies[i]));
    }
  }

  private static int calls() {
    return server.findAll(postRequestedFor(urlEqualTo(PATH))).size();
  }

  @Nested
  class Replies {

    @Test
    void should_return_every_choice_with_its_logprobs_finish_reason_and_cached_tokens() {
      server.stubFor(
          post(urlEqualTo(PATH))
              .willReturn(
                  json(VllmReplies.fixture("chat-n3-logprobs.json"))
                      .withHeader("x-request-id", "req-42")));

      ChatResponse r = await(model().chat(request().n(3).topLogprobs(2).build()));

      assertThat(r.model()).isEqualTo("judge-8b");
      assertThat(r.requestId()).contains("req-42");
      assertThat(r.choices()).extracting(Choice::index).containsExactly(0, 1, 2);
      assertThat(r.choices())
          .extracting(Choice::text)
          .containsExactly("Rating: [[8]]", "Rating: [[7]]", "The answer is");
      assertThat(r.choices())
          .extracting(Choice::finishReason)
          .containsExactly("stop", "stop", "length");
      assertThat(r.choices().get(2).truncated()).isTrue();
      TokenLogprob eight = r.choices().get(0).logprobs().get(3);
      assertThat(eight.token()).isEqualTo("8");
      assertThat(eight.logprob()).isEqualTo(-0.4155);
      assertThat(eight.top())
          .containsExactly(
              new TokenLogprob.TopLogprob("8", -0.4155), new TokenLogprob.TopLogprob("7", -1.1698));
      assertThat(r.choices()).allSatisfy(c -> assertThat(c.logprobs()).isNotEmpty());
      assertThat(r.choices().get(1).logprobs()).hasSize(5);
      assertThat(r.usage()).isEqualTo(new TokenUsage(412, 13, 384));
    }

    @Test
    void should_use_the_completion_id_as_request_id_when_no_header_names_one() {
      server.stubFor(
          post(urlEqualTo(PATH)).willReturn(json(VllmReplies.fixture("chat-n3-logprobs.json"))));

      ChatResponse r = await(model().chat(request().n(3).build()));

      assertThat(r.requestId()).contains("chatcmpl-8d1f0c2a6b3e4f5a9c7d2e1b0a3f4c5d");
    }

    @Test
    void should_order_choices_by_index_when_the_server_lists_them_out_of_order() {
      List<Choice> shuffled =
          List.of(
              new Choice(2, "c", "stop"), new Choice(0, "a", "stop"), new Choice(1, "b", "length"));
      server.stubFor(
          post(urlEqualTo(PATH))
              .willReturn(
                  json(VllmReplies.completion("judge-8b", shuffled, new TokenUsage(3, 3, 0)))));

      ChatResponse r = await(model().chat(request().n(3).build()));

      assertThat(r.choices()).extracting(Choice::text).containsExactly("a", "b", "c");
      assertThat(r.choices())
          .extracting(Choice::finishReason)
          .containsExactly("stop", "length", "stop");
    }

    @Test
    void should_parse_tool_calls_and_report_no_cached_tokens_when_details_are_null() {
      server.stubFor(
          post(urlEqualTo(PATH)).willReturn(json(VllmReplies.fixture("chat-tool-call.json"))));

      ChatResponse r = await(model().chat(request().build()));

      Choice c = r.choices().get(0);
      assertThat(c.text()).isEmpty();
      assertThat(c.finishReason()).isEqualTo("tool_calls");
      assertThat(c.toolCalls())
          .containsExactly(
              new ToolCall(
                  "chatcmpl-tool-3c1d9e7f2a6b4c58",
                  "run_tests",
                  "{\"language\": \"python\", \"code\": \"assert add(2, 3) == 5\"}"));
      assertThat(r.usage()).isEqualTo(new TokenUsage(233, 29, 0));
    }

    @Test
    void should_keep_the_choices_it_got_and_ask_again_only_for_the_missing_ones() {
      stubInOrder(
          json(
              VllmReplies.completion(
                  "judge-8b",
                  List.of(new Choice(0, "Rating: [[8]]", "stop")),
                  new TokenUsage(100, 5, 0))),
          json(
              VllmReplies.completion(
                  "judge-8b",
                  List.of(
                      new Choice(0, "Rating: [[7]]", "stop"),
                      new Choice(1, "Rating: [[6]]", "stop"),
                      new Choice(2, "Rating: [[9]]", "stop")),
                  new TokenUsage(100, 15, 96))));

      ChatResponse r = await(model().chat(request().n(4).seed(10L).build()));

      assertThat(r.choices()).extracting(Choice::index).containsExactly(0, 1, 2, 3);
      assertThat(r.choices())
          .extracting(Choice::text)
          .containsExactly("Rating: [[8]]", "Rating: [[7]]", "Rating: [[6]]", "Rating: [[9]]");
      assertThat(r.usage()).isEqualTo(new TokenUsage(200, 20, 96));
      // The second call asks for the 3 missing choices, seeded past the one already here.
      server.verify(
          exactly(1),
          postRequestedFor(urlEqualTo(PATH))
              .withRequestBody(matchingJsonPath("$.n", equalTo("3")))
              .withRequestBody(matchingJsonPath("$.seed", equalTo("11"))));
      assertThat(calls()).isEqualTo(2);
    }

    @Test
    void should_return_the_choices_it_got_when_the_server_keeps_sending_too_few() {
      server.stubFor(
          post(urlEqualTo(PATH))
              .willReturn(
                  json(
                      VllmReplies.completion(
                          "judge-8b", List.of(new Choice(0, "a", "stop")), TokenUsage.ZERO))));

      ChatResponse r = await(model(builder().maxRetries(1)).chat(request().n(4).build()));

      assertThat(r.choices()).extracting(Choice::text).containsExactly("a", "a");
      assertThat(calls()).isEqualTo(2);
    }

    @Test
    void should_fail_with_retriable_exception_when_no_attempt_brought_a_choice() {
      server.stubFor(
          post(urlEqualTo(PATH))
              .willReturn(json(VllmReplies.completion("judge-8b", List.of(), TokenUsage.ZERO))));

      Throwable failure = failureOf(model(builder().maxRetries(2)), request().n(2).build());

      assertThat(failure)
          .isInstanceOf(RetriableException.class)
          .hasMessageContaining("for 2 choices but got none in 3 attempts");
      assertThat(calls()).isEqualTo(3);
    }
  }

  @Nested
  class RequestBody {

    @Test
    void should_send_sampling_parameters_n_seed_and_logprobs() {
      server.stubFor(
          post(urlEqualTo(PATH)).willReturn(json(VllmReplies.fixture("chat-n3-logprobs.json"))));

      await(
          model()
              .chat(request().n(3).seed(1234L).temperature(0.7).topP(0.95).topLogprobs(2).build()));

      server.verify(
          postRequestedFor(urlEqualTo(PATH))
              .withRequestBody(
                  equalToJson(
                      """
                      {"model":"judge-8b","n":3,"seed":1234,"temperature":0.7,"top_p":0.95,
                       "max_tokens":32,"logprobs":true,"top_logprobs":2,
                       "messages":[{"role":"system","content":"You are a strict judge."},
                                   {"role":"user","content":"Rate the answer from 1 to 10."}]}
                      """,
                      false,
                      false)));
    }

    @Test
    void should_send_response_format_json_schema_when_the_request_has_a_schema() {
      server.stubFor(
          post(urlEqualTo(PATH)).willReturn(json(VllmReplies.fixture("chat-tool-call.json"))));
      String schema =
          """
          {"type":"object","properties":{"score":{"type":"integer","minimum":1,"maximum":10}},
           "required":["score"]}""";

      await(model().chat(request().responseSchema(new ResponseSchema("verdict", schema)).build()));

      server.verify(
          postRequestedFor(urlEqualTo(PATH))
              .withRequestBody(
                  equalToJson(
                      """
                      {"response_format":{"type":"json_schema","json_schema":{"name":"verdict",
                        "schema":{"type":"object",
                          "properties":{"score":{"type":"integer","minimum":1,"maximum":10}},
                          "required":["score"]}}}}
                      """,
                      false,
                      true)));
    }

    @Test
    void should_pass_vllm_extra_fields_with_request_values_overriding_the_defaults() {
      server.stubFor(
          post(urlEqualTo(PATH)).willReturn(json(VllmReplies.fixture("chat-tool-call.json"))));
      VllmJudgeModel m =
          model(builder().extraBody("top_k", 50).extraBody("repetition_penalty", 1.05));

      await(
          m.chat(
              request()
                  .extra("top_k", 20)
                  .extra("chat_template_kwargs", Map.of("enable_thinking", false))
                  .extra("structured_outputs", Map.of("choice", List.of("A", "B", "tie")))
                  .build()));

      server.verify(
          postRequestedFor(urlEqualTo(PATH))
              .withRequestBody(
                  equalToJson(
                      """
                      {"top_k":20,"repetition_penalty":1.05,
                       "chat_template_kwargs":{"enable_thinking":false},
                       "structured_outputs":{"choice":["A","B","tie"]}}
                      """,
                      false,
                      true)));
    }

    @Test
    void should_send_function_tools_and_a_tool_call_round_trip() {
      server.stubFor(
          post(urlEqualTo(PATH)).willReturn(json(VllmReplies.fixture("chat-tool-call.json"))));
      ToolCall call = new ToolCall("call-1", "run_tests", "{\"code\":\"assert f()\"}");

      await(
          model()
              .chat(
                  ChatRequest.builder()
                      .message(Message.user("Check the code."))
                      .message(Message.assistantToolCalls("", List.of(call)))
                      .message(Message.toolResult("call-1", "1 passed"))
                      .tools(
                          List.of(
                              new ToolSpec(
                                  "run_tests",
                                  "Runs unit tests in a sandbox",
                                  "{\"type\":\"object\",\"properties\":{\"code\":{\"type\":\"string\"}}}")))
                      .build()));

      server.verify(
          postRequestedFor(urlEqualTo(PATH))
              .withRequestBody(
                  equalToJson(
                      """
                      {"tools":[{"type":"function","function":{"name":"run_tests",
                         "description":"Runs unit tests in a sandbox",
                         "parameters":{"type":"object","properties":{"code":{"type":"string"}}}}}],
                       "messages":[{"role":"user","content":"Check the code."},
                         {"role":"assistant","tool_calls":[{"id":"call-1","type":"function",
                           "function":{"name":"run_tests","arguments":"{\\"code\\":\\"assert f()\\"}"}}]},
                         {"role":"tool","tool_call_id":"call-1","content":"1 passed"}]}
                      """,
                      false,
                      true)));
    }

    @Test
    void should_leave_n_out_and_expect_one_choice_when_the_server_does_not_support_n() {
      server.stubFor(
          post(urlEqualTo(PATH)).willReturn(json(VllmReplies.fixture("chat-tool-call.json"))));
      VllmJudgeModel m = model(builder().supportsN(false));

      ChatResponse r = await(m.chat(request().n(5).build()));

      assertThat(m.supportsN()).isFalse();
      assertThat(r.choices()).hasSize(1);
      server.verify(
          postRequestedFor(urlEqualTo(PATH)).withRequestBody(matchingJsonPath("$[?(!@.n)]")));
    }

    @Test
    void should_send_the_api_key_as_a_bearer_token() {
      server.stubFor(
          post(urlEqualTo(PATH)).willReturn(json(VllmReplies.fixture("chat-tool-call.json"))));

      await(model(builder().apiKey(KEY)).chat(request().build()));

      server.verify(
          postRequestedFor(urlEqualTo(PATH)).withHeader("Authorization", equalTo("Bearer " + KEY)));
    }

    @Test
    void should_fail_without_a_call_when_a_tool_message_names_no_call() {
      ChatRequest bad =
          ChatRequest.builder().message(new Message(dev.arbiter.core.Role.TOOL, "42")).build();

      Throwable failure = failureOf(model(), bad);

      assertThat(failure)
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("messages[0].tool_call_id");
      assertThat(calls()).isZero();
    }

    @Test
    void should_fail_without_a_call_when_an_extra_field_is_not_json() {
      Throwable failure = failureOf(model(), request().extra("top_k", new Object()).build());

      assertThat(failure)
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("extra_body.top_k");
      assertThat(calls()).isZero();
    }

    @Test
    void should_fail_without_a_call_when_the_schema_is_not_json() {
      Throwable failure =
          failureOf(
              model(), request().responseSchema(new ResponseSchema("v", "{not json")).build());

      assertThat(failure)
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("response_schema.schema");
      assertThat(calls()).isZero();
    }
  }

  @Nested
  class Retries {

    @Test
    void should_wait_as_long_as_retry_after_says_when_rate_limited_then_succeed() {
      stubInOrder(
          error(429, "rate limited").withHeader("Retry-After", "7"),
          json(VllmReplies.fixture("chat-tool-call.json")));

      ChatResponse r = await(model().chat(request().build()));

      assertThat(r.choices()).hasSize(1);
      assertThat(waits).containsExactly(Duration.ofSeconds(7));
      assertThat(calls()).isEqualTo(2);
    }

    @Test
    void should_never_retry_earlier_than_retry_after_says_even_with_jitter() {
      stubInOrder(
          error(429, "rate limited").withHeader("Retry-After", "2"),
          json(VllmReplies.fixture("chat-tool-call.json")));

      await(model(builder().jitter(dev.arbiter.vllm.Retries.JITTER)).chat(request().build()));

      assertThat(waits).hasSize(1);
      assertThat(waits.get(0))
          .isBetween(Duration.ofSeconds(2), Duration.ofMillis(2000 * 125 / 75 + 1));
    }

    @Test
    void should_spread_backoff_waits_by_a_quarter_either_way_with_jitter() {
      stubInOrder(
          error(503, "loading"),
          error(503, "loading"),
          json(VllmReplies.fixture("chat-tool-call.json")));

      await(model(builder().jitter(dev.arbiter.vllm.Retries.JITTER)).chat(request().build()));

      assertThat(waits).hasSize(2);
      assertThat(waits.get(0)).isBetween(Duration.ofMillis(75), Duration.ofMillis(125));
      assertThat(waits.get(1)).isBetween(Duration.ofMillis(150), Duration.ofMillis(250));
    }

    @Test
    void should_honour_retry_after_given_as_an_http_date() {
      Instant now = Instant.parse("2026-11-24T10:00:00Z");
      stubInOrder(
          error(429, "slow down").withHeader("Retry-After", "Tue, 24 Nov 2026 10:00:03 GMT"),
          json(VllmReplies.fixture("chat-tool-call.json")));

      await(model(builder().clock(Clock.fixed(now, ZoneOffset.UTC))).chat(request().build()));

      assertThat(waits).containsExactly(Duration.ofSeconds(3));
    }

    @Test
    void should_back_off_exponentially_when_the_server_is_unavailable_then_succeed() {
      stubInOrder(
          error(503, "loading"),
          error(502, "bad gateway"),
          json(VllmReplies.fixture("chat-tool-call.json")));

      ChatResponse r = await(model().chat(request().build()));

      assertThat(r.choices()).hasSize(1);
      assertThat(waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
    }

    @Test
    void should_give_up_with_retriable_exception_after_max_retries_when_503_persists() {
      server.stubFor(
          post(urlEqualTo(PATH))
              .willReturn(error(503, "engine dead").withHeader("x-request-id", "req-7")));

      Throwable failure = failureOf(model(), request().build());

      assertThat(failure).isInstanceOf(RetriableException.class);
      RetriableException e = (RetriableException) failure;
      assertThat(e.status()).isEqualTo(503);
      assertThat(e.endpoint()).contains(endpoint());
      assertThat(e.requestId()).contains("req-7");
      assertThat(e).hasMessageContaining("after 4 attempts").hasMessageContaining("engine dead");
      assertThat(calls()).isEqualTo(4);
      // 100 ms doubling, capped at 250 ms.
      assertThat(waits)
          .containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(250));
    }

    @Test
    void should_stop_retrying_when_the_caller_cancels_during_the_backoff() {
      server.stubFor(post(urlEqualTo(PATH)).willReturn(error(503, "busy")));
      CompletableFuture<Void> backoff = new CompletableFuture<>();
      List<Duration> asked = new CopyOnWriteArrayList<>();
      VllmJudgeModel m =
          model(
              builder()
                  .scheduler(
                      new RecordingScheduler(
                          d -> {
                            asked.add(d);
                            return backoff;
                          })));

      CompletableFuture<ChatResponse> call = m.chat(request().build());
      while (asked.isEmpty()) {
        Thread.onSpinWait();
      }
      call.cancel(false);
      backoff.complete(null);

      assertThat(call).isCancelled();
      assertThat(calls()).isEqualTo(1);
      assertThat(asked).hasSize(1);
    }

    @Test
    void should_retry_when_the_connection_is_reset() {
      stubInOrder(
          aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER),
          json(VllmReplies.fixture("chat-tool-call.json")));

      ChatResponse r = await(model().chat(request().build()));

      assertThat(r.choices()).hasSize(1);
      assertThat(calls()).isEqualTo(2);
    }

    @Test
    void should_give_up_with_retriable_exception_without_status_when_resets_persist() {
      server.stubFor(
          post(urlEqualTo(PATH)).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

      Throwable failure = failureOf(model(builder().maxRetries(1)), request().build());

      assertThat(failure).isInstanceOf(RetriableException.class);
      assertThat(((RetriableException) failure).status()).isEqualTo(-1);
      assertThat(((RetriableException) failure).endpoint()).contains(endpoint());
      assertThat(calls()).isEqualTo(2);
    }

    @Test
    void should_retry_when_the_server_sends_garbage_or_nothing_then_closes() {
      stubInOrder(
          aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE),
          aResponse().withFault(Fault.EMPTY_RESPONSE),
          json(VllmReplies.fixture("chat-tool-call.json")));

      ChatResponse r = await(model().chat(request().build()));

      assertThat(r.choices()).hasSize(1);
      assertThat(calls()).isEqualTo(3);
    }

    @Test
    void should_retry_a_body_reset_after_a_slow_start_with_n_choices_intact() {
      stubInOrder(
          aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER).withFixedDelay(200),
          json(VllmReplies.fixture("chat-n3-logprobs.json")).withFixedDelay(100));

      ChatResponse r = await(model().chat(request().n(3).build()));

      assertThat(r.choices()).hasSize(3);
      assertThat(calls()).isEqualTo(2);
    }

    @Test
    void should_retry_when_the_body_is_cut_off_mid_chunk() {
      stubInOrder(
          aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK),
          json(VllmReplies.fixture("chat-tool-call.json")));

      ChatResponse r = await(model().chat(request().build()));

      assertThat(r.choices()).hasSize(1);
      assertThat(calls()).isEqualTo(2);
    }

    @Test
    void should_time_out_each_attempt_and_give_up_with_retriable_exception_when_replies_are_slow() {
      server.stubFor(
          post(urlEqualTo(PATH))
              .willReturn(json(VllmReplies.fixture("chat-tool-call.json")).withFixedDelay(3_000)));

      Throwable failure =
          failureOf(
              model(builder().timeout(Duration.ofMillis(300)).maxRetries(1)), request().build());

      assertThat(failure).isInstanceOf(RetriableException.class).hasMessageContaining("timed out");
      assertThat(((RetriableException) failure).status()).isEqualTo(-1);
      assertThat(calls()).isEqualTo(2);
    }

    @Test
    void should_report_a_refused_connection_as_retriable() {
      int closedPort;
      try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
        closedPort = s.getLocalPort();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      VllmJudgeModel m =
          model(builder().baseUrl("http://127.0.0.1:" + closedPort + "/v1").maxRetries(0));

      Throwable failure = failureOf(m, request().build());

      assertThat(failure).isInstanceOf(RetriableException.class);
      assertThat(((RetriableException) failure).endpoint())
          .contains("http://127.0.0.1:" + closedPort + "/v1/chat/completions");
    }
  }

  @Nested
  class Failures {

    @ParameterizedTest(name = "HTTP {0}")
    @CsvSource({
      "400, This model's maximum context length is 8192 tokens",
      "401, Unauthorized",
      "403, Forbidden",
      "404, The model `judge-9b` does not exist.",
      "422, Unprocessable entity"
    })
    void should_fail_fast_with_non_retriable_exception_naming_status_and_endpoint(
        int status, String message) {
      server.stubFor(
          post(urlEqualTo(PATH))
              .willReturn(error(status, message).withHeader("x-request-id", "req-9")));

      Throwable failure = failureOf(model(), request().build());

      assertThat(failure).isInstanceOf(NonRetriableException.class).hasMessageContaining(message);
      NonRetriableException e = (NonRetriableException) failure;
      assertThat(e.status()).isEqualTo(status);
      assertThat(e.endpoint()).contains(endpoint());
      assertThat(e.requestId()).contains("req-9");
      assertThat(e.getMessage()).contains(endpoint()).contains("HTTP " + status);
      assertThat(calls()).isEqualTo(1);
      assertThat(waits).isEmpty();
    }

    @Test
    void should_read_the_message_of_the_older_flat_vllm_error_body() {
      server.stubFor(
          post(urlEqualTo(PATH))
              .willReturn(
                  aResponse()
                      .withStatus(400)
                      .withHeader("Content-Type", "application/json")
                      .withBody(
                          "{\"object\":\"error\",\"message\":\"top_logprobs must be <= 20\","
                              + "\"type\":\"BadRequestError\",\"param\":null,\"code\":400}")));

      Throwable failure = failureOf(model(), request().build());

      assertThat(failure)
          .isInstanceOf(NonRetriableException.class)
          .hasMessageEndingWith(": top_logprobs must be <= 20");
    }

    @Test
    void should_retry_a_malformed_200_like_a_5xx_then_succeed() {
      stubInOrder(
          ok().withHeader("Content-Type", "text/html").withBody("<html>vLLM UI</html>"),
          json("{\"id\":\"x\",\"object\":\"chat.completion\",\"choices\":[{\"ind"),
          json("{\"id\":\"x\",\"object\":\"chat.completion\"}"),
          json(VllmReplies.fixture("chat-tool-call.json")));

      ChatResponse r = await(model().chat(request().build()));

      assertThat(r.choices()).hasSize(1);
      assertThat(calls()).isEqualTo(4);
      assertThat(waits).hasSize(3);
    }

    @Test
    void should_give_up_with_retriable_exception_when_every_200_is_malformed() {
      server.stubFor(
          post(urlEqualTo(PATH))
              .willReturn(
                  ok().withHeader("Content-Type", "text/html").withBody("<html>vLLM UI</html>")));

      Throwable failure = failureOf(model(builder().maxRetries(1)), request().build());

      assertThat(failure)
          .isInstanceOf(RetriableException.class)
          .hasMessageContaining("not an OpenAI chat completion after 2 attempts")
          .hasMessageContaining("base URL");
      assertThat(((RetriableException) failure).status()).isEqualTo(200);
      assertThat(calls()).isEqualTo(2);
    }

    @Test
    void should_fail_a_call_still_queued_when_the_model_is_closed() {
      server.stubFor(
          post(urlEqualTo(PATH))
              .willReturn(json(VllmReplies.fixture("chat-tool-call.json")).withFixedDelay(300)));
      VllmJudgeModel m = model(builder().maxInFlight(1));
      CompletableFuture<ChatResponse> running = m.chat(request().build());
      // Close only once the first call has reached the server: a call that has not yet been
      // handed to the HTTP client when the model closes fails, and that race is not under test.
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (server.getAllServeEvents().isEmpty() && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      CompletableFuture<ChatResponse> queued = m.chat(request().build());

      m.close();

      assertThat(failureOf(queued))
          .isInstanceOf(NonRetriableException.class)
          .hasMessageContaining("closed");
      assertThat(running).succeedsWithin(Duration.ofSeconds(30));
    }

    @Test
    void should_fail_every_call_after_close() {
      VllmJudgeModel m = model();
      m.close();

      assertThat(failureOf(m, request().build()))
          .isInstanceOf(NonRetriableException.class)
          .hasMessageContaining("closed");
    }
  }

  @Nested
  class Secrets {

    @Test
    void should_never_show_the_api_key_even_when_the_server_echoes_it() {
      server.stubFor(
          post(urlEqualTo(PATH))
              .willReturn(error(401, "Incorrect API key provided: " + KEY + ".")));
      VllmJudgeModel m = model(builder().apiKey(KEY));

      Throwable failure = failureOf(m, request().build());

      StringWriter trace = new StringWriter();
      failure.printStackTrace(new PrintWriter(trace));
      assertThat(failure).isInstanceOf(NonRetriableException.class);
      assertThat(failure.getMessage()).contains("Incorrect API key provided: ***");
      assertThat(trace.toString()).doesNotContain(KEY);
      assertThat(m.toString()).doesNotContain(KEY).contains("judge-8b").contains(endpoint());
    }

    @Test
    void should_strip_credentials_from_the_endpoint_it_reports() {
      VllmJudgeModel m =
          model(
              builder()
                  .baseUrl(
                      "http://user:"
                          + KEY
                          + "@127.0.0.1:"
                          + server.port()
                          + "/v1/?api-key="
                          + KEY));

      assertThat(m.endpoint()).isEqualTo(endpoint());
      assertThat(m.toString()).doesNotContain(KEY);
    }

    @Test
    void should_keep_url_credentials_out_of_every_failure_message() throws Exception {
      int closedPort;
      try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
        closedPort = socket.getLocalPort();
      }
      VllmJudgeModel refused =
          model(
              builder()
                  .baseUrl(
                      "http://user:pw-hunter2@127.0.0.1:" + closedPort + "/v1?token=tk-hunter2")
                  .maxRetries(0));
      server.stubFor(
          post(urlEqualTo(PATH))
              .willReturn(
                  error(
                      400,
                      "no such route: http://u:pw-hunter2@127.0.0.1/v1?api-key=ak-hunter2&x=1")));

      for (Throwable failure :
          List.of(failureOf(refused, request().build()), failureOf(model(), request().build()))) {
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        assertThat(trace.toString()).doesNotContain("hunter2");
        assertThat(((dev.arbiter.core.ArbiterException) failure).endpoint().orElseThrow())
            .doesNotContain("hunter2");
      }
      assertThat(failureOf(model(), request().build()))
          .hasMessageContaining("http://***@127.0.0.1/v1?api-key=***&x=1");
    }

    @Test
    void should_keep_the_key_out_of_transport_failures() {
      server.stubFor(
          post(urlEqualTo(PATH)).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
      VllmJudgeModel m = model(builder().apiKey(KEY).maxRetries(0));

      Throwable failure = failureOf(m, request().build());

      StringWriter trace = new StringWriter();
      failure.printStackTrace(new PrintWriter(trace));
      assertThat(trace.toString()).doesNotContain(KEY);
    }
  }

  @Nested
  class Builder {

    @Test
    void should_reject_a_missing_or_malformed_base_url() {
      assertThatThrownBy(() -> VllmJudgeModel.builder().model("m").build())
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("baseUrl");
      assertThatThrownBy(() -> VllmJudgeModel.builder().baseUrl("127.0.0.1:8000/v1"))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("http://127.0.0.1:8000/v1");
    }

    @Test
    void should_reject_a_missing_model_and_bad_limits_naming_the_value() {
      assertThatThrownBy(() -> VllmJudgeModel.builder().baseUrl(baseUrl()).build())
          .hasMessageContaining("model");
      assertThatThrownBy(() -> VllmJudgeModel.builder().maxRetries(-1))
          .hasMessageContaining("must be >= 0 but was -1");
      assertThatThrownBy(() -> VllmJudgeModel.builder().maxInFlight(0))
          .hasMessageContaining("must be >= 1 but was 0");
      assertThatThrownBy(() -> VllmJudgeModel.builder().timeout(Duration.ZERO))
          .hasMessageContaining("timeout");
      assertThatThrownBy(
              () ->
                  VllmJudgeModel.builder()
                      .retryBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
          .hasMessageContaining("retryBackoff.max");
    }

    @Test
    void should_report_id_revision_and_endpoint() {
      VllmJudgeModel m = model(builder().revision("a1b2c3d"));

      assertThat(m.id()).isEqualTo("judge-8b");
      assertThat(m.revision()).contains("a1b2c3d");
      assertThat(m.supportsN()).isTrue();
      assertThat(m.endpoint()).isEqualTo(endpoint());
    }
  }

  @Nested
  class Limits {

    @Test
    void should_keep_at_most_max_in_flight_calls_at_the_server() {
      server.stubFor(
          post(urlEqualTo(PATH))
              .willReturn(json(VllmReplies.fixture("chat-tool-call.json")).withFixedDelay(150)));
      VllmJudgeModel m = model(builder().maxInFlight(2));
      List<CompletableFuture<ChatResponse>> futures = new ArrayList<>();

      for (int i = 0; i < 6; i++) {
        futures.add(m.chat(request().build()));
      }
      futures.forEach(f -> await(f));

      assertThat(m.inFlightPeak()).isEqualTo(2);
      server.verify(exactly(6), postRequestedFor(urlEqualTo(PATH)));
    }
  }

  @Nested
  class Revision {
    private static final String MODELS =
        """
        {"object":"list","data":[
          {"id":"judge-8b","object":"model","created":1732450000,"owned_by":"vllm",
           "root":"/checkpoints/judge-8b/step-2000","parent":null,"max_model_len":32768,
           "permission":[{"id":"modelperm-1","object":"model_permission","created":1732450000,
             "allow_create_engine":false,"allow_sampling":true,"allow_logprobs":true,
             "allow_search_indices":false,"allow_view":true,"allow_fine_tuning":false,
             "organization":"*","group":null,"is_blocking":false}]},
          {"id":"other","object":"model","created":1732450000,"owned_by":"vllm",
           "root":"/checkpoints/other","parent":null,"max_model_len":8192,"permission":[]}]}
        """;

    private void serveModels(String body) {
      server.stubFor(
          com.github.tomakehurst.wiremock.client.WireMock.get(urlEqualTo("/v1/models"))
              .willReturn(json(body)));
    }

    @Test
    void should_add_the_weights_vllm_reports_serving_the_model_from_to_the_revision() {
      serveModels(MODELS);
      VllmJudgeModel m = model(builder().discoverRevision(true));

      assertThat(m.revision()).contains("root=/checkpoints/judge-8b/step-2000");
      assertThat(m.revision()).contains("root=/checkpoints/judge-8b/step-2000");
      // Asked once: the revision must not change under a running job.
      server.verify(
          exactly(1),
          com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
              urlEqualTo("/v1/models")));
    }

    @Test
    void should_keep_the_given_revision_beside_the_served_root() {
      serveModels(MODELS);
      VllmJudgeModel m = model(builder().discoverRevision(true).revision("3f2a9c1"));

      assertThat(m.revision()).contains("3f2a9c1 root=/checkpoints/judge-8b/step-2000");
    }

    @Test
    void should_add_nothing_when_the_root_is_the_served_name_or_the_server_cannot_say() {
      serveModels(MODELS.replace("/checkpoints/judge-8b/step-2000", "judge-8b"));
      assertThat(model(builder().discoverRevision(true)).revision()).isEmpty();

      server.resetAll(); // no /v1/models at all: 404
      assertThat(model(builder().discoverRevision(true).revision("r1")).revision()).contains("r1");
      assertThat(model(builder().discoverRevision(false)).revision()).isEmpty();
    }

    @Test
    void should_report_the_model_level_extra_body_for_cache_keys() {
      VllmJudgeModel m =
          model(builder().extraBody("top_k", 20).extraBody("chat_template_kwargs", Map.of()));

      assertThat(m.extraBody()).containsEntry("top_k", 20).containsKey("chat_template_kwargs");
    }
  }
}
