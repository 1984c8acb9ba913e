package dev.arbiter.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.core.Judge;
import dev.arbiter.core.NonRetriableException;
import dev.arbiter.core.internal.Json;
import dev.arbiter.core.model.ChatRequest;
import dev.arbiter.core.model.JudgeModel;
import dev.arbiter.core.model.ScriptedJudgeModel;
import dev.arbiter.core.testing.LabelProtocol;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Real HTTP through the server: OpenRLHF-shaped calls, /v1/judge, batch, limits, auth, metrics. */
class ArbiterServerTest {
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  final List<ArbiterServer> started = new ArrayList<>();

  @AfterEach
  void stop() {
    started.forEach(s -> s.drainAndStop(Duration.ofSeconds(5)));
  }

  /** Scores 9 when the shown candidate's text contains "4", else 2; "SILENT" gets no score. */
  static final ScriptedJudgeModel.Responder GRADER =
      (r, i) -> {
        String prompt = r.messages().get(r.messages().size() - 1).content();
        String candidate = prompt.substring(prompt.indexOf("CANDIDATE"));
        if (candidate.contains("SILENT")) {
          return "I would rather not say.";
        }
        if (candidate.contains("FAIL")) {
          throw new NonRetriableException("model answered 400");
        }
        return candidate.contains("4") ? "SCORE: 9" : "SCORE: 2";
      };

  ArbiterServer start(JudgeModel model, Consumer<ArbiterServer.Builder> more) {
    Judge judge = Judge.builder().model(model).protocol(new LabelProtocol()).build();
    ArbiterServer.Builder b = ArbiterServer.builder().judge(judge).port(0);
    more.accept(b);
    ArbiterServer s = b.build().start();
    started.add(s);
    return s;
  }

