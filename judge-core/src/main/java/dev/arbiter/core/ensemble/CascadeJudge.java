package dev.arbiter.core.ensemble;

import dev.arbiter.core.Composition;
import dev.arbiter.core.Judge;
import dev.arbiter.core.JudgeRequest;
import dev.arbiter.core.Provenance;
import dev.arbiter.core.Verdict;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** The cascade {@link Cascade.Builder} builds. */
final class CascadeJudge implements Judge {
  private final String cheapName;
  private final Judge cheap;
  private final String strongName;
  private final Judge strong;
  private final double threshold;

  CascadeJudge(String cheapName, Judge cheap, String strongName, Judge strong, double threshold) {
    this.cheapName = cheapName;
    this.cheap = cheap;
    this.strongName = strongName;
    this.strong = strong;
    this.threshold = threshold;
  }

  /** The strong judge's provenance: it is the one whose decisions the cascade stands in for. */
  @Override
  public Provenance provenance() {
    return strong.provenance();
  }

  @Override
  public CompletableFuture<Verdict> judgeAsync(JudgeRequest request) {
    return Stages.judgeSafely(cheap, request)
        .thenCompose(
            first -> {
              Composition.Member cheapPart = new Composition.Member(cheapName, 1.0, first);
              if (Outcomes.of(first).isPresent() && Outcomes.confidence(first) >= threshold) {
                return CompletableFuture.completedFuture(
                    first.toBuilder()
                        .composition(
                            new Composition(
                                Composition.Kind.CASCADE,
                                Optional.of(cheapName),
                                List.of(cheapPart)))
                        .build());
              }
              return Stages.judgeSafely(strong, request)
                  .thenApply(
                      second ->
                          second.toBuilder()
                              .usage(first.usage().plus(second.usage()))
                              .composition(
                                  new Composition(
                                      Composition.Kind.CASCADE,
                                      Optional.of(strongName),
                                      List.of(
                                          cheapPart,
                                          new Composition.Member(strongName, 1.0, second))))
                              .build());
            });
  }
}
