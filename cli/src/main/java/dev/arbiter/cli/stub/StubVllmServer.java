package dev.arbiter.cli.stub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.arbiter.core.internal.Hashing;
import dev.arbiter.core.internal.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A simulated vLLM server for demos, end-to-end tests and benchmarks: it speaks the
 * OpenAI-compatible chat-completions API on loopback and answers in whichever judge format the
 * prompt asks for. Its "judgements" are seeded pseudo-random draws from the prompt's hash —
 * deterministic, and worth nothing as judgements: never report an accuracy measured against it.
 *
 * <p>It returns {@code n} choices per call, logprobs when asked, usage with cached prompt tokens,
 * and can add latency, so it exercises the same client paths as a real server.
 */
public final class StubVllmServer implements AutoCloseable {
  private final HttpServer server;
  private final String model;
  private final long latencyMillis;
  private final AtomicLong calls = new AtomicLong();
  private final AtomicLong choices = new AtomicLong();

  private StubVllmServer(HttpServer server, String model, long latencyMillis) {
    this.server = server;
    this.model = model;
    this.latencyMillis = latencyMillis;
  }

  /** Starts a server on 127.0.0.1:{@code port} (0 picks a free port). */
  public static StubVllmServer start(int port, String model, long latencyMillis)
      throws IOException {
    HttpServer s =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
    StubVllmServer stub = new StubVllmServer(s, model, latencyMillis);
    s.createContext("/v1/chat/completions", stub::chat);
    s.createContext("/v1/models", stub::models);
    // vLLM answers GET /health with 200 and no body while it serves; routing checks it.
    s.createContext(
        "/health",
        ex -> {
          try (ex) {
            ex.sendResponseHeaders(200, -1);
          }
        });
    s.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    s.start();
    return stub;
  }

  /** The base URL to give Arbiter's {@code --endpoint}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** Chat-completion calls served. */
  public long calls() {
    return calls.get();
  }

  /** Choices generated over all calls. */
  public long choicesGenerated() {
    return choices.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void models(HttpExchange ex) throws IOException {
    ObjectNode o = Json.mapper().createObjectNode();
    o.put("object", "list");
    ObjectNode m = o.putArray("data").addObject();
    m.put("id", model);
    m.put("object", "model");
    m.put("owned_by", "arbiter-stub");
    send(ex, 200, o);
  }

  private void chat(HttpExchange ex) throws IOException {
    try (ex) {
      JsonNode req;
      try {
        req = Json.mapper().readTree(ex.getRequestBody());
      } catch (IOException e) {
        send(ex, 400, error("invalid JSON body: " + e.getMessage(), "BadRequestError"));
        return;
      }
      if (!model.equals(req.path("model").asText())) {
        send(
            ex,
            404,
            error(
                "The model `" + req.path("model").asText() + "` does not exist.", "NotFoundError"));
        return;
      }
      calls.incrementAndGet();
      if (latencyMillis > 0) {
        try {
          Thread.sleep(latencyMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      StringBuilder prompt = new StringBuilder();
      for (JsonNode m : req.path("messages")) {
        JsonNode content = m.path("content");
        if (content.isArray()) {
          // OpenAI content parts: text as it is, each image as a short tag of its URL's hash, so
          // different images give different (still deterministic) answers.
          for (JsonNode part : content) {
            if (part.path("type").asText().equals("image_url")) {
              String url = part.path("image_url").path("url").asText();
              prompt.append("[image ").append(Hashing.sha256(url), 0, 12).append(']');
            } else {
              prompt.append(part.path("text").asText());
            }
          }
          prompt.append('\n');
        } else {
          prompt.append(content.asText()).append('\n');
        }
      }
      String p = prompt.toString();
      int n = Math.max(1, req.path("n").asInt(1));
      long seed = req.path("seed").asLong(0);
      long base = Long.parseUnsignedLong(Hashing.sha256(p).substring(0, 15), 16);
      boolean logprobs = req.path("logprobs").asBoolean(false);
      int topLogprobs = req.path("top_logprobs").asInt(0);
      JsonNode schema = req.path("response_format").path("json_schema").path("schema");
      ObjectNode resp = Json.mapper().createObjectNode();
      resp.put("id", "chatcmpl-stub-" + calls.get());
      resp.put("object", "chat.completion");
      resp.put("created", System.currentTimeMillis() / 1000);
      resp.put("model", model);
      ArrayNode cs = resp.putArray("choices");
      long completionTokens = 0;
      for (int i = 0; i < n; i++) {
        SplittableRandom rnd =
            new SplittableRandom(base ^ (seed * 0x9E3779B97F4A7C15L) ^ (i * 0xBF58476D1CE4E5B9L));
        String text = StubAnswers.answer(p, schema.isMissingNode() ? null : schema, rnd);
        ObjectNode c = cs.addObject();
        c.put("index", i);
        ObjectNode msg = c.putObject("message");
        msg.put("role", "assistant");
        msg.put("content", text);
        c.put("finish_reason", "stop");
        if (logprobs) {
          c.set("logprobs", StubAnswers.logprobs(text, topLogprobs, rnd));
        } else {
          c.putNull("logprobs");
        }
        completionTokens += Math.max(1, text.length() / 4);
      }
      choices.addAndGet(n);
      ObjectNode usage = resp.putObject("usage");
      long promptTokens = Math.max(1, p.length() / 4);
      usage.put("prompt_tokens", promptTokens);
      usage.put("completion_tokens", completionTokens);
      usage.put("total_tokens", promptTokens + completionTokens);
      // vLLM reports prefix-cache hits here when --enable-prompt-tokens-details is on.
      usage
          .putObject("prompt_tokens_details")
          .put("cached_tokens", calls.get() > 1 ? promptTokens / 2 : 0);
      send(ex, 200, resp);
    }
  }

  private static ObjectNode error(String message, String type) {
    ObjectNode o = Json.mapper().createObjectNode();
    ObjectNode e = o.putObject("error");
    e.put("message", message);
    e.put("type", type);
    return o;
  }

  private static void send(HttpExchange ex, int status, JsonNode body) throws IOException {
    byte[] bytes = Json.mapper().writeValueAsBytes(body);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(bytes);
    }
  }
}
