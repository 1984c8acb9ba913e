package dev.arbiter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.core.internal.Json;
import dev.arbiter.core.testing.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code arbiter judge --mode pairwise --format judgebench --protocol arena-hard} at default flags
 * against fakevllm replaying JudgeBench's published Arena-Hard judge outputs (claude-3-haiku as
 * judge, 270 pairs, both orders): every published decision comes back, with no flag but the
 * endpoint. The replay cuts an output at the request's max tokens with finish_reason length, as
 * vLLM does, so a budget that is too small shows here.
 */
class ArenaHardReplayTest {
  private static final String JUDGMENTS =
      "judgebench/judgments.arena_hard.claude-3-haiku-20240307.jsonl";
  private static final String PAIRS = "judgebench/pairs.claude-3-5-sonnet-20240620.jsonl";
  @TempDir static Path dir;
  private static Process fakevllm;
  private static String endpoint;

  @BeforeAll
  static void startFakeVllm() throws Exception {
    Path script = SharedData.root().getParent().resolve("tools/fakevllm/fakevllm.py");
    Path portFile = dir.resolve("port");
    fakevllm =
        new ProcessBuilder(
                "python3",
                script.toString(),
                "--port",
                "0",
                "--port-file",
                portFile.toString(),
                "--model",
                "judge",
                "--mode",
                "replay",
                "--replay",
                SharedData.file(JUDGMENTS).toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("fakevllm.log").toFile())
            .start();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (!Files.exists(portFile) || Files.readString(portFile).isBlank()) {
      if (!fakevllm.isAlive() || Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(
            "fakevllm did not start: " + Files.readString(dir.resolve("fakevllm.log")));
      }
      Thread.sleep(50);
    }
    endpoint = "http://127.0.0.1:" + Files.readString(portFile).strip() + "/v1";
  }

  @AfterAll
  static void stopFakeVllm() throws InterruptedException {
    if (fakevllm != null) {
      fakevllm.destroy();
      fakevllm.waitFor();
    }
  }

  /** The publisher's decision per pair and order, as +1 (A better), -1 (B better), 0 or null. */
  private static Map<String, Integer[]> published() throws IOException {
    Map<String, Integer[]> out = new HashMap<>();
    for (String line : Files.readAllLines(SharedData.file(JUDGMENTS), StandardCharsets.UTF_8)) {
      JsonNode row = Json.mapper().readTree(line);
      Integer[] votes = new Integer[2];
      for (int order = 0; order < 2; order++) {
        JsonNode d = row.get("judgments").get(order).get("decision");
        Integer v = d.isNull() ? null : vote(d.asText());
        // the second judgment saw B first: its decision is about the swapped positions
        votes[order] = v == null ? null : order == 0 ? v : -v;
      }
      out.put(row.get("pair_id").asText(), votes);
    }
    return out;
  }

  private static int vote(String label) {
    return label.startsWith("A>") || label.startsWith("B<") ? 1 : label.equals("A=B") ? 0 : -1;
  }

  private static List<JsonNode> judge(Path in, String... extra) throws Exception {
    Path out = dir.resolve("verdicts-" + System.nanoTime() + ".jsonl");
    List<String> args =
        new ArrayList<>(
            List.of(
                "judge",
                "--mode",
                "pairwise",
                "--format",
                "judgebench",
                "--protocol",
                "arena-hard",
                "--in",
                in.toString(),
                "--out",
                out.toString(),
                "--endpoint",
                endpoint,
                "--model",
                "judge",
                "--no-progress"));
    args.addAll(List.of(extra));
    Cli.Run r = Cli.run(args.toArray(String[]::new));
    assertThat(r.exit()).as(r.err()).isZero();
    lastErr = r.err();
    return Cli.lines(out);
  }

  private static String lastErr = "";

  @Test
  void should_reproduce_every_published_arena_hard_decision_at_default_flags() throws Exception {
    // given
    Map<String, Integer[]> published = published();
    // when: no flag but where the model is
    List<JsonNode> verdicts = judge(SharedData.file(PAIRS));
    // then
    assertThat(lastErr)
        .contains("max tokens 4096 (protocol default)")
        .doesNotContain("stopped at the completion budget");
    assertThat(verdicts).hasSize(270);
    int decided = 0;
    int agree = 0;
    int undecidedByPublisher = 0;
    List<String> mismatches = new ArrayList<>();
    for (JsonNode v : verdicts) {
      Integer[] theirs = published.get(v.get("id").asText());
      for (int order = 0; order < 2; order++) {
        JsonNode o = v.get("orders").get(order);
        assertThat(o.path("decision").isNull()).as("order decided").isFalse();
        int ours = o.get("vote").asInt();
        if (theirs[order] == null) {
          undecidedByPublisher++;
          continue;
        }
        decided++;
        if (ours == theirs[order]) {
          agree++;
        } else {
          mismatches.add(v.get("id").asText() + "#" + order);
        }
      }
    }
    assertThat(mismatches).isEmpty();
    assertThat(decided).isEqualTo(527);
    assertThat(agree).isEqualTo(527);
    // where the publisher's labels conflicted, the robust reader takes the final verdict
    assertThat(undecidedByPublisher).isEqualTo(13);
  }

  @Test
  void should_reproduce_the_publishers_undecided_orders_too_with_parse_exact() throws Exception {
    Map<String, Integer[]> published = published();
    List<JsonNode> verdicts = judge(SharedData.file(PAIRS), "--parse", "exact");
    int same = 0;
    for (JsonNode v : verdicts) {
      Integer[] theirs = published.get(v.get("id").asText());
      for (int order = 0; order < 2; order++) {
        JsonNode o = v.get("orders").get(order);
        Integer ours = o.path("decision").isNull() ? null : o.get("vote").asInt();
        if (java.util.Objects.equals(ours, theirs[order])) {
          same++;
        }
      }
    }
    assertThat(same).isEqualTo(540);
  }

  @Test
  void should_say_when_more_than_one_percent_of_samples_stopped_at_the_budget() throws Exception {
    Path in = dir.resolve("twenty.jsonl");
    try (Stream<String> s = Files.lines(SharedData.file(PAIRS))) {
      Files.write(in, s.limit(20).toList());
    }
    List<JsonNode> verdicts = judge(in, "--max-tokens", "300");
    assertThat(verdicts).hasSize(20);
    assertThat(lastErr)
        .contains("max tokens 300,")
        .containsPattern("budget +\\d+ of 40 samples")
        .contains("raise --max-tokens");
  }
}
