package dev.arbiter.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.core.internal.Json;
import dev.arbiter.core.testing.SharedData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ReportCommandTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cmd = new CommandLine(new ReportCommand());
    cmd.setOut(new PrintWriter(out));
    cmd.setErr(new PrintWriter(err));
    return cmd.execute(args);
  }

  @Test
  void should_print_the_alpaca_eval_row_and_its_differences_from_the_leaderboard()
      throws Exception {
    int code =
        run(
            "--format", "alpaca-eval",
            "--in",
                SharedData.file(
                        "alpaca_eval/annotations/weighted_alpaca_eval_gpt4_turbo/NullModel.json.gz")
                    .toString(),
            "--leaderboard",
                SharedData.file(
                        "alpaca_eval/leaderboards/weighted_alpaca_eval_gpt4_turbo_leaderboard.csv")
                    .toString());

    assertThat(code).as(err.toString()).isZero();
    JsonNode j = Json.mapper().readTree(out.toString());
    // generator_2 is "example" in this file, so the row is found by the file name
    assertThat(j.get("model").asText()).isEqualTo("example");
    assertThat(j.get("win_rate").asDouble()).isCloseTo(76.91979180386511, within(1e-6));
    assertThat(j.get("n_wins").asLong()).isEqualTo(676);
    assertThat(j.get("avg_length").asLong()).isEqualTo(872);
    assertThat(j.get("length_controlled_winrate").isNull()).isTrue();
    assertThat(j.get("notes").toString()).contains("instruction_difficulty");
    assertThat(j.get("published").get("length_controlled_winrate").asText()).startsWith("86.457");
    j.get("differences")
        .properties()
        .forEach(
            e -> assertThat(e.getValue().asDouble()).as(e.getKey()).isCloseTo(0, within(1e-6)));
  }

  @Test
  void should_print_judgebench_accuracy_per_category() throws Exception {
    int code =
        run(
            "--format",
            "judgebench",
            "--in",
            SharedData.file("judgebench/reward_model.Skywork-Reward-Gemma-2-27B.jsonl").toString());

    assertThat(code).as(err.toString()).isZero();
    JsonNode j = Json.mapper().readTree(out.toString());
    assertThat(j.get("accuracy").asDouble()).isCloseTo(100.0 * 225 / 350, within(1e-9));
    assertThat(j.get("per_category").get("livebench-math").get("accuracy").asDouble())
        .isCloseTo(100.0 * 47 / 56, within(1e-9));
  }

  @Test
  void should_exit_2_naming_file_and_line_when_a_record_is_malformed(@TempDir Path dir)
      throws Exception {
    Path f = dir.resolve("bad.jsonl");
    Files.writeString(
        f,
        "{\"pair_id\":\"p1\",\"source\":\"livecodebench\",\"label\":\"A>B\",\"judgments\":[]}\n"
            + "{not json\n");

    int code = run("--format", "judgebench", "--in", f.toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("bad.jsonl:1").contains("judgments");
  }

  @Test
  void should_exit_2_when_the_format_is_unknown() {
    int code = run("--format", "mt-bench", "--in", "x.json");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--format").contains("mt-bench");
  }
}
