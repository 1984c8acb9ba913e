package dev.arbiter.vllm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HashRingTest {
  private final HashRing ring = new HashRing(List.of("r0", "r1", "r2", "r3"));

  @Test
  void should_send_one_key_to_one_replica_while_loads_are_even() {
    int[] load = new int[4];
    for (int k = 0; k < 200; k++) {
      int first = ring.pick("key-" + k, 1.25, i -> true, i -> load[i]);
      int again = ring.pick("key-" + k, 1.25, i -> true, i -> load[i]);
      assertThat(again).isEqualTo(first);
    }
  }

  @Test
  void should_spread_distinct_keys_over_every_replica_within_a_fair_share() {
    int[] count = new int[4];
    for (int k = 0; k < 4000; k++) {
      count[ring.pick("key-" + k, 1.25, i -> true, i -> 0)]++;
    }
    // 160 points per replica keep each arc near a quarter of the ring.
    for (int c : count) {
      assertThat(c).isBetween(700, 1300);
    }
  }

  @Test
  void should_never_load_a_replica_beyond_the_bound_even_when_every_call_has_one_key() {
    // given: calls pile up (none completes), all with the same key
    int[] load = new int[4];
    double c = 1.25;
    for (int m = 0; m < 400; m++) {
      // when
      int r = ring.pick("hot", c, i -> true, i -> load[i]);
      // then: the chosen replica was below ceil(c * (m + 1) / n) before taking the call
      long bound = (long) Math.ceil(c * (m + 1) / 4);
      assertThat((long) load[r]).isLessThan(bound);
      load[r]++;
    }
    for (int l : load) {
      assertThat(l).isLessThanOrEqualTo((int) Math.ceil(c * 400 / 4));
    }
  }

  @Test
  void should_move_only_the_keys_of_a_replica_that_is_taken_out() {
    Map<String, Integer> before = new HashMap<>();
    for (int k = 0; k < 1000; k++) {
      before.put("key-" + k, ring.pick("key-" + k, 1.25, i -> true, i -> 0));
    }
    int moved = 0;
    for (var e : before.entrySet()) {
      int after = ring.pick(e.getKey(), 1.25, i -> i != 2, i -> 0);
      if (e.getValue() != 2) {
        assertThat(after).as(e.getKey()).isEqualTo(e.getValue());
      } else {
        assertThat(after).isNotEqualTo(2);
        moved++;
      }
    }
    assertThat(moved).isBetween(150, 350);
  }

  @Test
  void should_pick_none_when_no_replica_is_eligible() {
    assertThat(ring.pick("key", 1.25, i -> false, i -> 0)).isEqualTo(-1);
  }
}
