package dev.arbiter.core.vote;

import dev.arbiter.core.Sample;
import dev.arbiter.core.model.ChatRequest;
import dev.arbiter.core.model.JudgeModel;
import dev.arbiter.core.protocol.PromptContext;
import java.util.List;

/**
 * An aggregator that has a second model review the scored samples of one presentation order before
 * they vote, as DeepSeek-GRM's meta reward model does. The reviewer sees the case: the judge builds
 * each review request from the same {@link PromptContext} the sample was drawn for (query,
 * candidates as shown) and the sample itself. The judge draws the reviews like samples, through its
 * sample cache (keyed by {@link #reviewKey()}), counts their calls and tokens in the verdict's
 * usage, and then votes only with the samples {@link #select} keeps. A failed review fails the
 * verdict (status ERROR) rather than silently voting with every sample.
 *
 * <p>Called on its own (by a stopping rule, say), the aggregator votes with the samples it is
 * given.
 */
public interface ReviewingAggregator extends Aggregator {

  /** The model that reviews samples. */
  JudgeModel reviewer();

  /** Names the review prompt and its version in cache keys; change it when the prompt changes. */
  String reviewKey();

  /** Whether these scored samples need reviewing at all (no: all of them vote). */
  boolean needsReview(List<Sample> scored);

  /** The review call for one scored sample of the case in {@code context}. */
  ChatRequest reviewRequest(Sample sample, PromptContext context);

  /**
   * The samples that vote.
   *
   * @param scored the scored samples, in the order reviewed
   * @param reviews each sample's review (its final answer), in the same order
   */
  List<Sample> select(List<Sample> scored, List<String> reviews);
}
