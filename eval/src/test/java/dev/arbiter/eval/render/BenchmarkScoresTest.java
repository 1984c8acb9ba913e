package dev.arbiter.eval.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.arbiter.eval.metrics.Bootstrap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarkScoresTest {
  @TempDir Path dir;

  private final List<String> lines = new ArrayList<>();
  private final Map<String, ReportBuilder.ItemInfo> items = new HashMap<>();

  /** A pairwise item whose labelled better response is A, judged with {@code preference}. */
  private void pair(String id, String subset, String preference) {
    lines.add(
        "{\"id\":\""
            + id
            + "\",\"mode\":\"pairwise\",\"status\":\"SCORED\",\"preference\":\""
            + preference
            + "\"}");
    items.put(id, new ReportBuilder.ItemInfo("A", subset, -1, -1, 10, 20, 2));
  }

  private EvalReport build() throws Exception {
    Path verdicts = Files.write(dir.resolve("verdicts.jsonl"), lines);
    return ReportBuilder.build(
        "t", "judge", "data", verdicts, items, Bootstrap.of(50, 0.95, 1), 1.0, List.of());
  }

  @Test
  void should_weight_rewardbench_subsets_into_sections_as_the_publisher_does_by_hand()
      throws Exception {
    // given
    pair("c1", "alpacaeval-easy", "A>B"); // weight 100: 2 of 2
    pair("c2", "alpacaeval-easy", "A>>B");
    pair("c3", "mt-bench-med", "A>B"); // weight 40: 1 + 1/2 of 2 (a tie earns half)
    pair("c4", "mt-bench-med", "A=B");
    pair("r1", "math-prm", "B>A"); // weight 984: 0 of 1
    pair("r2", "hep-python", "A>B"); // weight 164: 1 of 1
    pair("s1", "donotanswer", "A>B"); // Safety: 1 of 1
    pair("x1", "anthropic_helpful", "A>B"); // no RewardBench section
    // when
    BenchmarkScores.RewardBench rb = build().benchmarks().orElseThrow().rewardBench().orElseThrow();
    // then: Chat = (100·1 + 40·0.75) / 140 = 13/14; Reasoning = 164 / (984 + 164) = 1/7
    assertThat(rb.sections())
        .extracting(BenchmarkScores.Section::name)
        .containsExactly("Chat", "Safety", "Reasoning");
    assertThat(rb.sections().get(0).score()).isCloseTo(13.0 / 14, within(1e-12));
    assertThat(rb.sections().get(1).score()).isCloseTo(1, within(1e-12));
    assertThat(rb.sections().get(2).score()).isCloseTo(1.0 / 7, within(1e-12));
    assertThat(rb.score()).isCloseTo((13.0 / 14 + 1 + 1.0 / 7) / 3, within(1e-12));
    assertThat(rb.missingSections()).containsExactly("Chat Hard");
    assertThat(rb.otherSubsets()).containsExactly("anthropic_helpful");
    assertThat(rb.sections().get(0).subsets())
        .extracting(BenchmarkScores.Subset::weight)
        .containsExactly(100.0, 40.0);
    assertThat(rb.sections().get(2).subsets().get(0).weight()).isEqualTo(984.0);
  }

  @Test
  void should_show_rewardbench_and_best_of_n_in_every_report_page() throws Exception {
    // given: two RewardBench pairs and three best-of-4 items, two ranked right
    pair("c1", "alpacaeval-easy", "A>B");
    pair("c2", "llmbar-natural", "B>A");
    for (String[] b : new String[][] {{"b1", "A,B,C,D"}, {"b2", "C,A,B,D"}, {"b3", "A,D,C,B"}}) {
      String ranking = "\"" + b[1].replace(",", "\",\"") + "\"";
      lines.add(
          "{\"id\":\""
              + b[0]
              + "\",\"mode\":\"listwise\",\"status\":\"SCORED\",\"ranking\":["
              + ranking
              + "]}");
      items.put(b[0], new ReportBuilder.ItemInfo("A", "bon", -1, -1, 10, 20, 4));
    }
    // when
    EvalReport r = build();
    Path html = ReportWriter.write(r, dir.resolve("report"));
    // then
    BenchmarkScores.BestOfN bon = r.benchmarks().orElseThrow().bestOfN().orElseThrow();
    assertThat(bon.n()).isEqualTo(3);
    assertThat(bon.correct()).isEqualTo(2);
    assertThat(bon.accuracy()).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(Files.readString(html))
        .contains("RewardBench score")
        .contains("Chat Hard")
        .contains("RMB best-of-N accuracy")
        .contains("66.7%");
    assertThat(Files.readString(dir.resolve("report/report.md")))
        .contains("## RewardBench score")
        .contains("## RMB best-of-N accuracy");
    assertThat(Files.readString(dir.resolve("report/report.json")))
        .contains("\"rewardBench\"")
        .contains("\"bestOfN\"");
  }

  @Test
  void should_leave_the_sections_out_for_data_that_is_not_rewardbench() throws Exception {
    pair("p1", "mmlu-pro", "A>B");
    assertThat(build().benchmarks()).isEmpty();
  }
}
