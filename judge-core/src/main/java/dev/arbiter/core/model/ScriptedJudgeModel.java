package dev.arbiter.core.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A model that answers from a script, for users' own tests (like retrofit-mock or Inspect's
 * mockllm). It records every request so a test can assert what was sent and how often.
 *
 * {@snippet :
 * JudgeModel model = ScriptedJudgeModel.of("mock", (request, choice) -> "Rating: [[7]]");
 * }
 */
public final class ScriptedJudgeModel implements JudgeModel {

  /** Writes the text of choice {@code choice} of a request. */
  @FunctionalInterface
  public interface Responder {
    String reply(ChatRequest request, int choice);
  }

  private final String id;
  private final boolean supportsN;
  private final Responder responder;
  private final List<ChatRequest> requests = new CopyOnWriteArrayList<>();
  private final AtomicLong choices = new AtomicLong();

  private ScriptedJudgeModel(String id, boolean supportsN, Responder responder) {
    this.id = Objects.requireNonNull(id, "id");
    this.supportsN = supportsN;
    this.responder = Objects.requireNonNull(responder, "responder");
  }

  /** A scripted model that supports n &gt; 1 in one call. */
  public static ScriptedJudgeModel of(String id, Responder responder) {
    return new ScriptedJudgeModel(id, true, responder);
  }

  /** A scripted model that returns one choice per call, like most hosted chat APIs. */
  public static ScriptedJudgeModel singleChoice(String id, Responder responder) {
    return new ScriptedJudgeModel(id, false, responder);
  }

  /** A model that always answers with the same text. */
  public static ScriptedJudgeModel constant(String id, String text) {
    return of(id, (r, i) -> text);
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public boolean supportsN() {
    return supportsN;
  }

  /** A scripted model takes images, so tests can check what a vision judge would be sent. */
  @Override
  public boolean supportsImages() {
    return true;
  }

  @Override
  public CompletableFuture<ChatResponse> chat(ChatRequest request) {
    requests.add(request);
    int n = supportsN ? request.n() : 1;
    List<Choice> out = new ArrayList<>(n);
    try {
      for (int i = 0; i < n; i++) {
        String text = responder.reply(request, i);
        out.add(new Choice(i, text, "stop"));
        choices.incrementAndGet();
      }
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    long promptChars = request.messages().stream().mapToLong(m -> m.content().length()).sum();
    long completionChars = out.stream().mapToLong(c -> c.text().length()).sum();
    // Roughly 4 characters per token: the mock has no tokenizer, and tests only compare counts.
    return CompletableFuture.completedFuture(
        new ChatResponse(
            id,
            java.util.Optional.empty(),
            out,
            new TokenUsage(promptChars / 4, completionChars / 4, 0)));
  }

  /** Every request received, in arrival order. */
  public List<ChatRequest> requests() {
    return List.copyOf(requests);
  }

  /** How many calls were made. */
  public int calls() {
    return requests.size();
  }

  /** How many choices were generated over all calls. */
  public long choicesGenerated() {
    return choices.get();
  }
}
