package dev.arbiter.vllm;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.core.http.Headers;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.RateLimitException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** How {@link Retries} reads a server's Retry-After; the waits themselves are Failsafe's. */
class RetriesTest {
  private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
  private static final Retries RETRIES = new Retries(Clock.fixed(NOW, ZoneOffset.UTC));

  private static RateLimitException rateLimited(String header, String value) {
    return RateLimitException.builder()
        .headers(Headers.builder().put(header, value).build())
        .build();
  }

  @Test
  void should_take_retry_after_in_seconds_milliseconds_or_as_an_http_date() {
    assertThat(RETRIES.retryAfter(rateLimited("Retry-After", "12")))
        .contains(Duration.ofSeconds(12));
    assertThat(RETRIES.retryAfter(rateLimited("Retry-After", "1.5")))
        .contains(Duration.ofMillis(1500));
    assertThat(RETRIES.retryAfter(rateLimited("retry-after-ms", "250")))
        .contains(Duration.ofMillis(250));
    assertThat(RETRIES.retryAfter(rateLimited("Retry-After", "Tue, 24 Nov 2026 10:00:20 GMT")))
        .contains(Duration.ofSeconds(20));
    assertThat(RETRIES.retryAfter(rateLimited("Retry-After", "Tue, 24 Nov 2026 09:59:00 GMT")))
        .contains(Duration.ZERO);
  }

  @Test
  void should_find_retry_after_through_the_wrappers_of_a_completed_future() {
    assertThat(RETRIES.retryAfter(new CompletionException(rateLimited("Retry-After", "3"))))
        .contains(Duration.ofSeconds(3));
  }

  @Test
  void should_leave_the_wait_to_the_backoff_when_retry_after_is_garbage_negative_or_too_long() {
    assertThat(RETRIES.retryAfter(rateLimited("Retry-After", "soon"))).isEmpty();
    assertThat(RETRIES.retryAfter(rateLimited("Retry-After", "3600"))).isEmpty();
    assertThat(RETRIES.retryAfter(rateLimited("Retry-After", "-4"))).isEmpty();
    assertThat(RETRIES.retryAfter(new OpenAIIoException("reset", new IOException("reset"))))
        .isEmpty();
  }
}
