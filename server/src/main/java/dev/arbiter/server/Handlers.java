package dev.arbiter.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.JudgeRequest;
import dev.arbiter.core.Mode;
import dev.arbiter.core.Status;
import dev.arbiter.core.Verdict;
import dev.arbiter.core.internal.Json;
import dev.arbiter.core.json.VerdictJson;
import dev.arbiter.eval.batch.BatchInput;
import dev.arbiter.eval.batch.RequestReader;
import dev.arbiter.spec.JudgeSpec;
import dev.arbiter.spec.JudgeSpec.ModelEndpoint;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** The server's endpoints. Every error answer is {@code {"error": {"message", "field"?}}}. */
final class Handlers {
  static final Set<String> ROUTES =
      Set.of("/get_reward", "/v1/judge", "/v1/judge/batch", "/health", "/metrics");

  /** A request the server refuses: an HTTP status, the field at fault, the reason. */
  static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final String field;

    Refused(int status, String field, String message) {
      super(message, null, false, false);
      this.status = status;
      this.field = field;
    }
  }

  private final ArbiterServer.Builder config;
  private final Admission admission;
  private final MeterRegistry registry;
  private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final Counter fallbacks;
  private final Counter rejected;
  private final HttpClient health =
      HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(2)).build();

  Handlers(ArbiterServer.Builder config, Admission admission, MeterRegistry registry) {
    this.config = config;
    this.admission = admission;
    this.registry = registry;
    this.fallbacks =
        Counter.builder("arbiter.reward.fallbacks")
            .description("Rewards /get_reward answered with the fallback (unscored or failed)")
            .register(registry);
    this.rejected =
        Counter.builder("arbiter.rejected")
            .description("Requests refused with 429 because the queue was full")
            .register(registry);
  }

  /** The in-flight counter of a route, registered as a gauge on first use. */
  AtomicInteger inFlight(String route) {
    String known = ROUTES.contains(route) ? route : "other";
    return inFlight.computeIfAbsent(
        known,
        r -> {
          AtomicInteger n = new AtomicInteger();
          Gauge.builder("arbiter.http.in.flight", n, AtomicInteger::get)
              .description("HTTP requests being answered")
              .tag("route", r)
              .register(registry);
          return n;
        });
  }

  // ---- POST /get_reward (OpenRLHF --remote_rm_url) ----

  void getReward(ServerRequest req, ServerResponse res) {
    guarded(
        res,
        () -> {
          JsonNode body = readJson(req);
          List<String> queries = strings(body, "query", true);
          List<String> prompts = strings(body, "prompts", true);
          List<String> labels = strings(body, "labels", false);
          if (prompts.size() != queries.size()) {
            throw new Refused(
                400,
                "prompts",
                "has " + prompts.size() + " entries but query has " + queries.size());
          }
          if (!labels.isEmpty() && labels.size() != queries.size()) {
            throw new Refused(
                400, "labels", "has " + labels.size() + " entries but query has " + queries.size());
          }
          List<JudgeRequest> requests = new ArrayList<>(queries.size());
          long batch = ids.incrementAndGet();
          for (int i = 0; i < queries.size(); i++) {
            String q = queries.get(i);
            String p = prompts.get(i);
            if (!q.startsWith(p)) {
              throw new Refused(
                  400,
                  "query[" + i + "]",
                  "does not start with prompts[" + i + "]: OpenRLHF sends prompt + response");
            }
            JudgeRequest.Builder b =
                JudgeRequest.builder()
                    .id("reward-" + batch + "-" + i)
                    .mode(Mode.POINTWISE)
                    .query(nonEmpty(strip(p), "prompts[" + i + "]"))
                    .candidate("A", strip(q.substring(p.length())));
            String label = labels.isEmpty() ? null : labels.get(i);
            if (label != null && !label.isBlank()) {
              b.reference(label);
            }
            config.defaultRubric.ifPresent(b::rubric);
            try {
              requests.add(b.build());
            } catch (InvalidInputException e) {
              throw new Refused(400, "query[" + i + "]", e.problem());
            }
          }
          if (requests.isEmpty()) {
            throw new Refused(400, "query", "is empty: give at least one prompt + response");
          }
          List<Verdict> verdicts = judgeAll(requests);
          res.header("Content-Type", "application/json");
          res.send(Json.write(rewards(verdicts)).getBytes(StandardCharsets.UTF_8));
        });
  }

  private String strip(String text) {
    String out = text;
    for (String t : config.stripTokens) {
      out = out.replace(t, "");
    }
    return out.strip();
  }

  private static String nonEmpty(String s, String field) {
    if (s.isEmpty()) {
      throw new Refused(400, field, "is empty once chat-template markers are removed");
    }
    return s;
  }

  /** Judges every request, each taking a place in the bounded queue; refuses all when full. */
  private List<Verdict> judgeAll(List<JudgeRequest> requests) throws InterruptedException {
    int n = requests.size();
    if (n > admission.capacity()) {
      throw new Refused(
          413,
          "query",
          "has "
              + n
              + " entries; this server holds at most "
              + admission.capacity()
              + " judgements (raise --max-queue or split the call)");
    }
    if (!admission.tryEnter(n)) {
      rejected.increment();
      throw new Refused(429, null, "the judge queue is full; retry later");
    }
    try {
      List<CompletableFuture<Verdict>> futures = new ArrayList<>(n);
      for (JudgeRequest r : requests) {
        futures.add(admission.run(() -> config.judge.judgeAsync(r)));
      }
      List<Verdict> out = new ArrayList<>(n);
      for (CompletableFuture<Verdict> f : futures) {
        out.add(f.join());
      }
      return out;
    } finally {
      admission.leave(n);
    }
  }

  /**
   * OpenRLHF's answer: {@code rewards} and {@code scores} (one number per query), {@code
   * extra_logs} (per-query numeric flags OpenRLHF logs), and {@code arbiter} with each query's
   * status and reason.
   */
  private ObjectNode rewards(List<Verdict> verdicts) {
    ObjectNode o = Json.mapper().createObjectNode();
    ArrayNode rewards = o.putArray("rewards");
    ArrayNode scores = o.putArray("scores");
    ObjectNode logs = o.putObject("extra_logs");
    ArrayNode scored = logs.putArray("judge_scored");
    ArrayNode unscored = logs.putArray("judge_unscored");
    ArrayNode errors = logs.putArray("judge_error");
    ArrayNode fallback = logs.putArray("judge_fallback");
    ObjectNode info = o.putObject("arbiter");
    ArrayNode statuses = info.putArray("statuses");
    ArrayNode reasons = info.putArray("reasons");
    int nUnscored = 0;
    int nErrors = 0;
    for (Verdict v : verdicts) {
      Optional<Double> reward =
          v.status() == Status.SCORED ? config.reward.reward(v) : Optional.empty();
      Optional<Double> score = v.status() == Status.SCORED ? v.normalizedScore() : Optional.empty();
      boolean usedFallback = reward.isEmpty() || score.isEmpty();
      if (usedFallback) {
        fallbacks.increment();
      }
      rewards.add(usedFallback ? config.fallbackReward : reward.get());
      scores.add(usedFallback ? config.fallbackReward : score.get());
      scored.add(v.status() == Status.SCORED ? 1 : 0);
      unscored.add(v.status() == Status.UNSCORED ? 1 : 0);
      errors.add(v.status() == Status.ERROR ? 1 : 0);
      fallback.add(usedFallback ? 1 : 0);
      nUnscored += v.status() == Status.UNSCORED ? 1 : 0;
      nErrors += v.status() == Status.ERROR ? 1 : 0;
      statuses.add(v.status().name());
      reasons.add(v.reason());
    }
    info.put(
        "status",
        nUnscored + nErrors == 0
            ? "ok"
            : nUnscored + nErrors == verdicts.size() ? "failed" : "partial");
    info.put("unscored", nUnscored);
    info.put("errors", nErrors);
    info.put("fallback_reward", config.fallbackReward);
    info.put("reward", config.reward.name().toLowerCase(Locale.ROOT));
    return o;
  }

  // ---- POST /v1/judge ----

  void judge(ServerRequest req, ServerResponse res) {
    guarded(
        res,
        () -> {
          String body = new String(readBody(req), StandardCharsets.UTF_8);
          Optional<String> modeParam = req.query().first("mode").asOptional();
          boolean withSamples = withSamples(req);
          JsonNode peek = parseJson(body);
          Mode mode = mode(modeParam, peek);
          BatchInput in =
              RequestReader.parseRecord(
                  "request body",
                  body.replace('\n', ' '),
                  1,
                  RequestReader.Format.ARBITER,
                  mode,
                  config.defaultRubric,
                  config.userRubrics);
          if (in.error().isPresent()) {
            InvalidInputException e = in.error().get();
            throw new Refused(400, e.field().orElse(null), e.problem());
          }
          JudgeRequest request = in.request().get();
          Verdict v = judgeAll(List.of(request)).get(0);
          ObjectNode line = VerdictJson.of(1, v, withSamples);
          RequestReader.profileNote(request, line);
          res.header("Content-Type", "application/json");
          res.send(Json.write(line).getBytes(StandardCharsets.UTF_8));
        });
  }

  /** {@code ?with_samples=true}: every sample's raw text in the verdict, as the CLI's flag. */
  private static boolean withSamples(ServerRequest req) {
    return req.query().first("with_samples").asOptional().map(Boolean::parseBoolean).orElse(false);
  }

  /** The mode a query parameter names, else the one a record's fields imply. */
  private static Mode mode(Optional<String> param, JsonNode record) {
    if (param.isPresent()) {
      try {
        return Mode.parse(param.get());
      } catch (InvalidInputException e) {
        throw new Refused(400, "mode", e.problem());
      }
    }
    if (record.has("response_a") || record.has("response_b")) {
      return Mode.PAIRWISE;
    }
    JsonNode cs = record.get("candidates");
    if (cs != null && cs.isArray()) {
      return cs.size() == 2 ? Mode.PAIRWISE : cs.size() > 2 ? Mode.LISTWISE : Mode.POINTWISE;
    }
    return Mode.POINTWISE;
  }

  // ---- POST /v1/judge/batch (NDJSON in, NDJSON out as verdicts complete) ----

  void batch(ServerRequest req, ServerResponse res) {
    guarded(
        res,
        () -> {
          Optional<String> modeParam = req.query().first("mode").asOptional();
          boolean withSamples = withSamples(req);
          checkLength(req);
          LinkedBlockingQueue<Optional<String>> lines = new LinkedBlockingQueue<>();
          AtomicInteger pending = new AtomicInteger(1);
          Thread reader =
              Thread.ofVirtual()
                  .name("arbiter-batch-reader")
                  .start(() -> readBatch(req, modeParam, withSamples, lines, pending));
          res.header("Content-Type", "application/x-ndjson");
          try (OutputStream out = res.outputStream()) {
            while (true) {
              Optional<String> line = lines.take();
              if (line.isEmpty()) {
                break;
              }
              out.write(line.get().getBytes(StandardCharsets.UTF_8));
              out.write('\n');
              if (lines.isEmpty()) {
                out.flush();
              }
            }
          }
          reader.join();
        });
  }

  private void readBatch(
      ServerRequest req,
      Optional<String> modeParam,
      boolean withSamples,
      LinkedBlockingQueue<Optional<String>> lines,
      AtomicInteger pending) {
    Runnable done =
        () -> {
          if (pending.decrementAndGet() == 0) {
            lines.add(Optional.empty());
          }
        };
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(req.content().inputStream(), StandardCharsets.UTF_8))) {
      long no = 0;
      for (String line; (line = in.readLine()) != null; ) {
        no++;
        if (line.isBlank()) {
          continue;
        }
        long lineNo = no;
        Mode mode;
        try {
          mode = mode(modeParam, parseJsonOrEmpty(line));
        } catch (Refused r) {
          lines.add(
              Optional.of(
                  Json.write(
                      VerdictJson.error(
                          lineNo, "line-" + lineNo, "input", r.getMessage(), r.field))));
          continue;
        }
        BatchInput input =
            RequestReader.parseRecord(
                "request body",
                line,
                lineNo,
                RequestReader.Format.ARBITER,
                mode,
                config.defaultRubric,
                config.userRubrics);
        if (input.error().isPresent()) {
          InvalidInputException e = input.error().get();
          lines.add(
              Optional.of(
                  Json.write(
                      VerdictJson.error(
                          lineNo, input.id(), "input", e.getMessage(), e.field().orElse(null)))));
          continue;
        }
        // A streamed batch waits for room instead of being refused: the client is slowed down.
        admission.enter();
        pending.incrementAndGet();
        JudgeRequest r = input.request().get();
        admission
            .run(() -> config.judge.judgeAsync(r))
            .whenComplete(
                (v, e) -> {
                  admission.leave(1);
                  ObjectNode out;
                  if (v != null) {
                    out = VerdictJson.of(lineNo, v, withSamples);
                    RequestReader.profileNote(r, out);
                  } else {
                    out = VerdictJson.error(lineNo, r.id(), "judge", String.valueOf(e), null);
                  }
                  lines.add(Optional.of(Json.write(out)));
                  done.run();
                });
      }
    } catch (IOException | RuntimeException e) {
      lines.add(
          Optional.of(
              Json.write(
                  VerdictJson.error(
                      0, "batch", "input", "reading the body failed: " + e.getMessage(), null))));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      done.run();
    }
  }

  // ---- GET /health ----

  void health(ServerRequest req, ServerResponse res) {
    guarded(
        res,
        () -> {
          ObjectNode o = Json.mapper().createObjectNode();
          ArrayNode eps = o.putArray("endpoints");
          boolean ready = true;
          List<CompletableFuture<Boolean>> checks = new ArrayList<>();
          for (ModelEndpoint e : config.endpoints) {
            checks.add(answers(e));
          }
          for (int i = 0; i < config.endpoints.size(); i++) {
            boolean up = checks.get(i).join();
            ready &= up;
            eps.addObject()
                .put("endpoint", JudgeSpec.redactUrl(config.endpoints.get(i).endpoint()))
                .put("ready", up);
          }
          o.put("status", ready ? "ready" : "unavailable");
          res.status(ready ? 200 : 503);
          res.header("Content-Type", "application/json");
          res.send(Json.write(o).getBytes(StandardCharsets.UTF_8));
        });
  }

  /** Whether an endpoint answers {@code GET /models} with 2xx in time. */
  private CompletableFuture<Boolean> answers(ModelEndpoint e) {
    String base = e.endpoint().endsWith("/") ? e.endpoint() : e.endpoint() + "/";
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + "models")).timeout(config.healthTimeout).GET();
    String key = System.getenv(e.apiKeyEnv());
    if (key != null && !key.isBlank()) {
      b.header("Authorization", "Bearer " + key);
    }
    return health
        .sendAsync(b.build(), HttpResponse.BodyHandlers.discarding())
        .handle((r, x) -> x == null && r.statusCode() / 100 == 2);
  }

  // ---- plumbing ----

  @FunctionalInterface
  interface Body {
    void run() throws Exception;
  }

  /** Runs a handler; a {@link Refused} or an unexpected failure becomes a JSON error answer. */
  private void guarded(ServerResponse res, Body body) {
    try {
      body.run();
    } catch (Refused r) {
      if (r.status == 429) {
        res.header("Retry-After", String.valueOf(config.retryAfterSeconds));
      }
      sendError(res, r.status, r.field, r.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      sendError(res, 503, null, "interrupted while judging");
    } catch (io.helidon.http.RequestException e) {
      throw e;
    } catch (Exception e) {
      if (!res.isSent()) {
        sendError(res, 500, null, "internal error: " + e);
      }
    }
  }

  static void sendError(ServerResponse res, int status, String field, String message) {
    ObjectNode o = Json.mapper().createObjectNode();
    ObjectNode err = o.putObject("error");
    err.put("message", field == null ? message : "field '" + field + "': " + message);
    if (field != null) {
      err.put("field", field);
    }
    err.put("status", status);
    res.status(status);
    res.header("Content-Type", "application/json");
    res.send(Json.write(o).getBytes(StandardCharsets.UTF_8));
  }

  private void checkLength(ServerRequest req) {
    var len = req.headers().contentLength();
    if (len.isPresent() && len.getAsLong() > config.maxBodyBytes) {
      throw new Refused(
          413,
          null,
          "the body has " + len.getAsLong() + " bytes; the limit is " + config.maxBodyBytes);
    }
  }

  private byte[] readBody(ServerRequest req) throws IOException {
    checkLength(req);
    try {
      byte[] body =
          req.content()
              .inputStream()
              .readNBytes((int) Math.min(Integer.MAX_VALUE - 8, config.maxBodyBytes + 1));
      if (body.length > config.maxBodyBytes) {
        throw new Refused(
            413, null, "the body is over the limit of " + config.maxBodyBytes + " bytes");
      }
      return body;
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private JsonNode readJson(ServerRequest req) throws IOException {
    return parseJson(new String(readBody(req), StandardCharsets.UTF_8));
  }

  private static JsonNode parseJson(String text) {
    JsonNode n;
    try {
      n = Json.mapper().readTree(text);
    } catch (JsonProcessingException e) {
      throw new Refused(400, null, "the body is not valid JSON: " + e.getOriginalMessage());
    }
    if (n == null || !n.isObject()) {
      throw new Refused(400, null, "the body must be a JSON object");
    }
    return n;
  }

  private static JsonNode parseJsonOrEmpty(String text) {
    try {
      JsonNode n = Json.mapper().readTree(text);
      return n == null || !n.isObject() ? Json.mapper().createObjectNode() : n;
    } catch (JsonProcessingException e) {
      // The record reader reports it with the line.
      return Json.mapper().createObjectNode();
    }
  }

  /** A list of strings (or nulls, for labels) at {@code field}; naming the bad element. */
  private static List<String> strings(JsonNode body, String field, boolean required) {
    JsonNode a = body.get(field);
    if (a == null || a.isNull()) {
      if (required) {
        throw new Refused(400, field, "missing: expected an array of strings");
      }
      return List.of();
    }
    if (!a.isArray()) {
      throw new Refused(400, field, "expected an array of strings but was " + kind(a));
    }
    List<String> out = new ArrayList<>(a.size());
    for (int i = 0; i < a.size(); i++) {
      JsonNode e = a.get(i);
      if (e.isTextual()) {
        out.add(e.asText());
      } else if (e.isNull() && !required) {
        out.add(null);
      } else if (!required && (e.isNumber() || e.isBoolean())) {
        // Labels are reference answers; a numeric one is its text.
        out.add(e.asText());
      } else {
        throw new Refused(400, field + "[" + i + "]", "expected a string but was " + kind(e));
      }
    }
    return out;
  }

  private static String kind(JsonNode n) {
    return n.getNodeType().name().toLowerCase(Locale.ROOT);
  }
}
