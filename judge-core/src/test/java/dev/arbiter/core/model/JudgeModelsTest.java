package dev.arbiter.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.Message;
import dev.arbiter.core.RetriableException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class JudgeModelsTest {

  /** A model whose calls stay in flight until the test completes them. */
  private static final class HeldModel implements JudgeModel {
    final List<CompletableFuture<ChatResponse>> calls = new CopyOnWriteArrayList<>();

    @Override
    public String id() {
      return "held";
    }

    @Override
    public CompletableFuture<ChatResponse> chat(ChatRequest request) {
      CompletableFuture<ChatResponse> f = new CompletableFuture<>();
      calls.add(f);
      return f;
    }
  }

  private static final ChatRequest REQUEST =
      ChatRequest.builder().message(Message.user("rate")).build();

  private static ChatResponse response() {
    return new ChatResponse("held", java.util.Optional.empty(), List.of(), TokenUsage.ZERO);
  }

  private static void awaitCalls(HeldModel m, int n) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (m.calls.size() < n && System.nanoTime() < end) {
      Thread.sleep(5);
    }
  }

  @Test
  void should_queue_calls_beyond_the_limit_without_blocking_the_caller() throws Exception {
    // given
    HeldModel held = new HeldModel();
    JudgeModel bounded = JudgeModels.bounded(held, 2);
    // when: five calls from one thread (it would hang here if the limit blocked)
    List<CompletableFuture<ChatResponse>> out = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      out.add(bounded.chat(REQUEST));
    }
    awaitCalls(held, 2);
    Thread.sleep(50);
    // then: two reach the model, three wait
    assertThat(held.calls).hasSize(2);
    assertThat(out).noneMatch(CompletableFuture::isDone);
    // when: one finishes, the next waiting call starts
    held.calls.get(0).complete(response());
    awaitCalls(held, 3);
    assertThat(held.calls).hasSize(3);
    // when: a failure frees its slot too
    held.calls
        .get(1)
        .completeExceptionally(
            new RetriableException("503", "http://127.0.0.1:1", 503, null, null));
    awaitCalls(held, 4);
    held.calls.get(2).complete(response());
    awaitCalls(held, 5);
    held.calls.get(3).complete(response());
    held.calls.get(4).complete(response());
    // then: every call completed, the failure passed through unchanged
    CompletableFuture.allOf(out.toArray(CompletableFuture[]::new))
        .handle((v, e) -> null)
        .get(5, TimeUnit.SECONDS);
    assertThat(held.calls).hasSize(5);
    assertThat(out.get(1)).isCompletedExceptionally();
    assertThatThrownBy(() -> out.get(1).join()).hasCauseInstanceOf(RetriableException.class);
    assertThat(out.stream().filter(f -> !f.isCompletedExceptionally())).hasSize(4);
  }

  @Test
  void should_reject_a_limit_below_one() {
    assertThatThrownBy(() -> JudgeModels.bounded(new HeldModel(), 0))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("maxInFlight");
  }

  @Test
  void should_refuse_calls_with_a_distinct_error_once_the_token_budget_is_spent() {
    // given: each call reports 400 + 100 tokens
    AtomicInteger told = new AtomicInteger();
    ScriptedJudgeModel scripted =
        ScriptedJudgeModel.of("m", (r, i) -> "x".repeat(400)); // 400 chars = 100 tokens
    ChatRequest request =
        ChatRequest.builder().message(Message.user("y".repeat(1600))).build(); // 400 tokens
    JudgeModel budgeted = JudgeModels.withTokenBudget(scripted, 1200, told::incrementAndGet);
    // when: three calls spend 1500 tokens (the third started at 1000)
    for (int c = 0; c < 3; c++) {
      JudgeModelContract.await(budgeted.chat(request));
    }
    Throwable refused = JudgeModelContract.failureOf(budgeted.chat(request));
    Throwable again = JudgeModelContract.failureOf(budgeted.chat(request));
    // then: refused before reaching the model, not retriable, the job told once
    assertThat(refused)
        .isInstanceOf(TokenBudgetExceededException.class)
        .hasMessageContaining("token budget of 1200 tokens")
        .hasMessageContaining("1500");
    assertThat(((TokenBudgetExceededException) refused).retriable()).isFalse();
    assertThat(((TokenBudgetExceededException) refused).used()).isEqualTo(1500);
    assertThat(again).isInstanceOf(TokenBudgetExceededException.class);
    assertThat(scripted.calls()).isEqualTo(3);
    assertThat(told).hasValue(1);
  }
}
