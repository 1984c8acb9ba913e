package dev.arbiter.vllm;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.JsonValue;
import com.openai.errors.OpenAIInvalidDataException;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIRetryableException;
import com.openai.errors.OpenAIServiceException;
import dev.arbiter.core.ArbiterException;
import dev.arbiter.core.NonRetriableException;
import dev.arbiter.core.RetriableException;
import dev.arbiter.core.internal.Json;
import dev.arbiter.core.internal.Redaction;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The one place where failures of the OpenAI client become Arbiter exceptions (like LangChain4j's
 * {@code ExceptionMapper}). Retriable: HTTP 408, 429, 5xx other than 501, timeouts, resets, refused
 * or broken connections, a body cut off mid-read, and a 200 whose body is not a chat completion
 * (malformed or truncated JSON: a server or proxy under load sends those now and then, so it is
 * tried again like a 5xx; a wrong base URL then fails after the retries with a hint). Not
 * retriable: every other status (400, 401, 403, 404, 422, ...).
 *
 * <p>Messages name the endpoint, status, request id and the server's own message, and never the API
 * key: it is masked wherever a server might echo it. A service exception is not kept as the cause
 * because its message carries the raw body.
 */
final class ExceptionMapper {
  private static final int MAX_SERVER_MESSAGE = 500;

  private final String endpoint;
  private final String model;
  private final Optional<String> secret;

  ExceptionMapper(String endpoint, String model, Optional<String> secret) {
    this.endpoint = endpoint;
    this.model = model;
    this.secret = secret.filter(s -> !s.isEmpty());
  }

  /** Strips the wrappers {@link java.util.concurrent.CompletableFuture} adds. */
  static Throwable unwrap(Throwable t) {
    Throwable cur = t;
    while ((cur instanceof CompletionException || cur instanceof ExecutionException)
        && cur.getCause() != null) {
      cur = cur.getCause();
    }
    return cur;
  }

  /** Whether another attempt may succeed. */
  boolean retriable(Throwable failure) {
    Throwable t = unwrap(failure);
    if (t instanceof ArbiterException a) {
      return a.retriable();
    }
    if (t instanceof OpenAIServiceException s) {
      return retriableStatus(s.statusCode());
    }
    return t instanceof OpenAIIoException
        || t instanceof OpenAIRetryableException
        || t instanceof OpenAIInvalidDataException
        || transportFailure(t) != null;
  }

  /**
   * The I/O failure behind {@code t}, if any. The client reports a body cut off mid-read as invalid
   * data caused by an IOException; Jackson's parse errors are IOExceptions too, but those mean the
   * bytes arrived and were wrong, so they do not count.
   */
  private static IOException transportFailure(Throwable t) {
    for (Throwable cur = t; cur != null; cur = cur.getCause()) {
      if (cur instanceof JacksonException) {
        return null;
      }
      if (cur instanceof IOException io) {
        return io;
      }
      if (cur.getCause() == cur) {
        break;
      }
    }
    return null;
  }

  static boolean retriableStatus(int status) {
    // 501 Not Implemented is permanent although it is a 5xx.
    return status == 408 || status == 429 || (status >= 500 && status != 501);
  }

  /** The Arbiter exception for {@code failure}, after {@code attempts} attempts. */
  ArbiterException map(Throwable failure, int attempts) {
    Throwable t = unwrap(failure);
    if (t instanceof ArbiterException a) {
      return a;
    }
    String tries = attempts > 1 ? " after " + attempts + " attempts" : "";
    if (t instanceof OpenAIServiceException s) {
      int status = s.statusCode();
      String requestId = s.headers().values("x-request-id").stream().findFirst().orElse(null);
      String message =
          "HTTP "
              + status
              + " from "
              + endpoint
              + " (model "
              + model
              + (requestId == null ? "" : ", request id " + requestId)
              + ")"
              + tries
              + ": "
              + serverMessage(s.body());
      return retriableStatus(status)
          ? new RetriableException(message, endpoint, status, requestId, null)
          : new NonRetriableException(message, endpoint, status, requestId, null);
    }
    if (t instanceof OpenAIInvalidDataException && transportFailure(t) == null) {
      return new RetriableException(
          "the reply from "
              + endpoint
              + " is not an OpenAI chat completion"
              + tries
              + " (is the base URL right, ending in /v1?): "
              + mask(String.valueOf(t.getMessage())),
          endpoint,
          200,
          null,
          null);
    }
    if (retriable(t)) {
      IOException cause = transportFailure(t);
      Throwable io = cause != null ? cause : t.getCause() != null ? t.getCause() : t;
      String why = io instanceof InterruptedIOException ? "timed out" : "failed";
      return new RetriableException(
          "call to " + endpoint + " (model " + model + ") " + why + tries + ": " + describe(io),
          endpoint,
          -1,
          null,
          io);
    }
    return new NonRetriableException(
        "call to " + endpoint + " (model " + model + ") failed: " + describe(t),
        endpoint,
        -1,
        null,
        t);
  }

  /** The failure for a call whose every attempt came back without a single choice. */
  RetriableException noChoices(int expected, int attempts) {
    return new RetriableException(
        "asked "
            + endpoint
            + " (model "
            + model
            + ") for "
            + expected
            + " choices but got none"
            + (attempts > 1 ? " in " + attempts + " attempts" : ""),
        endpoint,
        200,
        null,
        null);
  }

  /**
   * The server's error text: vLLM and OpenAI put it in {@code error.message} or {@code message}.
   */
  private String serverMessage(JsonValue body) {
    String text;
    try {
      JsonNode node = Json.mapper().valueToTree(body.convert(Object.class));
      JsonNode msg = node == null ? null : node.path("error").path("message");
      if (msg == null || !msg.isTextual()) {
        msg = node == null ? null : node.path("message");
      }
      text = msg != null && msg.isTextual() ? msg.asText() : Json.write(node);
    } catch (RuntimeException e) {
      text = String.valueOf(body);
    }
    text = mask(text);
    return text.length() > MAX_SERVER_MESSAGE
        ? text.substring(0, MAX_SERVER_MESSAGE) + "..."
        : text;
  }

  private String describe(Throwable t) {
    return mask(
        t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage()));
  }

  /** Hides the API key if a server or library echoed it, and credentials in any URL. */
  String mask(String text) {
    String masked = secret.map(s -> text.replace(s, Redaction.MASK)).orElse(text);
    return Redaction.text(masked);
  }
}
