package dev.arbiter.eval.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.arbiter.core.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RankCorrelationTest {
  private static Map<String, Double> scores(Object... kv) {
    Map<String, Double> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], ((Number) kv[i + 1]).doubleValue());
    }
    return m;
  }

  @Test
  void should_give_kendall_and_spearman_of_one_adjacent_swap_among_four_by_hand() {
    // ours a > b > c > d; reference a > c > b > d: 5 concordant, 1 discordant pair
    RankCorrelation.Result r =
        RankCorrelation.of(
            scores("a", 4, "b", 3, "c", 2, "d", 1), scores("a", 4, "c", 3, "b", 2, "d", 1));
    assertThat(r.kendallTau()).isCloseTo((5.0 - 1) / 6, within(1e-12));
    // Σd² = 2: ρ = 1 − 6·2 / (4·15)
    assertThat(r.spearmanRho()).isCloseTo(1 - 12.0 / 60, within(1e-12));
  }

  @Test
  void should_correlate_only_the_models_both_rankings_share() {
    RankCorrelation.Result r =
        RankCorrelation.of(
            scores("a", 3, "b", 2, "c", 1, "x", 0), scores("c", 10, "b", 20, "a", 30, "y", 5));
    assertThat(r.models()).containsExactly("a", "b", "c");
    assertThat(r.kendallTau()).isCloseTo(1, within(1e-12));
    assertThat(r.spearmanRho()).isCloseTo(1, within(1e-12));
  }

  @Test
  void should_reject_rankings_sharing_fewer_than_two_models() {
    assertThatThrownBy(() -> RankCorrelation.of(scores("a", 1, "b", 2), scores("a", 1, "z", 2)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("shares 1");
  }
}
