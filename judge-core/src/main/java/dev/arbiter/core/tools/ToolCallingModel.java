package dev.arbiter.core.tools;

import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.Message;
import dev.arbiter.core.model.ChatRequest;
import dev.arbiter.core.model.ChatResponse;
import dev.arbiter.core.model.Choice;
import dev.arbiter.core.model.JudgeModel;
import dev.arbiter.core.model.TokenUsage;
import dev.arbiter.core.model.ToolCall;
import dev.arbiter.core.model.ToolSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Wraps a {@link JudgeModel} so that each choice is the end of a bounded tool-calling loop: the
 * model may call the registered tools (OpenAI tool calls), their results go back as tool turns, and
 * the loop ends when the model answers without calling a tool. After {@code maxSteps} rounds of
 * tool calls the model is asked once more, without tools, for its final answer. Tool errors (an
 * exception, a timeout, an unknown tool) go back to the model as tool results. The transcript of
 * every turn after the prompt is kept in the choice.
 *
 * <p>Each choice runs its own loop (loops diverge), so {@link #supportsN()} is false: Arbiter draws
 * k samples as k loops with distinct seeds.
 */
public final class ToolCallingModel implements JudgeModel {
  /** What the model is told when its tool budget is spent. */
  static final String BUDGET_SPENT =
      "Your tool budget is spent. Do not call tools any more; give your final judgement now in the required format.";

  private final JudgeModel model;
  private final Map<String, JudgeTool> tools;
  private final int maxSteps;
  private final Duration toolTimeout;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

  private ToolCallingModel(
      JudgeModel model, List<JudgeTool> tools, int maxSteps, Duration toolTimeout) {
    this.model = model;
    Map<String, JudgeTool> byName = new LinkedHashMap<>();
    for (JudgeTool t : tools) {
      if (byName.put(t.spec().name(), t) != null) {
        throw InvalidInputException.of("tools", "two tools are named '" + t.spec().name() + "'");
      }
    }
    this.tools = byName;
    this.maxSteps = maxSteps;
    this.toolTimeout = toolTimeout;
  }

  /**
   * A model whose every answer may use {@code tools} for at most {@code maxSteps} rounds, each tool
   * call limited to {@code toolTimeout}.
   */
  public static ToolCallingModel wrap(
      JudgeModel model, List<JudgeTool> tools, int maxSteps, Duration toolTimeout) {
    if (maxSteps < 1) {
      throw InvalidInputException.of("maxToolSteps", "must be >= 1 but was " + maxSteps);
    }
    if (tools.isEmpty()) {
      throw InvalidInputException.of("tools", "a tool-calling judge needs at least one tool");
    }
    return new ToolCallingModel(model, tools, maxSteps, toolTimeout);
  }

  @Override
  public String id() {
    return model.id();
  }

  @Override
  public Optional<String> revision() {
    // Tools change what the judge can find out: part of the cache identity.
    return Optional.of(
        model.revision().orElse("")
            + "+tools:"
            + String.join(",", tools.keySet())
            + "/"
            + maxSteps);
  }

  @Override
  public java.util.Map<String, Object> extraBody() {
    return model.extraBody();
  }

  @Override
  public boolean supportsN() {
    return false;
  }

  @Override
  public boolean supportsImages() {
    return model.supportsImages();
  }

  @Override
  public CompletableFuture<ChatResponse> chat(ChatRequest request) {
    return CompletableFuture.supplyAsync(() -> loop(request), executor);
  }

  private ChatResponse loop(ChatRequest request) {
    List<ToolSpec> specs = tools.values().stream().map(JudgeTool::spec).toList();
    List<Message> messages = new ArrayList<>(request.messages());
    List<Message> transcript = new ArrayList<>();
    TokenUsage usage = TokenUsage.ZERO;
    String model = "";
    for (int step = 0; ; step++) {
      boolean spent = step >= maxSteps;
      ChatRequest.Builder b = request.toBuilder().messages(messages).n(1);
      if (spent) {
        b.tools(List.of());
      } else {
        b.tools(specs);
      }
      ChatResponse r = this.model.chat(b.build()).join();
      usage = usage.plus(r.usage());
      model = r.model();
      Choice c = r.choices().get(0);
      if (c.toolCalls().isEmpty() || spent) {
        transcript.add(Message.assistant(c.text()));
        Choice last =
            new Choice(
                0, c.text(), c.finishReason(), c.logprobs(), List.of(), transcript, c.reasoning());
        return new ChatResponse(model, r.requestId(), List.of(last), usage);
      }
      Message asked = Message.assistantToolCalls(c.text(), c.toolCalls());
      messages.add(asked);
      transcript.add(asked);
      for (ToolCall call : c.toolCalls()) {
        Message result = Message.toolResult(call.id(), run(call));
        messages.add(result);
        transcript.add(result);
      }
      if (step + 1 >= maxSteps) {
        Message stop = Message.user(BUDGET_SPENT);
        messages.add(stop);
        transcript.add(stop);
      }
    }
  }

  private String run(ToolCall call) {
    JudgeTool tool = tools.get(call.name());
    if (tool == null) {
      return "error: unknown tool '" + call.name() + "'; available: " + tools.keySet();
    }
    Future<String> f = executor.submit(() -> tool.call(call.argumentsJson()));
    try {
      String out = f.get(toolTimeout.toMillis(), TimeUnit.MILLISECONDS);
      return out == null ? "" : out;
    } catch (TimeoutException e) {
      f.cancel(true);
      return "error: tool '" + call.name() + "' timed out after " + toolTimeout.toMillis() + " ms";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "error: interrupted";
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      return "error: " + cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
    model.close();
  }
}
