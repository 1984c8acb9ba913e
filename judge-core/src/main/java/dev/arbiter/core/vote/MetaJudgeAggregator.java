package dev.arbiter.core.vote;

import dev.arbiter.core.Message;
import dev.arbiter.core.Preference;
import dev.arbiter.core.Sample;
import dev.arbiter.core.Scale;
import dev.arbiter.core.cache.CachedSample;
import dev.arbiter.core.cache.SampleCache;
import dev.arbiter.core.internal.Hashing;
import dev.arbiter.core.model.ChatRequest;
import dev.arbiter.core.model.ChatResponse;
import dev.arbiter.core.model.JudgeModel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Rates each scored sample with a second model and lets the top m vote. See {@link MetaJudge}. */
final class MetaJudgeAggregator implements Aggregator {

  static final String SYSTEM =
      """
      You check the work of another grader. The grader read a question and one or more answers, \
      wrote an assessment, and ended with a verdict. You do not see the question or the answers; \
      judge only the assessment itself.

      Rate how far the verdict can be trusted, from 1 (worthless) to 10 (fully trustworthy):
      - Is the assessment specific: does it point at concrete content rather than praise or \
      blame in general terms?
      - Is it consistent: does the verdict follow from what the assessment says, without \
      contradicting itself?
      - Is it complete: does it end with a clear verdict instead of trailing off?

      Write at most three sentences of reasons, then a last line of exactly this form:
      Quality: [[n]]""";

  private static final Pattern RATING =
      Pattern.compile("Quality:\\s*\\[\\[\\s*(\\d{1,2})\\s*\\]\\]");

  private final JudgeModel model;
  private final int keep;
  private final Aggregator voter;
  private final SampleCache cache;
  private final int maxTokens;

  MetaJudgeAggregator(MetaJudge.Builder b) {
    this.model = b.model;
    this.keep = b.keep;
    this.voter = b.voter;
    this.cache = b.cache;
    this.maxTokens = b.maxTokens;
  }

  Aggregator voter() {
    return voter;
  }

  @Override
  public String name() {
    return "meta-judge";
  }

  @Override
  public Optional<Double> score(List<Sample> samples, Scale scale) {
    return voter.score(top(samples), scale);
  }

  @Override
  public Optional<Preference> preference(List<Sample> samples) {
    return voter.preference(top(samples));
  }

  @Override
  public List<Integer> ranking(List<Sample> samples, int n) {
    return voter.ranking(top(samples), n);
  }

  /** The m best-rated scored samples. */
  List<Sample> top(List<Sample> samples) {
    List<Sample> scored = Aggregators.scored(samples);
    if (scored.size() <= keep) {
      return scored;
    }
    List<CompletableFuture<OptionalInt>> ratings = new ArrayList<>();
    for (Sample s : scored) {
      ratings.add(rate(s.text()));
    }
    record Rated(Sample sample, int rating) {}
    List<Rated> rated = new ArrayList<>();
    try {
      for (int i = 0; i < scored.size(); i++) {
        // An unreadable rating ranks below every readable one (ratings are 1..10).
        rated.add(new Rated(scored.get(i), ratings.get(i).join().orElse(0)));
      }
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException re ? re : e;
    }
    rated.sort(
        Comparator.comparingInt((Rated r) -> -r.rating())
            .thenComparingInt(r -> r.sample().order())
            .thenComparingInt(r -> r.sample().index()));
    return rated.stream().limit(keep).map(Rated::sample).toList();
  }

  private CompletableFuture<OptionalInt> rate(String sampleText) {
    ChatRequest request =
        ChatRequest.builder()
            .message(Message.system(SYSTEM))
            .message(
                Message.user(
                    "The assessment, between the markers:\n<<<ASSESSMENT\n"
                        + sampleText
                        + "\nASSESSMENT>>>"))
            .temperature(0.0)
            .maxTokens(maxTokens)
            .seed(0L)
            .build();
    Map<String, Object> k = new LinkedHashMap<>();
    k.put("meta-judge", MetaJudge.PROMPT_VERSION);
    dev.arbiter.core.internal.CacheKeys.putModel(k, model);
    k.put("max_tokens", maxTokens);
    k.put("text", sampleText);
    String key = Hashing.sha256Json(k);
    Optional<CachedSample> hit = cache.get(key);
    if (hit.isPresent()) {
      return CompletableFuture.completedFuture(parse(hit.get().text()));
    }
    CompletableFuture<ChatResponse> call;
    try {
      call = model.chat(request);
    } catch (RuntimeException e) {
      call = CompletableFuture.failedFuture(e);
    }
    return call.thenApply(
        r -> {
          String text = r.choices().isEmpty() ? "" : r.choices().get(0).text();
          // Only answers are cached; a failed call completes exceptionally and is never stored.
          cache.put(
              key,
              new CachedSample(
                  text, r.choices().isEmpty() ? "" : r.choices().get(0).finishReason(), null));
          return parse(text);
        });
  }

  static OptionalInt parse(String text) {
    Matcher m = RATING.matcher(text);
    OptionalInt last = OptionalInt.empty();
    while (m.find()) {
      int v = Integer.parseInt(m.group(1));
      if (v >= 1 && v <= 10) {
        last = OptionalInt.of(v);
      }
    }
    return last;
  }

  @Override
  public String toString() {
    return "Aggregator[meta-judge keep=" + keep + " voter=" + voter.name() + "]";
  }
}
