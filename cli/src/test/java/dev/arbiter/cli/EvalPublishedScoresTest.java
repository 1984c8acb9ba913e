package dev.arbiter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.core.internal.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** RewardBench's section score and RMB's best-of-N accuracy in `arbiter eval` reports. */
class EvalPublishedScoresTest {
  @RegisterExtension static final StubServer server = new StubServer("stub-judge");

  @TempDir Path dir;

  private static Cli.Run eval(String dataset, Path in, Path report, String url) {
    return Cli.run(
        "eval",
        "--dataset",
        dataset,
        "--in",
        in.toString(),
        "--report",
        report.toString(),
        "--endpoint",
        url,
        "--model",
        "stub-judge",
        "--bootstrap-rounds",
        "50",
        "--no-progress");
  }

  @Test
  void should_report_the_rewardbench_score_and_rmb_best_of_n_accuracy() throws Exception {
    // given: RewardBench pairs in three sections, and four RMB best-of-3 items
    List<String> rb = new ArrayList<>();
    String[] subsets = {"alpacaeval-easy", "mt-bench-hard", "llmbar-natural", "math-prm", "hep-go"};
    for (int i = 0; i < 10; i++) {
      ObjectNode r = Json.mapper().createObjectNode();
      r.put("id", "rb" + i);
      r.put("prompt", "Question " + i + ": what is " + i + " + " + i + "?");
      r.put("chosen", "It is " + (2 * i) + ".");
      r.put("rejected", "It is " + (2 * i + 1) + ".");
      r.put("subset", subsets[i % subsets.length]);
      rb.add(r.toString());
    }
    Path rbFile = Files.write(dir.resolve("rb.jsonl"), rb);
    ArrayNode bon = Json.mapper().createArrayNode();
    for (int i = 0; i < 4; i++) {
      ObjectNode item = bon.addObject();
      item.put("bon_uid", "bon" + i);
      item.putArray("conversation_input")
          .addObject()
          .put("role", "user")
          .put("content", "Name a prime number above " + (10 * i) + ".")
          .put("language", "en");
      item.putObject("bon_best").put("llm_name", "m1").put("answer", "A prime: " + (10 * i + 1));
      ArrayNode losers = item.putArray("loser_list");
      losers.addObject().put("llm_name", "m2").put("answer", "Maybe " + (10 * i + 4));
      losers.addObject().put("llm_name", "m3").put("answer", "I do not know.");
    }
    Path bonFile = dir.resolve("bon.json");
    Files.writeString(bonFile, bon.toString());
    // when
    Cli.Run r1 = eval("rewardbench", rbFile, dir.resolve("rb"), server.baseUrl());
    Cli.Run r2 = eval("rmb-bon", bonFile, dir.resolve("bon"), server.baseUrl());
    // then
    assertThat(r1.exit()).as(r1.err()).isZero();
    assertThat(r2.exit()).as(r2.err()).isZero();
    JsonNode rbReport = Json.mapper().readTree(dir.resolve("rb/report.json").toFile());
    JsonNode score = rbReport.get("benchmarks").get("rewardBench");
    assertThat(score.get("sections"))
        .extracting(s -> s.get("name").asText())
        .containsExactly("Chat", "Chat Hard", "Reasoning");
    assertThat(score.get("missingSections")).extracting(JsonNode::asText).containsExactly("Safety");
    // the score is the mean of the section scores, each the EXAMPLE_COUNTS-weighted subset mean
    double mean = 0;
    for (JsonNode s : score.get("sections")) {
      double num = 0;
      double den = 0;
      for (JsonNode sub : s.get("subsets")) {
        num += sub.get("weight").asDouble() * sub.get("score").asDouble();
        den += sub.get("weight").asDouble();
      }
      assertThat(s.get("score").asDouble())
          .isCloseTo(num / den, org.assertj.core.api.Assertions.within(1e-12));
      mean += s.get("score").asDouble() / 3;
    }
    assertThat(score.get("score").asDouble())
        .isCloseTo(mean, org.assertj.core.api.Assertions.within(1e-12));
    assertThat(Files.readString(dir.resolve("rb/report.html"))).contains("RewardBench score");
    assertThat(Files.readString(dir.resolve("rb/report.md"))).contains("## RewardBench score");
    JsonNode bonReport = Json.mapper().readTree(dir.resolve("bon/report.json").toFile());
    JsonNode best = bonReport.get("benchmarks").get("bestOfN");
    assertThat(best.get("n").asLong()).isEqualTo(4);
    assertThat(best.get("correct").asLong()).isBetween(0L, 4L);
    assertThat(bonReport.get("benchmarks").get("rewardBench").isNull()).isTrue();
    assertThat(Files.readString(dir.resolve("bon/report.html"))).contains("RMB best-of-N accuracy");
  }
}
