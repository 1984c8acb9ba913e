package dev.arbiter.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.core.internal.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class EvalLeagueCommandTest {
  @RegisterExtension static final StubServer server = new StubServer("stub-judge");

  @TempDir Path dir;

  /** A battle request in `arbiter judge`'s format: the models named in its metadata. */
  private static String request(String question, String modelA, String modelB, String a, String b) {
    ObjectNode r = Json.mapper().createObjectNode();
    r.put("id", question + ":" + modelA + ":" + modelB);
    r.put("query", "Question " + question + ": explain why the sky is blue.");
    r.put("response_a", a);
    r.put("response_b", b);
    r.putObject("metadata")
        .put("model_a", modelA)
        .put("model_b", modelB)
        .put("question_id", question);
    return r.toString();
  }

  @Test
  void should_judge_battles_with_arbiter_judge_and_rank_them_with_arbiter_eval() throws Exception {
    // given: three models answer 12 questions against a baseline, the baseline on either side
    List<String> lines = new ArrayList<>();
    for (int q = 0; q < 12; q++) {
      String base = "Rayleigh scattering, answer " + q + ".";
      for (String m : List.of("alpha", "beta", "gamma")) {
        String answer =
            m
                + " says: shorter wavelengths scatter more ("
                + q
                + ")."
                + " detail".repeat(q % 4 + (m.length() % 3));
        lines.add(
            q % 2 == 0
                ? request("q" + q, "base", m, base, answer)
                : request("q" + q, m, "base", answer, base));
      }
    }
    Path in = Files.write(dir.resolve("battles.jsonl"), lines);
    Path verdicts = dir.resolve("verdicts.jsonl");
    Path ref = Files.writeString(dir.resolve("reference.txt"), "alpha\nbeta\nbase\ngamma\n");
    Path report = dir.resolve("league");
    // when: judged in both orders, then ranked
    Cli.Run judged =
        Cli.run(
            "judge",
            "--mode",
            "pairwise",
            "--in",
            in.toString(),
            "--out",
            verdicts.toString(),
            "--endpoint",
            server.baseUrl(),
            "--model",
            "stub-judge",
            "--protocol",
            "arena-hard",
            "--no-progress");
    assertThat(judged.exit()).as(judged.err()).isZero();
    List<JsonNode> written = Cli.lines(verdicts);
    assertThat(written).hasSize(36);
    assertThat(written)
        .allSatisfy(
            v -> {
              assertThat(v.path("battle").path("model_a").asText()).isNotEmpty();
              assertThat(v.path("battle").path("question").asText()).startsWith("q");
              assertThat(v.path("orders")).hasSize(2);
            });
    JsonNode first =
        written.stream()
            .filter(v -> v.get("id").asText().equals("q0:base:alpha"))
            .findFirst()
            .orElseThrow();
    assertThat(first.get("battle").get("length_a").asLong())
        .isEqualTo("Rayleigh scattering, answer 0.".length());
    Cli.Run ranked =
        Cli.run(
            "eval",
            "--battles",
            verdicts.toString(),
            "--baseline",
            "base",
            "--reference-ranking",
            ref.toString(),
            "--bootstrap-rounds",
            "50",
            "--report",
            report.toString());
    // then
    assertThat(ranked.exit()).as(ranked.err()).isZero();
    assertThat(ranked.err()).contains("league.html").contains("Kendall tau");
    JsonNode league = Json.mapper().readTree(report.resolve("league.json").toFile());
    assertThat(league.get("baseline").asText()).isEqualTo("base");
    assertThat(league.get("standings"))
        .extracting(s -> s.get("model").asText())
        .containsExactlyInAnyOrder("alpha", "beta", "gamma", "base");
    assertThat(league.get("counts").get("battles").asLong()).isEqualTo(36);
    assertThat(league.get("notes").toString()).contains("simulated vLLM server");
    assertThat(league.get("reference").get("models")).hasSize(4);
    for (JsonNode s : league.get("standings")) {
      if (!s.get("model").asText().equals("base")) {
        assertThat(s.get("games").asLong() + 0).isLessThanOrEqualTo(24);
        assertThat(s.get("questions").asLong()).isEqualTo(12);
        assertThat(s.get("ratingLower").asDouble()).isLessThanOrEqualTo(s.get("rating").asDouble());
      }
    }
    String html = Files.readString(report.resolve("league.html"));
    assertThat(html).contains("League table").contains("alpha").contains("Kendall");
    assertThat(Files.readString(report.resolve("league.md"))).contains("| rank | model |");
  }

  /** {@code arbiter eval --battles FILE --baseline BASELINE --report DIR/OUT} plus any options. */
  private Cli.Run league(Path file, String baseline, String out, String... more) {
    List<String> args = new ArrayList<>();
    args.addAll(
        List.of(
            "eval",
            "--battles",
            file.toString(),
            "--baseline",
            baseline,
            "--report",
            dir.resolve(out).toString()));
    args.addAll(List.of(more));
    return Cli.run(args);
  }

  /** One hand-made verdict line of a battle, both orders decided as given. */
  private static String verdict(String q, String a, String b, String o0, String o1) {
    ObjectNode v = Json.mapper().createObjectNode();
    v.put("id", q + a + b);
    v.put("mode", "pairwise");
    v.put("status", "SCORED");
    var orders = v.putArray("orders");
    orders.addObject().put("decision", o0);
    orders.addObject().put("decision", o1);
    v.putObject("battle")
        .put("model_a", a)
        .put("model_b", b)
        .put("question", q)
        .put("length_a", 100)
        .put("length_b", 100 + q.length());
    v.putObject("provenance").put("model", "judge");
    return v.toString();
  }

  @Test
  void should_rank_hand_made_battles_in_their_known_order() throws Exception {
    // given: X wins 80 %, Y 50 %, Z 20 % of 100 questions x 2 orders against the baseline
    Random random = new Random(1);
    List<String> lines = new ArrayList<>();
    double[] p = {0.8, 0.5, 0.2};
    String[] names = {"X", "Y", "Z"};
    for (int m = 0; m < 3; m++) {
      for (int q = 0; q < 100; q++) {
        String g0 = random.nextDouble() < p[m] ? "B>A" : "A>B";
        String g1 = random.nextDouble() < p[m] ? "B>A" : "A>B";
        lines.add(verdict("q" + q, "base", names[m], g0, g1));
      }
    }
    Path file = Files.write(dir.resolve("hand.jsonl"), lines);
    // when
    Cli.Run r = league(file, "base", "out", "--bootstrap-rounds", "100", "--bootstrap-seed", "3");
    // then
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode league = Json.mapper().readTree(dir.resolve("out/league.json").toFile());
    // Y and the baseline are a coin flip apart; X must lead and Z trail
    List<String> order = new ArrayList<>();
    league.get("standings").forEach(s -> order.add(s.get("model").asText()));
    assertThat(order).hasSize(4);
    assertThat(order.get(0)).isEqualTo("X");
    assertThat(order.get(3)).isEqualTo("Z");
    JsonNode x = league.get("standings").get(0);
    assertThat(x.get("winRate").asDouble())
        .isCloseTo(100.0 * x.get("wins").asLong() / 200, within(1e-9));
    assertThat(league.get("bootstrap").get("rounds").asInt()).isEqualTo(100);
  }

  @Test
  void should_name_file_line_and_field_of_a_battle_without_its_models_and_an_unknown_baseline()
      throws Exception {
    Path file =
        Files.write(
            dir.resolve("bad.jsonl"),
            List.of(
                verdict("q1", "base", "X", "A>B", "B>A"),
                verdict("q2", "base", "X", "A>B", "B>A").replace("\"model_b\":\"X\",", "")));
    Cli.Run missing = league(file, "base", "o1");
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).contains(file + ":2").contains("field 'battle.model_b'");
    Path good =
        Files.write(dir.resolve("good.jsonl"), List.of(verdict("q1", "base", "X", "A>B", "B>A")));
    Cli.Run unknown = league(good, "gpt-4", "o2");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err())
        .contains(good.toString())
        .contains("field '--baseline'")
        .contains("'gpt-4'");
    Cli.Run both = league(good, "base", "o3", "--dataset", "rmbench");
    assertThat(both.exit()).isEqualTo(2);
    assertThat(both.err()).contains("--battles");
  }
}
