package dev.arbiter.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.arbiter.core.internal.Json;
import dev.arbiter.sandbox.CodeSandbox;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code arbiter judge --tools ...} against WireMock answering with vLLM-shaped tool calls. */
class ToolsOptionTest {
  private static final String PATH = "/v1/chat/completions";
  private static final WireMockServer server =
      new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

  @TempDir Path dir;

  record Run(int exit, String err) {}

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

  static Run run(String... args) {
    CommandLine cl = ArbiterCli.commandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err, true));
    cl.setOut(new PrintWriter(new StringWriter(), true));
    return new Run(cl.execute(args), err.toString());
  }

  /** One vLLM chat completion whose message is {@code message}. */
  static String reply(Map<String, Object> message, String finishReason) {
    Map<String, Object> choice = new LinkedHashMap<>();
    choice.put("index", 0);
    choice.put("message", message);
    choice.put("logprobs", null);
    choice.put("finish_reason", finishReason);
    choice.put("stop_reason", null);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", "chatcmpl-cli-1");
    body.put("object", "chat.completion");
    body.put("created", 1732450200);
    body.put("model", "judge-8b");
    body.put("choices", List.of(choice));
    body.put("usage", Map.of("prompt_tokens", 300, "total_tokens", 340, "completion_tokens", 40));
    return Json.write(body);
  }

  static String calculatorCall(String expression) {
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("role", "assistant");
    message.put("content", null);
    message.put(
        "tool_calls",
        List.of(
            Map.of(
                "id",
                "chatcmpl-tool-c1",
                "type",
                "function",
                "function",
                Map.of(
                    "name",
                    "calculator",
                    "arguments",
                    Json.write(Map.of("expression", expression))))));
    return reply(message, "tool_calls");
  }

  static String answer(String text) {
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("role", "assistant");
    message.put("content", text);
    message.put("tool_calls", List.of());
    return reply(message, "stop");
  }

  /** A model that calls the calculator until a tool result is in the conversation, then rates. */
  static void scriptCalculatorThenRating() {
    server.stubFor(
        post(urlEqualTo(PATH))
            .atPriority(1)
            .withRequestBody(matchingJsonPath("$.messages[?(@.role == 'tool')]"))
            .willReturn(
                ok().withHeader("Content-Type", "application/json")
                    .withBody(answer("The calculator agrees: 17*23 = 391. Rating: [[9]]"))));
    server.stubFor(
        post(urlEqualTo(PATH))
            .atPriority(2)
            .willReturn(
                ok().withHeader("Content-Type", "application/json")
                    .withBody(calculatorCall("17*23"))));
  }

  static List<JsonNode> bodies() throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (LoggedRequest r : server.findAll(postRequestedFor(urlEqualTo(PATH)))) {
      out.add(Json.mapper().readTree(r.getBodyAsString()));
    }
    return out;
  }

  private Path input() throws Exception {
    Path in = dir.resolve("in.jsonl");
    Files.write(in, List.of("{\"id\":\"q1\",\"query\":\"What is 17*23?\",\"response\":\"391\"}"));
    return in;
  }

  private String[] judge(Path in, Path out, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "judge",
                "--in",
                in.toString(),
                "--out",
                out.toString(),
                "--protocol",
                "mt-bench",
                "--no-verifiers",
                "--no-progress"));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  private String endpoint() {
    return "http://127.0.0.1:" + server.port() + "/v1";
  }

  @Test
  void should_let_the_judge_model_call_the_calculator_and_score_from_its_final_answer()
      throws Exception {
    // given
    scriptCalculatorThenRating();
    Path out = dir.resolve("out.jsonl");

    // when
    Run r =
        run(
            judge(
                input(),
                out,
                "--endpoint",
                endpoint(),
                "--model",
                "judge-8b",
                "--tools",
                "calculator",
                "--max-tool-steps",
                "2"));

    // then: the tool's exact result went back to the model, which then rated
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err()).contains("tools [calculator] (at most 2 steps)");
    List<JsonNode> bodies = bodies();
    assertThat(bodies).hasSize(2);
    JsonNode offered = bodies.get(0).path("tools").get(0).path("function");
    assertThat(offered.path("name").asText()).isEqualTo("calculator");
    assertThat(offered.path("parameters").path("required").get(0).asText()).isEqualTo("expression");
    JsonNode messages = bodies.get(1).path("messages");
    JsonNode toolTurn = messages.get(messages.size() - 1);
    assertThat(toolTurn.path("role").asText()).isEqualTo("tool");
    assertThat(toolTurn.path("tool_call_id").asText()).isEqualTo("chatcmpl-tool-c1");
    assertThat(toolTurn.path("content").asText()).isEqualTo("391");
    JsonNode verdict = Json.mapper().readTree(Files.readAllLines(out).get(0));
    assertThat(verdict.path("status").asText()).isEqualTo("SCORED");
    assertThat(verdict.path("score").asDouble()).isEqualTo(9.0);
    assertThat(verdict.path("usage").path("prompt_tokens").asLong()).isEqualTo(600);
  }

  @Test
  void should_offer_both_built_in_tools_when_python_is_named_too() throws Exception {
    assumeTrue(
        CodeSandbox.bubblewrapInstalled(), "SKIPPED: bubblewrap is needed for the python tool");
    scriptCalculatorThenRating();

    Run r =
        run(
            judge(
                input(),
                dir.resolve("out.jsonl"),
                "--endpoint",
                endpoint(),
                "--model",
                "judge-8b",
                "--tools",
                "calculator,python"));

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(bodies().get(0).path("tools"))
        .extracting(t -> t.path("function").path("name").asText())
        .containsExactly("calculator", "python");
  }

  @Test
  void should_name_the_known_tools_when_a_tool_is_unknown() throws Exception {
    Run r =
        run(
            judge(
                input(),
                dir.resolve("out.jsonl"),
                "--endpoint",
                endpoint(),
                "--model",
                "judge-8b",
                "--tools",
                "calculator,web_search"));

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err())
        .contains("--tools")
        .contains("unknown tool 'web_search'; known tools: calculator, python");
    assertThat(server.findAll(postRequestedFor(urlEqualTo(PATH)))).isEmpty();
  }

  @Test
  void should_refuse_tools_without_a_judge_model() throws Exception {
    Run r = run(judge(input(), dir.resolve("out.jsonl"), "--tools", "calculator"));

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--tools").contains("give --endpoint URL --model NAME");
  }

  @Test
  void should_reject_a_step_budget_below_one() throws Exception {
    Run r =
        run(
            judge(
                input(),
                dir.resolve("out.jsonl"),
                "--endpoint",
                endpoint(),
                "--model",
                "judge-8b",
                "--tools",
                "calculator",
                "--max-tool-steps",
                "0"));

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--max-tool-steps").contains("must be >= 1 but was 0");
  }
}