  HttpResponse<String> post(ArbiterServer s, String path, String body, String... headers)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path))
            .timeout(Duration.ofSeconds(20))
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(ArbiterServer s, String path, String... headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path))
            .timeout(Duration.ofSeconds(20))
            .GET();
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode json(HttpResponse<String> r) throws Exception {
    return Json.mapper().readTree(r.body());
  }

  static final String PROMPT_1 =
      "<|im_start|>user\nWhat is 2+2?<|im_end|>\n<|im_start|>assistant\n";
  static final String PROMPT_2 =
      "<|im_start|>user\nName a prime.<|im_end|>\n<|im_start|>assistant\n";

  static String openRlhf(List<String> queries, List<String> prompts, List<String> labels) {
    var o = Json.mapper().createObjectNode();
    queries.forEach(o.putArray("query")::add);
    prompts.forEach(o.putArray("prompts")::add);
    labels.forEach(o.putArray("labels")::add);
    return Json.write(o);
  }

  @Test
  void should_answer_an_openrlhf_call_with_a_normalised_reward_per_query() throws Exception {
    ScriptedJudgeModel model = ScriptedJudgeModel.of("judge", GRADER);
    ArbiterServer s = start(model, b -> {});

    HttpResponse<String> r =
        post(
            s,
            "/get_reward",
            openRlhf(
                List.of(PROMPT_1 + "It is 4.<|im_end|>", PROMPT_2 + "Nine.<|im_end|>"),
                List.of(PROMPT_1, PROMPT_2),
                List.of("4", "")));

    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode body = json(r);
    // 1-10 scale: 9 → 8/9, 2 → 1/9
    assertThat(body.get("rewards").get(0).asDouble()).isCloseTo(8.0 / 9, within());
    assertThat(body.get("rewards").get(1).asDouble()).isCloseTo(1.0 / 9, within());
    assertThat(body.get("scores").get(0).asDouble()).isCloseTo(8.0 / 9, within());
    assertThat(body.at("/extra_logs/judge_scored").toString()).isEqualTo("[1,1]");
    assertThat(body.at("/extra_logs/judge_fallback").toString()).isEqualTo("[0,0]");
    assertThat(body.at("/arbiter/status").asText()).isEqualTo("ok");
    // The judge saw the prompt and the response apart, without chat-template markers.
    String shown = model.requests().get(0).messages().get(1).content();
    assertThat(shown).doesNotContain("<|im_start|>", "<|im_end|>");
    assertThat(model.requests())
        .extracting(ChatRequest::messages)
        .anySatisfy(m -> assertThat(m.toString()).contains("Q: user\nWhat is 2+2?", "It is 4."));
  }

  @Test
  void should_map_rewards_to_the_raw_scale_or_to_minus_one_one_when_asked() throws Exception {
    ArbiterServer raw =
        start(ScriptedJudgeModel.of("judge", GRADER), b -> b.reward(RewardMapping.RAW));
    ArbiterServer centered =
        start(ScriptedJudgeModel.of("judge", GRADER), b -> b.reward(RewardMapping.CENTERED));
    String call = openRlhf(List.of(PROMPT_1 + "4"), List.of(PROMPT_1), List.of());

    assertThat(json(post(raw, "/get_reward", call)).at("/rewards/0").asDouble()).isEqualTo(9.0);
    assertThat(json(post(centered, "/get_reward", call)).at("/rewards/0").asDouble())
        .isCloseTo(2 * 8.0 / 9 - 1, within());
  }

  @Test
  void should_give_the_fallback_reward_and_flag_unscored_and_failed_judgements() throws Exception {
    ArbiterServer s = start(ScriptedJudgeModel.of("judge", GRADER), b -> b.fallbackReward(-1));

    JsonNode body =
        json(
            post(
                s,
                "/get_reward",
                openRlhf(
                    List.of(PROMPT_1 + "4", PROMPT_1 + "SILENT", PROMPT_1 + "FAIL"),
                    List.of(PROMPT_1, PROMPT_1, PROMPT_1),
                    List.of())));

    assertThat(body.at("/rewards/1").asDouble()).isEqualTo(-1.0);
    assertThat(body.at("/rewards/2").asDouble()).isEqualTo(-1.0);
    assertThat(body.at("/extra_logs/judge_unscored").toString()).isEqualTo("[0,1,0]");
    assertThat(body.at("/extra_logs/judge_error").toString()).isEqualTo("[0,0,1]");
    assertThat(body.at("/extra_logs/judge_fallback").toString()).isEqualTo("[0,1,1]");
    assertThat(body.at("/arbiter/status").asText()).isEqualTo("partial");
    assertThat(body.at("/arbiter/unscored").asInt()).isEqualTo(1);
    assertThat(body.at("/arbiter/errors").asInt()).isEqualTo(1);
    assertThat(body.at("/arbiter/statuses").toString())
        .isEqualTo("[\"SCORED\",\"UNSCORED\",\"ERROR\"]");
    assertThat(body.at("/arbiter/reasons/2").asText()).contains("model answered 400");
  }

  @Test
  void should_refuse_bad_openrlhf_calls_naming_the_field() throws Exception {
    ArbiterServer s = start(ScriptedJudgeModel.of("judge", GRADER), b -> {});

    HttpResponse<String> notJson = post(s, "/get_reward", "{\"query\": [\"a\"");
    HttpResponse<String> wrongType =
        post(s, "/get_reward", "{\"query\": [1], \"prompts\": [\"\"]}");
    HttpResponse<String> noPrompts = post(s, "/get_reward", "{\"query\": [\"a\"]}");
    HttpResponse<String> notPrefixed =
        post(
            s,
            "/get_reward",
            openRlhf(List.of(PROMPT_1 + "4", "other"), List.of(PROMPT_1, PROMPT_2), List.of()));

    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(json(notJson).at("/error/message").asText()).contains("not valid JSON");
    assertThat(wrongType.statusCode()).isEqualTo(400);
    assertThat(json(wrongType).at("/error/field").asText()).isEqualTo("query[0]");
    assertThat(json(noPrompts).at("/error/field").asText()).isEqualTo("prompts");
    assertThat(notPrefixed.statusCode()).isEqualTo(400);
    assertThat(json(notPrefixed).at("/error/field").asText()).isEqualTo("query[1]");
  }

  @Test
  void should_judge_one_cli_record_into_the_cli_verdict_line() throws Exception {
    ArbiterServer s = start(ScriptedJudgeModel.of("judge", GRADER), b -> {});

    HttpResponse<String> r =
        post(s, "/v1/judge", "{\"id\": \"q7\", \"query\": \"What is 2+2?\", \"response\": \"4\"}");

    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode v = json(r);
    assertThat(v.get("id").asText()).isEqualTo("q7");
    assertThat(v.get("mode").asText()).isEqualTo("pointwise");
    assertThat(v.get("status").asText()).isEqualTo("SCORED");
    assertThat(v.get("score").asDouble()).isEqualTo(9.0);
    assertThat(v.has("confidence") && v.has("usage") && v.has("provenance")).isTrue();
  }

  @Test
  void should_answer_exactly_the_line_the_cli_writes_for_the_same_record() throws Exception {
    Judge judge =
        Judge.builder()
            .model(ScriptedJudgeModel.of("judge", GRADER))
            .protocol(new LabelProtocol())
            .build();
    ArbiterServer s = ArbiterServer.builder().judge(judge).port(0).build().start();
    started.add(s);
    String record = "{\"id\": \"q9\", \"query\": \"What is 2+2?\", \"response\": \"4\"}";
    dev.arbiter.eval.batch.BatchInput in =
        dev.arbiter.eval.batch.RequestReader.parseRecord(
            "in.jsonl",
            record,
            1,
            dev.arbiter.eval.batch.RequestReader.Format.ARBITER,
            dev.arbiter.core.Mode.POINTWISE,
            java.util.Optional.empty());
    // What the batch runner writes for line 1, as text read back (number node types aside).
    JsonNode cliLine =
        Json.mapper()
            .readTree(
                Json.write(
                    dev.arbiter.core.json.VerdictJson.of(
                        1, judge.judge(in.request().orElseThrow()), false)));

    JsonNode served = json(post(s, "/v1/judge", record));

    assertThat(served).isEqualTo(cliLine);
  }

  @Test
  void should_judge_a_pair_when_the_record_has_two_responses() throws Exception {
    ScriptedJudgeModel model =
        ScriptedJudgeModel.of(
            "judge",
            (r, i) -> {
              String u = r.messages().get(1).content();
              return u.indexOf("CANDIDATE A") < u.indexOf("CANDIDATE B")
                  ? "PREF: A>B"
                  : "PREF: B>A";
            });
    ArbiterServer s = start(model, b -> {});

    JsonNode v =
        json(
            post(
                s,
                "/v1/judge",
                "{\"id\": \"p1\", \"query\": \"2+2?\", \"response_a\": \"4\", \"response_b\": \"5\"}"));

    assertThat(v.get("mode").asText()).isEqualTo("pairwise");
    assertThat(v.get("orders")).hasSize(2);
  }

  @Test
  void should_refuse_an_unknown_field_in_a_judge_record() throws Exception {
    ArbiterServer s = start(ScriptedJudgeModel.of("judge", GRADER), b -> {});

    HttpResponse<String> r = post(s, "/v1/judge", "{\"query\": \"q\", \"respons\": \"4\"}");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).at("/error/field").asText()).isEqualTo("respons");
  }

  @Test
  void should_stream_one_verdict_line_per_batch_line_with_errors_as_records() throws Exception {
    ArbiterServer s = start(ScriptedJudgeModel.of("judge", GRADER), b -> b.concurrency(2));
    String ndjson =
        "{\"id\": \"a\", \"query\": \"2+2?\", \"response\": \"4\"}\n"
            + "{\"id\": \"b\", \"query\": \"2+2?\"\n"
            + "\n"
            + "{\"id\": \"c\", \"query\": \"2+2?\", \"response\": \"5\"}\n";

    HttpResponse<String> r =
        post(s, "/v1/judge/batch", ndjson, "Content-Type", "application/x-ndjson");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/x-ndjson");
    List<JsonNode> lines = new ArrayList<>();
    for (String l : r.body().split("\n")) {
      lines.add(Json.mapper().readTree(l));
    }
    assertThat(lines).hasSize(3);
    assertThat(lines)
        .anySatisfy(l -> assertThat(l.get("id").asText() + l.get("score")).isEqualTo("a9.0"))
        .anySatisfy(l -> assertThat(l.get("id").asText() + l.get("score")).isEqualTo("c2.0"))
        .anySatisfy(
            l -> {
              assertThat(l.get("line").asLong()).isEqualTo(2);
              assertThat(l.get("status").asText()).isEqualTo("ERROR");
              assertThat(l.get("error_kind").asText()).isEqualTo("input");
            });
  }

  @Test
  void should_refuse_requests_without_the_bearer_token() throws Exception {
    ArbiterServer s = start(ScriptedJudgeModel.of("judge", GRADER), b -> b.token("s3cret-token"));
    String call = "{\"query\": \"q\", \"response\": \"4\"}";

    HttpResponse<String> none = post(s, "/v1/judge", call);
    HttpResponse<String> wrong = post(s, "/v1/judge", call, "Authorization", "Bearer guess");
    HttpResponse<String> metrics = get(s, "/metrics");
    HttpResponse<String> right = post(s, "/v1/judge", call, "Authorization", "Bearer s3cret-token");

    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate")).contains("Bearer");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(metrics.statusCode()).isEqualTo(401);
    assertThat(none.body() + wrong.body()).doesNotContain("s3cret");
    assertThat(right.statusCode()).isEqualTo(200);
  }

  @Test
  void should_refuse_a_body_over_the_limit_with_413() throws Exception {
    ArbiterServer s = start(ScriptedJudgeModel.of("judge", GRADER), b -> b.maxBodyBytes(1024));

    HttpResponse<String> r =
        post(s, "/v1/judge", "{\"query\": \"q\", \"response\": \"" + "x".repeat(5000) + "\"}");

    assertThat(r.statusCode()).isEqualTo(413);
  }

  @Test
  void should_answer_429_with_retry_after_when_the_queue_is_full() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ScriptedJudgeModel slow =
        ScriptedJudgeModel.of(
            "judge",
            (r, i) -> {
              entered.countDown();
              try {
                release.await(20, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return "SCORE: 5";
            });
    ArbiterServer s = start(slow, b -> b.concurrency(1).maxQueue(0).retryAfterSeconds(3));
    String call = "{\"query\": \"q\", \"response\": \"4\"}";

    CompletableFuture<HttpResponse<String>> first =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return post(s, "/v1/judge", call);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
    HttpResponse<String> second = post(s, "/v1/judge", call);
    release.countDown();

    assertThat(second.statusCode()).isEqualTo(429);
    assertThat(second.headers().firstValue("Retry-After")).contains("3");
    assertThat(first.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
  }

  @Test
  void should_publish_arbiter_metrics_in_prometheus_text() throws Exception {
    io.micrometer.prometheusmetrics.PrometheusMeterRegistry registry =
        new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(
            io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
    JudgeMetrics metrics = new JudgeMetrics(registry);
    Judge judge =
        Judge.builder()
            .model(metrics.meter(ScriptedJudgeModel.of("judge", GRADER), "http://127.0.0.1:9/v1"))
            .protocol(new LabelProtocol())
            .listener(metrics)
            .build();
    ArbiterServer s =
        ArbiterServer.builder().judge(judge).port(0).registry(registry).build().start();
    started.add(s);
    post(
        s,
        "/get_reward",
        openRlhf(
            List.of(PROMPT_1 + "4", PROMPT_1 + "SILENT"), List.of(PROMPT_1, PROMPT_1), List.of()));

    String text = get(s, "/metrics").body();

    assertThat(text)
        .contains("arbiter_judgements_total{mode=\"pointwise\",status=\"scored\"} 1.0")
        .contains("arbiter_judgements_total{mode=\"pointwise\",status=\"unscored\"} 1.0")
        .contains("arbiter_http_request_duration_seconds_bucket{")
        .contains("route=\"/get_reward\"")
        .contains("arbiter_judgement_duration_seconds_bucket")
        .contains("arbiter_tokens_total{kind=\"prompt\"}")
        .contains("arbiter_cache_hits_total")
        .contains("arbiter_model_in_flight{endpoint=\"http://127.0.0.1:9/v1\"} 0.0")
        .contains(
            "arbiter_model_calls_total{endpoint=\"http://127.0.0.1:9/v1\",outcome=\"ok\"} 2.0")
        .contains("arbiter_reward_fallbacks_total 1.0")
        .contains("arbiter_http_in_flight{route=\"/metrics\"} 1.0")
        .contains("arbiter_queue_capacity");
  }

  @Test
  void should_finish_requests_in_flight_when_draining_and_refuse_new_ones() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    ScriptedJudgeModel slow =
        ScriptedJudgeModel.of(
            "judge",
            (r, i) -> {
              entered.countDown();
              try {
                Thread.sleep(1500);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return "SCORE: 7";
            });
    ArbiterServer s = start(slow, b -> {});
    int port = s.port();
    CompletableFuture<HttpResponse<String>> inFlight =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return post(s, "/v1/judge", "{\"query\": \"q\", \"response\": \"4\"}");
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

    CompletableFuture<Boolean> drained =
        CompletableFuture.supplyAsync(() -> s.drainAndStop(Duration.ofSeconds(10)));
    Thread.sleep(200);
    HttpResponse<String> late = post(s, "/v1/judge", "{\"query\": \"q\", \"response\": \"4\"}");

    assertThat(late.statusCode()).isEqualTo(503);
    assertThat(inFlight.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    assertThat(json(inFlight.get()).get("score").asDouble()).isEqualTo(7.0);
    assertThat(drained.get(20, TimeUnit.SECONDS)).isTrue();
    assertThat(port).isPositive();
  }

  @Test
  void should_be_ready_only_when_every_model_endpoint_answers() throws Exception {
    com.github.tomakehurst.wiremock.WireMockServer wm =
        new com.github.tomakehurst.wiremock.WireMockServer(
            com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig()
                .dynamicPort()
                .bindAddress("127.0.0.1"));
    wm.start();
    try {
      wm.stubFor(
          com.github.tomakehurst.wiremock.client.WireMock.get("/v1/models")
              .willReturn(
                  com.github.tomakehurst.wiremock.client.WireMock.okJson(
                      "{\"object\":\"list\",\"data\":[{\"id\":\"judge\",\"object\":\"model\"}]}")));
      var live =
          new dev.arbiter.spec.JudgeSpec.ModelEndpoint(
              "http://127.0.0.1:" + wm.port() + "/v1", "judge", null, null);
      int closedPort;
      try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
        closedPort = s.getLocalPort();
      }
      var dead =
          new dev.arbiter.spec.JudgeSpec.ModelEndpoint(
              "http://127.0.0.1:" + closedPort + "/v1", "judge", null, null);
      ArbiterServer ready =
          start(ScriptedJudgeModel.of("judge", GRADER), b -> b.endpoints(List.of(live)));
      ArbiterServer notReady =
          start(ScriptedJudgeModel.of("judge", GRADER), b -> b.endpoints(List.of(live, dead)));

      HttpResponse<String> up = get(ready, "/health");
      HttpResponse<String> down = get(notReady, "/health");

      assertThat(up.statusCode()).isEqualTo(200);
      assertThat(json(up).get("status").asText()).isEqualTo("ready");
      assertThat(down.statusCode()).isEqualTo(503);
      assertThat(json(down).at("/endpoints/1/ready").asBoolean()).isFalse();
      assertThat(json(down).at("/endpoints/0/ready").asBoolean()).isTrue();
    } finally {
      wm.stop();
    }
  }

  @Test
  void should_refuse_an_image_path_in_a_request_so_no_local_file_is_read() throws Exception {
    ArbiterServer s = start(ScriptedJudgeModel.of("judge", GRADER), b -> {});

    HttpResponse<String> r =
        post(
            s,
            "/v1/judge",
            "{\"query\": \"Describe it.\", \"response\": [{\"type\": \"image\", \"path\": \"/etc/passwd\"}]}");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).at("/error/message").asText()).contains("image paths are not accepted");
  }

  static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-9);
  }
}
