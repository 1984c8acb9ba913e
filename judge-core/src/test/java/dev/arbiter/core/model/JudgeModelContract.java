package dev.arbiter.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.arbiter.core.ArbiterException;
import dev.arbiter.core.ContentPart;
import dev.arbiter.core.Image;
import dev.arbiter.core.Message;
import dev.arbiter.core.NonRetriableException;
import dev.arbiter.core.RetriableException;
import dev.arbiter.core.testing.TestImages;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * The checks every {@link JudgeModel} adapter must pass (like LangChain4j's {@code
 * AbstractChatModelIT}). An adapter's test extends this class, wires the model to a server it
 * controls (WireMock, a fake client, ...) and tells the contract how to make that server answer.
 *
 * <p>The contract checks that a call returns exactly {@code n} choices in index order (one when the
 * model does not {@linkplain JudgeModel#supportsN() support n}); that text, finish reason
 * (including {@code length}) and usage are carried over; that failures complete the future
 * exceptionally with a {@link RetriableException} or {@link NonRetriableException} instead of
 * throwing from {@link JudgeModel#chat}; and that many virtual threads may call one model at once
 * without their answers crossing.
 *
 * <p>Each test creates its model with {@link #createModel()} after the subclass's own
 * {@code @BeforeEach} methods ran (so a server started there is up) and closes it at the end.
 * Failure arrangements must fail fast: configure the adapter under test with tiny backoff.
 */
public abstract class JudgeModelContract {

  /** How long the contract waits for one call before calling the model hung. */
  protected static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

  /** The two kinds of failure an adapter must tell apart. */
  protected enum Failure {
    /** The server keeps failing in a way that may pass (HTTP 503, say), on every retry. */
    TRANSIENT,
    /** The server rejects the request in a way repeating will not fix (HTTP 400, say). */
    PERMANENT
  }

  /** Creates the model under test, wired to the server the {@code arrange...} methods control. */
  protected abstract JudgeModel createModel();

  /**
   * Makes the server answer every following call with exactly these choices (in this order, with
   * these texts and finish reasons) and this usage. The contract passes one choice when the model
   * does not support n.
   */
  protected abstract void arrangeReply(List<Choice> choices, TokenUsage usage);

  /**
   * Makes the server answer every following call with one choice whose text is the content of the
   * request's first message, finish reason {@code stop}. The concurrency check uses it to see that
   * no call receives another call's answer.
   */
  protected abstract void arrangeEcho();

  /** Makes the server fail every following call in the given way. */
  protected abstract void arrangeFailure(Failure failure);

  /** How many calls the concurrency check issues at once; lower it for slow fakes. */
  protected int concurrentCalls() {
    return 64;
  }

  /** A plain request the contract sends; override to add what the adapter needs. */
  protected ChatRequest.Builder request(String userText) {
    return ChatRequest.builder()
        .message(Message.system("You are a careful judge."))
        .message(Message.user(userText))
        .maxTokens(64)
        .seed(7L);
  }

  @Test
  void should_return_exactly_n_choices_in_index_order() {
    try (JudgeModel model = createModel()) {
      // given
      int n = model.supportsN() ? 3 : 1;
      List<Choice> scripted = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        scripted.add(new Choice(i, "Rating: [[" + (i + 4) + "]]", "stop"));
      }
      arrangeReply(scripted, new TokenUsage(40, 12 * n, 0));

      // when
      ChatResponse response = await(model.chat(request("Rate this answer.").n(n).build()));

      // then
      assertThat(response.choices()).hasSize(n);
      for (int i = 0; i < n; i++) {
        Choice c = response.choices().get(i);
        assertThat(c.index()).as("index of choice %d", i).isEqualTo(i);
        assertThat(c.text()).as("text of choice %d", i).isEqualTo("Rating: [[" + (i + 4) + "]]");
        assertThat(c.finishReason()).as("finish reason of choice %d", i).isEqualTo("stop");
      }
    }
  }

  @Test
  void should_return_one_choice_when_one_is_asked_for() {
    try (JudgeModel model = createModel()) {
      arrangeReply(List.of(new Choice(0, "Verdict: A", "stop")), new TokenUsage(9, 3, 0));

      ChatResponse response = await(model.chat(request("Which is better?").n(1).build()));

      assertThat(response.choices()).extracting(Choice::text).containsExactly("Verdict: A");
    }
  }

  @Test
  void should_answer_a_request_with_an_image_when_it_says_it_takes_images() {
    try (JudgeModel model = createModel()) {
      assumeTrue(
          model.supportsImages(), "the model takes text only: DefaultJudge never sends it images");
      arrangeReply(List.of(new Choice(0, "Verdict: B", "stop")), new TokenUsage(700, 3, 0));
      ChatRequest request =
          ChatRequest.builder()
              .message(Message.system("You are a careful judge."))
              .message(
                  Message.user(
                      List.of(
                          ContentPart.text("Which drawing is a circle?"),
                          ContentPart.image(Image.fromBytes(TestImages.png(2, 2, 0x808080))))))
              .build();

      ChatResponse r = await(model.chat(request));

      assertThat(r.choices()).extracting(Choice::text).containsExactly("Verdict: B");
    }
  }

  @Test
  void should_carry_token_usage_over() {
    try (JudgeModel model = createModel()) {
      arrangeReply(List.of(new Choice(0, "ok", "stop")), new TokenUsage(321, 54, 0));

      ChatResponse response = await(model.chat(request("Count me.").build()));

      assertThat(response.usage().promptTokens()).isEqualTo(321);
      assertThat(response.usage().completionTokens()).isEqualTo(54);
    }
  }

  @Test
  void should_preserve_length_finish_reason_when_the_budget_ran_out() {
    try (JudgeModel model = createModel()) {
      arrangeReply(
          List.of(new Choice(0, "The answer is thorough and", "length")), new TokenUsage(30, 8, 0));

      ChatResponse response = await(model.chat(request("Explain.").maxTokens(8).build()));

      Choice only = response.choices().get(0);
      assertThat(only.finishReason()).isEqualTo("length");
      assertThat(only.truncated()).isTrue();
      assertThat(only.text()).isEqualTo("The answer is thorough and");
    }
  }

  @Test
  void should_complete_exceptionally_with_retriable_exception_when_the_server_keeps_failing() {
    try (JudgeModel model = createModel()) {
      arrangeFailure(Failure.TRANSIENT);

      Throwable failure = failureOf(model, request("Rate this.").build());

      assertThat(failure).isInstanceOf(RetriableException.class);
      assertThat(((ArbiterException) failure).retriable()).isTrue();
    }
  }

  @Test
  void should_complete_exceptionally_with_non_retriable_exception_when_the_request_is_rejected() {
    try (JudgeModel model = createModel()) {
      arrangeFailure(Failure.PERMANENT);

      Throwable failure = failureOf(model, request("Rate this.").build());

      assertThat(failure).isInstanceOf(NonRetriableException.class);
      assertThat(((ArbiterException) failure).retriable()).isFalse();
    }
  }

  @Test
  void should_answer_each_of_many_concurrent_virtual_thread_calls_with_its_own_reply() {
    try (JudgeModel model = createModel()) {
      arrangeEcho();
      int calls = concurrentCalls();
      List<Future<ChatResponse>> futures = new ArrayList<>(calls);

      try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
        for (int i = 0; i < calls; i++) {
          ChatRequest r =
              ChatRequest.builder().message(Message.user("call-" + i)).maxTokens(8).build();
          futures.add(threads.submit(() -> await(model.chat(r))));
        }
      }

      for (int i = 0; i < calls; i++) {
        ChatResponse response = getNow(futures.get(i));
        assertThat(response.choices()).as("choices of call %d", i).hasSize(1);
        assertThat(response.choices().get(0).text())
            .as("reply to call %d", i)
            .isEqualTo("call-" + i);
      }
    }
  }

  /** Waits for a call that must succeed. */
  public static ChatResponse await(CompletableFuture<ChatResponse> future) {
    try {
      return future.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for the model", e);
    } catch (ExecutionException e) {
      throw new AssertionError("the call failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("the call did not complete within " + CALL_TIMEOUT, e);
    }
  }

  /**
   * Calls the model, checks {@link JudgeModel#chat} itself did not throw, and returns the exception
   * the future completed with.
   */
  public static Throwable failureOf(JudgeModel model, ChatRequest request) {
    List<CompletableFuture<ChatResponse>> holder = new ArrayList<>(1);
    assertThatCode(() -> holder.add(model.chat(request)))
        .as("chat() must report failures through its future, not throw")
        .doesNotThrowAnyException();
    return failureOf(holder.get(0));
  }

  /** Waits for a call that must fail and returns the exception its future completed with. */
  public static Throwable failureOf(CompletableFuture<?> future) {
    try {
      Object unexpected = future.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      throw new AssertionError("the call should have failed but returned " + unexpected);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for the model", e);
    } catch (TimeoutException e) {
      throw new AssertionError("the failing call did not complete within " + CALL_TIMEOUT, e);
    }
  }

  private static ChatResponse getNow(Future<ChatResponse> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof AssertionError a) {
        throw a;
      }
      throw new AssertionError("a concurrent call failed: " + e.getCause(), e.getCause());
    }
  }
}
