package dev.arbiter.rubrics.generate;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.arbiter.core.Criterion;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.Rubric;
import dev.arbiter.core.cache.VerdictStore;
import dev.arbiter.core.internal.Hashing;
import dev.arbiter.core.internal.Json;
import dev.arbiter.core.model.JudgeModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The default {@link RubricGenerator}: Caffeine's async cache in front (its {@code get} puts the
 * in-flight future in the map at once, which is what coalesces concurrent requests), then the
 * optional store, then the model.
 */
final class CachingRubricGenerator implements RubricGenerator {
  // Namespaces the keys so they never collide with verdict or sample keys in a shared store.
  private static final String KEY_KIND = "arbiter.rubric-generation/1";

  /** What the store holds per key. */
  record Stored(Rubric rubric, List<String> notes, String raw) {}

  /** One load's result; never an exceptional future, so Caffeine neither logs nor keeps errors. */
  private record Load(
      Optional<Stored> stored,
      Optional<GeneratedRubric.Failed> failed,
      Optional<Throwable> error,
      GeneratedRubric.Origin origin,
      int calls) {}

  private final JudgeModel model;
  private final GenerationRecipe recipe;
  private final Optional<VerdictStore> store;
  private final Executor executor;
  private final AsyncCache<String, Load> cache;

  CachingRubricGenerator(RubricGenerator.Builder b) {
    this.model = b.model;
    this.recipe = b.recipe;
    this.store = Optional.ofNullable(b.store);
    this.executor = b.executor;
    this.cache = Caffeine.newBuilder().maximumSize(b.maximumCached).buildAsync();
  }

  @Override
  public GenerationRecipe recipe() {
    return recipe;
  }

  @Override
  public String key(String query) {
    Map<String, Object> content = new LinkedHashMap<>();
    content.put("kind", KEY_KIND);
    content.put("query", query);
    content.put("recipe", recipe);
    dev.arbiter.core.internal.CacheKeys.putModel(content, model);
    return Hashing.sha256Json(content);
  }

  @Override
  public CompletableFuture<GeneratedRubric> generate(String query) {
    if (query == null || query.isBlank()) {
      throw InvalidInputException.of("query", "a rubric needs a non-blank query to be written for");
    }
    String key = key(query);
    AtomicBoolean loadedHere = new AtomicBoolean();
    CompletableFuture<Load> future =
        cache.get(
            key,
            (k, ignored) -> {
              loadedHere.set(true);
              return load(query, k);
            });
    return future.thenApply(
        load -> {
          if (load.stored().isEmpty()) {
            // Failures and errors must not stay cached: drop the entry (if it is still this load)
            // so the next request tries again. Requests already waiting on it share the failure.
            cache.asMap().remove(key, future);
          }
          if (load.error().isPresent()) {
            throw new CompletionException(load.error().get());
          }
          if (load.failed().isPresent()) {
            GeneratedRubric.Failed f = load.failed().get();
            return new GeneratedRubric.Failed(
                query, key, f.reason(), f.rawOutput(), loadedHere.get() ? f.modelCalls() : 0);
          }
          Stored s = load.stored().orElseThrow();
          boolean mine = loadedHere.get();
          return new GeneratedRubric.Generated(
              query,
              key,
              s.rubric(),
              mine ? load.origin() : GeneratedRubric.Origin.MEMORY,
              mine ? load.calls() : 0,
              s.notes());
        });
  }

  private CompletableFuture<Load> load(String query, String key) {
    CompletableFuture<Load> result =
        CompletableFuture.supplyAsync(() -> lookUp(key), executor)
            .thenCompose(
                found ->
                    found.isPresent()
                        ? CompletableFuture.completedFuture(
                            new Load(
                                found,
                                Optional.empty(),
                                Optional.empty(),
                                GeneratedRubric.Origin.STORE,
                                0))
                        : callModel(query, key))
            .exceptionally(
                e ->
                    new Load(
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of(unwrap(e)),
                        GeneratedRubric.Origin.MODEL,
                        0));
    return result;
  }

  private Optional<Stored> lookUp(String key) {
    if (store.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> json = store.get().get(key);
    if (json.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Json.mapper().readValue(json.get(), Stored.class));
    } catch (Exception e) {
      // A value this version cannot read (written by another format version): generate afresh
      // and overwrite it, rather than fail every judgement of this query.
      return Optional.empty();
    }
  }

  private CompletableFuture<Load> callModel(String query, String key) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("query", Prompts.fenced(query, "request"));
    values.put("maxCriteria", recipe.maxCriteria());
    values.put("maxHardRules", recipe.maxHardRules());
    values.put("scaleMin", fmt(recipe.scale().min()));
    values.put("scaleMax", fmt(recipe.scale().max()));
    Prompts.Rendered prompt = Prompts.render(recipe.id(), recipe.version(), values);
    return CriteriaCall.run(
            model,
            prompt,
            recipe.maxCriteria(),
            recipe.maxHardRules(),
            recipe.scale(),
            recipe.temperature(),
            recipe.maxTokens(),
            recipe.maxAttempts())
        .thenApply(
            out -> {
              if (!out.ok()) {
                return new Load(
                    Optional.empty(),
                    Optional.of(
                        new GeneratedRubric.Failed(
                            query, key, out.problem().get(), out.raw(), out.calls())),
                    Optional.empty(),
                    GeneratedRubric.Origin.MODEL,
                    out.calls());
              }
              List<Criterion> criteria = out.criteria();
              Rubric rubric =
                  new Rubric("generated-" + key.substring(0, 12), recipe.version(), criteria);
              Stored stored = new Stored(rubric, out.notes(), out.raw());
              store.ifPresent(s -> s.put(key, Json.write(stored)));
              return new Load(
                  Optional.of(stored),
                  Optional.empty(),
                  Optional.empty(),
                  GeneratedRubric.Origin.MODEL,
                  out.calls());
            });
  }

  static String fmt(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }

  private static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
