package dev.arbiter.vllm;

import com.openai.core.http.Headers;
import com.openai.errors.OpenAIServiceException;
import dev.failsafe.RetryPolicy;
import dev.failsafe.RetryPolicyBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * When a call is tried again and how long it waits in between, as a Failsafe {@link RetryPolicy}:
 * exponential backoff from {@code initial} doubling up to {@code max}, with jitter of {@value
 * #JITTER} either way so that clients do not retry in step, or the server's {@code Retry-After}
 * when it sent a sensible one.
 *
 * <p>The rules follow the OpenAI Python SDK ({@code _calculate_retry_timeout}): a {@code
 * retry-after-ms} or {@code Retry-After} header (seconds or HTTP date) between 0 and 60 seconds
 * replaces the computed delay. Failsafe applies its jitter to that delay too, so the server's wait
 * is stretched by {@code 1 / (1 - jitter)} first: the retry never comes earlier than asked.
 */
final class Retries {
  /** Longer server waits than this are ignored in favour of our own backoff (OpenAI SDK rule). */
  static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);

  /** The jitter factor: each computed wait is scaled by a random factor in [0.75, 1.25]. */
  static final double JITTER = 0.25;

  private static final Duration USE_BACKOFF = Duration.ofNanos(-1);

  private final Clock clock;

  Retries(Clock clock) {
    this.clock = clock;
  }

  /**
   * The policy for one call's attempts.
   *
   * @param retry whether an attempt's outcome (a result, or a failure when the result is null) is
   *     worth another attempt
   * @param closed aborts further attempts once true
   */
  <R> RetryPolicy<R> policy(
      int maxRetries,
      Duration initial,
      Duration max,
      double jitter,
      RetryTest<R> retry,
      BooleanSupplier closed) {
    RetryPolicyBuilder<R> b =
        RetryPolicy.<R>builder()
            .handleIf((result, failure) -> retry.test(result, failure))
            .abortIf((result, failure) -> closed.getAsBoolean())
            .withMaxRetries(maxRetries)
            // A negative delay tells Failsafe to use the backoff instead.
            .withDelayFn(
                ctx ->
                    retryAfter(ctx.getLastException())
                        .map(d -> stretched(d, jitter))
                        .orElse(USE_BACKOFF));
    if (max.compareTo(initial) > 0 && !initial.isZero()) {
      b.withBackoff(initial, max);
    } else if (!initial.isZero()) {
      b.withDelay(initial);
    }
    if (jitter > 0) {
      b.withJitter(jitter);
    }
    return b.build();
  }

  /** Whether an attempt's outcome is worth another attempt. */
  @FunctionalInterface
  interface RetryTest<R> {
    boolean test(R result, Throwable failure);
  }

  private static Duration stretched(Duration wait, double jitter) {
    return jitter <= 0 ? wait : Duration.ofNanos((long) Math.ceil(wait.toNanos() / (1 - jitter)));
  }

  /** The server's requested wait, when it sent one we honour. */
  Optional<Duration> retryAfter(Throwable failure) {
    Throwable t = ExceptionMapper.unwrap(failure);
    if (!(t instanceof OpenAIServiceException service)) {
      return Optional.empty();
    }
    Headers headers = service.headers();
    Optional<Duration> wait = first(headers, "retry-after-ms").flatMap(Retries::millis);
    if (wait.isEmpty()) {
      wait = first(headers, "retry-after").flatMap(this::secondsOrDate);
    }
    Predicate<Duration> sensible = d -> !d.isNegative() && d.compareTo(MAX_RETRY_AFTER) <= 0;
    return wait.filter(sensible);
  }

  private static Optional<String> first(Headers headers, String name) {
    return headers.values(name).stream().map(String::trim).filter(s -> !s.isEmpty()).findFirst();
  }

  private static Optional<Duration> millis(String value) {
    try {
      return Optional.of(Duration.ofNanos((long) (Double.parseDouble(value) * 1_000_000)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private Optional<Duration> secondsOrDate(String value) {
    try {
      return Optional.of(Duration.ofNanos((long) (Double.parseDouble(value) * 1_000_000_000)));
    } catch (NumberFormatException notSeconds) {
      // RFC 9110 section 10.2.3: Retry-After is delay-seconds or an HTTP-date.
      try {
        ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration d = Duration.between(clock.instant(), at.toInstant());
        return Optional.of(d.isNegative() ? Duration.ZERO : d);
      } catch (DateTimeParseException notDate) {
        return Optional.empty();
      }
    }
  }
}
