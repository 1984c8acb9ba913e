package dev.arbiter.onnx.reward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arbiter.core.InvalidInputException;
import dev.arbiter.onnx.Embeddings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RewardTrainingTest {

  @Test
  void should_learn_to_prefer_on_topic_answers_on_held_out_pairs() {
    // given 96 pairs whose chosen answer is on the question's topic, 30 % held out
    List<PreferencePair> pairs = TopicPairs.all();
    RewardTraining.Split split = RewardTraining.split(pairs, 0.3, 11);

    // when
    RewardHead head =
        RewardTraining.train("topics", split.train(), Embeddings.miniLm(), 11, Map.of(), n -> {});
    List<Boolean> correct =
        RewardTraining.correct(EmbeddingRewardModel.of(head), split.holdout(), n -> {});

    // then: far above the 50 % of a coin
    double accuracy = correct.stream().filter(c -> c).count() / (double) correct.size();
    assertThat(split.holdout()).hasSizeGreaterThan(15);
    assertThat(accuracy).isGreaterThan(0.8);
    assertThat(head.weights()).hasSize(2 * 384 + 2);
    assertThat(head.training()).containsKeys("lambda", "cv_accuracy", "train_accuracy");
  }

  @Test
  void should_split_by_content_and_seed_whatever_the_order() {
    List<PreferencePair> pairs = TopicPairs.all();
    List<PreferencePair> shuffled = new ArrayList<>(pairs);
    java.util.Collections.shuffle(shuffled, new Random(3));

    RewardTraining.Split a = RewardTraining.split(pairs, 0.25, 5);
    RewardTraining.Split b = RewardTraining.split(shuffled, 0.25, 5);
    RewardTraining.Split other = RewardTraining.split(pairs, 0.25, 6);

    assertThat(b.holdout()).containsExactlyInAnyOrderElementsOf(a.holdout());
    assertThat(other.holdout()).isNotEqualTo(a.holdout());
    assertThat(a.train().size() + a.holdout().size()).isEqualTo(pairs.size());
  }

  @Test
  void should_fit_the_same_weights_twice_with_the_same_seed() {
    // given features where the first dimension decides, with noise elsewhere
    Random r = new Random(1);
    List<double[]> chosen = new ArrayList<>();
    List<double[]> rejected = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      double[] c = {1 + r.nextGaussian(), r.nextGaussian(), r.nextGaussian()};
      double[] j = {r.nextGaussian(), r.nextGaussian(), r.nextGaussian()};
      chosen.add(c);
      rejected.add(j);
    }

    HeadTrainer.Fit first = HeadTrainer.fit(chosen, rejected, 9);
    HeadTrainer.Fit second = HeadTrainer.fit(chosen, rejected, 9);

    assertThat(second.weights()).containsExactly(first.weights());
    assertThat(first.weights()[0]).isGreaterThan(Math.abs(first.weights()[1]) * 3);
    assertThat(first.cvAccuracy()).isGreaterThan(0.7);
  }

  @Test
  void should_refuse_to_train_on_fewer_than_ten_pairs() {
    assertThatThrownBy(
            () ->
                RewardTraining.train(
                    "x", TopicPairs.all().subList(0, 3), Embeddings.miniLm(), 0, Map.of(), n -> {}))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("at least 10 pairs but got 3");
  }

  @Test
  void should_refuse_a_holdout_fraction_outside_zero_to_one() {
    assertThatThrownBy(() -> RewardTraining.split(TopicPairs.all(), 1.0, 0))
        .hasMessageContaining("--holdout")
        .hasMessageContaining("[0, 1)");
  }
}
