package dev.arbiter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.onnx.reward.EmbeddingRewardModel;
import dev.arbiter.onnx.reward.RewardHead;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code arbiter rm train|eval} and judging without an endpoint, end to end in process. */
class RmCommandTest {
  @TempDir Path dir;

  /**
   * On-topic answers chosen over answers to another topic's question, in Arbiter's pairs format.
   */
  private Path topicPairs() throws Exception {
    String[][] topics = {
      {"How long should I boil spaghetti?", "Boil the spaghetti in salted water for nine minutes."},
      {
        "Why does my car engine overheat?",
        "A broken thermostat or a leaking radiator overheats it."
      },
      {"How do I grow tomatoes?", "Plant tomatoes in full sun and water the soil deeply."},
      {"Which planet is the largest?", "Jupiter, the gas giant, is the largest planet."},
      {"How do I tune a guitar?", "Tune each string with a clip-on tuner from the low E."},
      {"What are the symptoms of the flu?", "Fever, chills, a sore throat and aching muscles."},
      {"How do I open a savings account?", "Bring an identity document to the bank and apply."},
      {"How many players are on a football team?", "Eleven players, one of them the goalkeeper."}
    };
    List<String> lines = new ArrayList<>();
    for (int t = 0; t < topics.length; t++) {
      for (int shift = 1; shift < topics.length; shift++) {
        String off = topics[(t + shift) % topics.length][1];
        lines.add(
            dev.arbiter.core.internal.Json.write(
                Map.of("query", topics[t][0], "chosen", topics[t][1], "rejected", off)));
      }
    }
    return Files.write(dir.resolve("topics.jsonl"), lines);
  }

  @Test
  void should_train_a_head_then_evaluate_it_on_its_held_out_pairs() throws Exception {
    Path pairs = topicPairs();
    Path model = dir.resolve("head.json");

    Cli.Run train =
        Cli.run(
            "rm",
            "train",
            "--pairs",
            pairs.toString(),
            "--out",
            model.toString(),
            "--holdout",
            "0.3",
            "--seed",
            "2",
            "--name",
            "topics");
    Cli.Run eval =
        Cli.run(
            "rm",
            "eval",
            "--model",
            model.toString(),
            "--pairs",
            pairs.toString(),
            "--holdout-only");

    assertThat(train.exit()).as(train.err()).isZero();
    assertThat(train.out()).contains("held-out accuracy").contains("95% bootstrap interval");
    RewardHead head = RewardHead.read(model);
    assertThat(head.training())
        .containsEntry("seed", 2)
        .containsEntry("holdout_fraction", 0.3)
        .containsKeys("data_sha256", "holdout_accuracy", "holdout_ci95");
    assertThat(((Number) head.training().get("holdout_accuracy")).doubleValue()).isGreaterThan(0.8);
    assertThat(eval.exit()).as(eval.err()).isZero();
    assertThat(eval.out())
        .contains("model " + head.modelId())
        .containsPattern(
            "pairwise accuracy [01]\\.\\d{4} \\(95% bootstrap interval [01]\\.\\d{4} to [01]\\.\\d{4}\\)")
        // eval on the held-out part reproduces what train measured there
        .contains(
            String.format(
                java.util.Locale.ROOT,
                "pairwise accuracy %.4f",
                ((Number) head.training().get("holdout_accuracy")).doubleValue()))
        .contains("on " + head.training().get("pairs_holdout") + " pairs (the held-out part)")
        .containsPattern(
            "baseline: the shorter response is the chosen one in [01]\\.\\d{4} of these pairs");
  }

  @Test
  void should_name_file_line_and_field_of_a_bad_pairs_file() throws Exception {
    Path bad =
        Files.write(
            dir.resolve("bad.jsonl"),
            List.of(
                "{\"query\": \"q\", \"chosen\": \"a\", \"rejected\": \"b\"}",
                "{\"query\": \"q\", \"chosen\": 3, \"rejected\": \"b\"}"));

    Cli.Run r =
        Cli.run(
            "rm", "train", "--pairs", bad.toString(), "--out", dir.resolve("m.json").toString());

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains(bad + ":2: field 'chosen': expected a string");
  }

