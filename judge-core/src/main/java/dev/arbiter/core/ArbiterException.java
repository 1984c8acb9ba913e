package dev.arbiter.core;

import dev.arbiter.core.internal.Redaction;
import java.util.Optional;

/**
 * The root of every exception Arbiter throws. It has two branches that callers act on: {@link
 * RetriableException} (try again later: rate limit, timeout, 5xx, reset) and {@link
 * NonRetriableException} (fix the request: bad request, auth, unknown model, bad input). Both carry
 * the endpoint, HTTP status and server request id when the failure came from a remote call.
 *
 * <p>Credentials in URLs never reach a message: the message and the endpoint pass through {@link
 * Redaction} here, whoever built them.
 */
public abstract class ArbiterException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String endpoint;
  private final int status;
  private final String requestId;

  protected ArbiterException(
      String message, String endpoint, int status, String requestId, Throwable cause) {
    super(Redaction.text(message), cause);
    this.endpoint = Redaction.url(endpoint);
    this.status = status;
    this.requestId = requestId;
  }

  /** Whether repeating the same call may succeed. */
  public abstract boolean retriable();

  /** The endpoint that was called, never containing credentials; empty if not a remote call. */
  public Optional<String> endpoint() {
    return Optional.ofNullable(endpoint);
  }

  /** The HTTP status, or -1 when there was none (a timeout, a reset, bad input). */
  public int status() {
    return status;
  }

  /** The server's request id when it sent one. */
  public Optional<String> requestId() {
    return Optional.ofNullable(requestId);
  }
}
