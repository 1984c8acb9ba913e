package dev.arbiter.rubrics.generate;

import dev.arbiter.core.model.ChatRequest;
import dev.arbiter.core.model.ChatResponse;
import dev.arbiter.core.model.JudgeModel;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts the calls made through it, for reports. */
final class CountingModel implements JudgeModel {
  private final JudgeModel delegate;
  final AtomicInteger calls = new AtomicInteger();

  CountingModel(JudgeModel delegate) {
    this.delegate = delegate;
  }

  @Override
  public String id() {
    return delegate.id();
  }

  @Override
  public Optional<String> revision() {
    return delegate.revision();
  }

  @Override
  public java.util.Map<String, Object> extraBody() {
    return delegate.extraBody();
  }

  @Override
  public boolean supportsN() {
    return delegate.supportsN();
  }

  @Override
  public CompletableFuture<ChatResponse> chat(ChatRequest request) {
    calls.incrementAndGet();
    return delegate.chat(request);
  }
}