  @Test
  void should_score_open_ended_records_with_the_embedded_reward_model_without_an_endpoint()
      throws Exception {
    // given the README's pairs plus a record the math verifier checks
    List<String> lines = new ArrayList<>(Files.readAllLines(Path.of("../examples/pairs.jsonl")));
    lines.add(
        "{\"id\": \"m\", \"query\": \"What is 1/2 + 1/4?\", \"reference\": \"3/4\", \"response\": \"The answer is $\\\\boxed{3/4}$.\"}");
    Path in = Files.write(dir.resolve("in.jsonl"), lines);
    Path out = dir.resolve("v.jsonl");

    // when: no --endpoint, no --mode
    Cli.Run r = Cli.run("judge", "--in", in.toString(), "--out", out.toString(), "--no-progress");

    // then
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err()).contains("the embedded reward model embedding-rm:hh-harmless-base@");
    Map<String, JsonNode> v = Cli.byId(out);
    String rm = EmbeddingRewardModel.defaultHead().modelId();
    for (String id : List.of("p1", "p2", "p3")) {
      JsonNode p = v.get(id);
      assertThat(p.get("status").asText()).as(id).isEqualTo("SCORED");
      assertThat(p.get("mode").asText()).isEqualTo("pairwise");
      assertThat(p.get("provenance").get("model").asText()).isEqualTo(rm);
      assertThat(p.get("provenance").get("model_revision").asText())
          .startsWith("all-MiniLM-L6-v2-q@");
      assertThat(p.get("provenance").get("protocol").asText()).isEqualTo("reward-model@1");
    }
    JsonNode m = v.get("m");
    assertThat(m.get("status").asText()).isEqualTo("SCORED");
    assertThat(m.get("mode").asText()).isEqualTo("pointwise");
    assertThat(m.get("provenance").get("model").asText()).isEmpty();
    assertThat(m.get("provenance").get("protocol").asText()).startsWith("verifiers@");
  }

  @Test
  void should_serve_as_the_cheap_stage_of_a_cascade() throws Exception {
    try (dev.arbiter.cli.stub.StubVllmServer server =
        dev.arbiter.cli.stub.StubVllmServer.start(0, "stub-judge", 0)) {
      // given: a cheap spec without a model (verifiers, then the embedded reward model)
      Path cheap = Files.writeString(dir.resolve("rm.yaml"), "verifiers:\n  enabled: true\n");
      Path strong =
          Files.writeString(
              dir.resolve("strong.yaml"),
              "models:\n  - endpoint: " + server.baseUrl() + "\n    model: stub-judge\n");
      Path out = dir.resolve("c.jsonl");

      // when the reward model's verdict stands only at a probability of at least 0.6
      Cli.Run r =
          Cli.run(
              "judge",
              "--mode",
              "pairwise",
              "--in",
              "../examples/pairs.jsonl",
              "--out",
              out.toString(),
              "--cascade",
              cheap + "," + strong,
              "--cascade-threshold",
              "0.6",
              "--no-progress");

      // then each record was decided by the stage the reward model's probability points at
      assertThat(r.exit()).as(r.err()).isZero();
      String rm = EmbeddingRewardModel.defaultHead().modelId();
      int escalated = 0;
      for (JsonNode v : Cli.lines(out)) {
        assertThat(v.get("status").asText()).isEqualTo("SCORED");
        JsonNode first = v.get("cascade").get(0);
        assertThat(first.get("model").asText()).isEqualTo(rm);
        boolean sure = first.get("agreement").asDouble() >= 0.6;
        assertThat(v.get("stage").asText()).isEqualTo(sure ? "rm" : "strong");
        assertThat(v.get("provenance").get("model").asText()).isEqualTo(sure ? rm : "stub-judge");
        escalated += sure ? 0 : 1;
      }
      // p2 ("15" vs "13") is a near coin flip for the reward model (P = 0.47)
      assertThat(escalated).isPositive();
    }
  }
}
