package dev.arbiter.core;

import dev.arbiter.core.cache.CachedSample;
import dev.arbiter.core.cache.SampleCache;
import dev.arbiter.core.internal.CacheKeys;
import dev.arbiter.core.internal.Hashing;
import dev.arbiter.core.internal.Json;
import dev.arbiter.core.model.ChatRequest;
import dev.arbiter.core.model.ChatResponse;
import dev.arbiter.core.model.Choice;
import dev.arbiter.core.model.JudgeModel;
import dev.arbiter.core.model.TokenUsage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Draws samples from the model through the sample cache. Each sample has its own cache key (request
 * content + sampling parameters + sample index), so raising k reuses what was paid for. Samples
 * that are missing are fetched in one call with {@code n = missing} when the model supports it (the
 * prompt is prefilled once), otherwise in parallel single calls with seeds {@code seed + index}.
 * Identical samples already in flight are awaited, not fetched again.
 */
final class Sampler {

  /** One drawn sample before parsing. */
  record Drawn(int index, CachedSample sample, boolean cached) {}

  /** The samples of one round and what they cost. */
  record Round(List<Drawn> samples, Usage usage) {}

  private final JudgeModel model;
  private final SampleCache cache;
  private final String protocolKey;
  private final Map<String, CompletableFuture<CachedSample>> inFlight = new ConcurrentHashMap<>();

  /** How many times a reply with too few choices is followed by a call for the missing ones. */
  static final int MAX_REASKS = 2;

  Sampler(JudgeModel model, SampleCache cache, String protocolKey) {
    this.model = model;
    this.cache = cache;
    this.protocolKey = protocolKey;
  }

  /** The cache key of sample {@code index} of {@code request} (whose n and seed are the base). */
  String key(ChatRequest request, int index) {
    return Hashing.sha256(keyMaterial(request, index));
  }

  /** The text {@link #key} hashes. */
  String keyMaterial(ChatRequest request, int index) {
    Map<String, Object> k = new LinkedHashMap<>();
    CacheKeys.putModel(k, model);
    k.put("protocol", protocolKey);
    k.put("messages", keyed(request.messages()));
    k.put("schema", request.responseSchema().orElse(null));
    k.put("tools", request.tools());
    k.put("temperature", request.temperature());
    k.put("top_p", request.topP());
    k.put("max_tokens", request.maxTokens());
    k.put("seed", request.seed().orElse(null));
    k.put("top_logprobs", request.topLogprobs());
    k.put("extra", request.extraBody());
    k.put("index", index);
    return Json.write(k);
  }

  /**
   * The messages as they enter a cache key. A text-only turn is itself (so its keys do not change);
   * in a turn with images each image stands as its SHA-256, which identifies it without carrying
   * its base64 bytes into the hashed text a second time.
   */
  private static List<Object> keyed(List<Message> messages) {
    List<Object> out = new ArrayList<>(messages.size());
    for (Message m : messages) {
      if (!m.hasImages()) {
        out.add(m);
        continue;
      }
      List<Object> parts = new ArrayList<>();
      for (ContentPart p : m.parts()) {
        parts.add(
            switch (p) {
              case ContentPart.Text t -> Map.of("text", t.text());
              case ContentPart.ImagePart i -> Map.of("image_sha256", i.image().sha256());
            });
      }
      Map<String, Object> km = new LinkedHashMap<>();
      km.put("role", m.role());
      km.put("parts", parts);
      out.add(km);
    }
    return out;
  }

  /** Draws samples {@code from .. from + count - 1} of {@code request}. */
  CompletableFuture<Round> draw(ChatRequest request, int from, int count) {
    List<CompletableFuture<Drawn>> parts = new ArrayList<>(count);
    List<Integer> toFetch = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    List<CompletableFuture<CachedSample>> promises = new ArrayList<>();
    long hits = 0;
    try {
      for (int i = from; i < from + count; i++) {
        String key = key(request, i);
        var hit = cache.get(key);
        final int index = i;
        if (hit.isPresent()) {
          parts.add(CompletableFuture.completedFuture(new Drawn(index, hit.get(), true)));
          hits++;
          continue;
        }
        CompletableFuture<CachedSample> mine = new CompletableFuture<>();
        CompletableFuture<CachedSample> existing = inFlight.putIfAbsent(key, mine);
        if (existing != null) {
          // Someone is already paying for this exact sample: wait for theirs (single flight).
          parts.add(existing.thenApply(s -> new Drawn(index, s, true)));
          hits++;
          continue;
        }
        // Claimed: from here on the promise is ours to complete, whatever happens below.
        toFetch.add(i);
        keys.add(key);
        promises.add(mine);
        // The sample may have been stored between the look-up above and claiming it: look again.
        var late = cache.get(key);
        if (late.isPresent()) {
          toFetch.remove(toFetch.size() - 1);
          keys.remove(keys.size() - 1);
          promises.remove(promises.size() - 1);
          inFlight.remove(key, mine);
          mine.complete(late.get());
          parts.add(CompletableFuture.completedFuture(new Drawn(index, late.get(), true)));
          hits++;
          continue;
        }
        parts.add(mine.thenApply(s -> new Drawn(index, s, false)));
      }
    } catch (RuntimeException storeFailure) {
      // A store that cannot be read fails this draw, but must not leave the samples it claimed
      // in flight: whoever waits for them (now or later) gets the failure, and the next identical
      // request claims them afresh.
      release(keys, promises, storeFailure);
      return CompletableFuture.failedFuture(storeFailure);
    }
    AtomicLong calls = new AtomicLong();
    CompletableFuture<TokenUsage> tokens = fetch(request, toFetch, keys, promises, calls);
    final long cacheHits = hits;
    return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
        .thenCombine(
            tokens,
            (v, t) -> {
              List<Drawn> out = parts.stream().map(CompletableFuture::join).toList();
              Usage u =
                  new Usage(
                      calls.get(),
                      t.promptTokens(),
                      t.completionTokens(),
                      t.cachedPromptTokens(),
                      cacheHits,
                      toFetch.size(),
                      t.reasoningTokens());
              return new Round(out, u);
            });
  }

  private CompletableFuture<TokenUsage> fetch(
      ChatRequest request,
      List<Integer> indices,
      List<String> keys,
      List<CompletableFuture<CachedSample>> promises,
      AtomicLong calls) {
    if (indices.isEmpty()) {
      return CompletableFuture.completedFuture(TokenUsage.ZERO);
    }
    List<CompletableFuture<TokenUsage>> usages = new ArrayList<>();
    if (model.supportsN()) {
      usages.add(settle(request, indices, keys, promises, calls, 0));
    } else {
      for (int j = 0; j < indices.size(); j++) {
        usages.add(
            settle(
                request,
                List.of(indices.get(j)),
                List.of(keys.get(j)),
                List.of(promises.get(j)),
                calls,
                0));
      }
    }
    return CompletableFuture.allOf(usages.toArray(CompletableFuture[]::new))
        .handle(
            (v, e) -> {
              TokenUsage sum = TokenUsage.ZERO;
              for (var u : usages) {
                if (!u.isCompletedExceptionally()) {
                  sum = sum.plus(u.join());
                }
              }
              return sum;
            });
  }

  private static Long seedFor(ChatRequest request, int index) {
    return request.seed().map(s -> s + index).orElse(null);
  }

  /**
   * Asks the model for the samples {@code indices} in one call and completes their promises. A
   * reply with fewer choices than asked keeps what came and asks again for the rest, at most
   * {@value #MAX_REASKS} times.
   */
  private CompletableFuture<TokenUsage> settle(
      ChatRequest base,
      List<Integer> indices,
      List<String> keys,
      List<CompletableFuture<CachedSample>> promises,
      AtomicLong calls,
      int reask) {
    ChatRequest call =
        base.toBuilder().n(indices.size()).seed(seedFor(base, indices.get(0))).build();
    calls.incrementAndGet();
    CompletableFuture<ChatResponse> response;
    try {
      response = model.chat(call);
    } catch (RuntimeException e) {
      response = CompletableFuture.failedFuture(e);
    }
    return response
        .handle(
            (r, e) -> {
              if (e != null) {
                // Errors are never cached: release the slots so a later call tries again.
                release(keys, promises, e);
                return CompletableFuture.completedFuture(TokenUsage.ZERO);
              }
              try {
                int got = Math.min(r.choices().size(), indices.size());
                for (int j = 0; j < got; j++) {
                  Choice c = r.choices().get(j);
                  CachedSample sample =
                      new CachedSample(
                          c.text(), c.finishReason(), c.logprobs(), c.transcript(), c.reasoning());
                  if (sample.complete()) {
                    try {
                      cache.put(keys.get(j), sample);
                    } catch (RuntimeException cacheFailure) {
                      // A cache that cannot store must not hang or fail the judgement: the sample
                      // is paid for and used; it will just be paid for again next time.
                    }
                  }
                  inFlight.remove(keys.get(j), promises.get(j));
                  promises.get(j).complete(sample);
                }
                if (got == indices.size()) {
                  return CompletableFuture.completedFuture(r.usage());
                }
                List<Integer> missing = indices.subList(got, indices.size());
                List<String> missingKeys = keys.subList(got, keys.size());
                var missingPromises = promises.subList(got, promises.size());
                if (reask >= MAX_REASKS) {
                  release(
                      missingKeys,
                      missingPromises,
                      new RetriableException(
                          "model "
                              + model.id()
                              + " returned "
                              + got
                              + " of the "
                              + indices.size()
                              + " choices asked for, "
                              + (reask + 1)
                              + " times in a row",
                          null,
                          -1,
                          null,
                          null));
                  return CompletableFuture.completedFuture(r.usage());
                }
                // Keep what came; ask again for the rest only.
                return settle(base, missing, missingKeys, missingPromises, calls, reask + 1)
                    .thenApply(more -> more.plus(r.usage()));
              } catch (RuntimeException bug) {
                release(keys, promises, bug);
                return CompletableFuture.completedFuture(TokenUsage.ZERO);
              }
            })
        .thenCompose(u -> u);
  }

  /** Fails the promises not completed yet and frees their in-flight slots. */
  private void release(
      List<String> keys, List<CompletableFuture<CachedSample>> promises, Throwable failure) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    for (int j = 0; j < promises.size(); j++) {
      inFlight.remove(keys.get(j), promises.get(j));
      promises.get(j).completeExceptionally(cause);
    }
  }
}
