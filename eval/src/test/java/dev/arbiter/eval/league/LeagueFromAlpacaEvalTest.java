package dev.arbiter.eval.league;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.core.internal.Json;
import dev.arbiter.core.testing.SharedData;
import dev.arbiter.eval.metrics.Bootstrap;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The league pipeline on the publisher's own AlpacaEval 2 annotations
 * (weighted_alpaca_eval_gpt4_turbo, four models against gpt4_1106_preview), each annotation turned
 * into a one-game battle verdict.
 */
class LeagueFromAlpacaEvalTest {
  @TempDir Path dir;

  private static final List<String> MODELS =
      List.of(
          "FuseChat-Gemma-2-9B-Instruct",
          "FuseChat-Llama-3.2-3B-Instruct",
          "NullModel",
          "alpaca-7b");

  private static final String BASELINE = "gpt4_1106_preview";

  /** Leaderboard rows by model: column name to value. */
  private static Map<String, Map<String, String>> leaderboard() throws Exception {
    List<String> rows =
        Files.readAllLines(
            SharedData.file(
                "alpaca_eval/leaderboards/weighted_alpaca_eval_gpt4_turbo_leaderboard.csv"));
    String[] header = rows.get(0).split(",", -1);
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    for (String r : rows.subList(1, rows.size())) {
      String[] cells = r.split(",", -1);
      Map<String, String> row = new LinkedHashMap<>();
      for (int i = 1; i < header.length && i < cells.length; i++) {
        row.put(header[i], cells[i]);
      }
      out.put(cells[0], row);
    }
    return out;
  }

  private static long len(String s) {
    return s.codePointCount(0, s.length());
  }

  @Test
  void should_reproduce_the_published_discrete_win_rates_and_rank_as_the_published_lc_does()
      throws Exception {
    // given: every annotation as a battle, the annotator's preference rounded to a decision
    Battles battles = new Battles();
    for (String m : MODELS) {
      JsonNode annotations;
      try (InputStream in =
          new GZIPInputStream(
              Files.newInputStream(
                  SharedData.file(
                      "alpaca_eval/annotations/weighted_alpaca_eval_gpt4_turbo/"
                          + m
                          + ".json.gz")))) {
        annotations = Json.mapper().readTree(in);
      }
      int q = 0;
      for (JsonNode a : annotations) {
        q++;
        if (a.path("preference").isNull()) {
          continue;
        }
        double p = a.get("preference").asDouble();
        String label = p == 0 || p == 1.5 ? "A=B" : p > 1.5 ? "B>A" : "A>B";
        battles.single(
            "i" + q,
            BASELINE,
            m,
            len(a.get("output_1").asText()),
            len(a.get("output_2").asText()),
            label);
      }
    }
    Path file = battles.write(dir.resolve("alpaca.jsonl"));
    Map<String, Map<String, String>> board = leaderboard();
    Map<String, Double> publishedLc = new LinkedHashMap<>();
    MODELS.forEach(
        m -> publishedLc.put(m, Double.parseDouble(board.get(m).get("length_controlled_winrate"))));
    // when
    League league =
        LeagueBuilder.builder()
            .baseline(BASELINE)
            .bootstrap(Bootstrap.of(100, 0.95, 0))
            .reference("published LC", publishedLc)
            .build(BattleVerdicts.read(file));
    // then: the win rate is AlpacaEval's discrete_win_rate (ties half), to the CSV's precision
    for (League.Standing s : league.standings()) {
      if (s.model().equals(BASELINE)) {
        continue;
      }
      Map<String, String> row = board.get(s.model());
      assertThat(s.winRate())
          .as(s.model())
          .isCloseTo(Double.parseDouble(row.get("discrete_win_rate")), within(1e-9));
      assertThat(s.games()).isEqualTo(Long.parseLong(row.get("n_total")));
      assertThat(s.ties()).isEqualTo(Long.parseLong(row.get("n_draws")));
    }
    // Arbiter's LC win rates on the rounded preferences (measured, pinned to 0.01; docs/eval.md
    // compares them with the published ones, which use the soft preferences, the gamed baselines
    // and the leaderboard's instruction difficulty)
    Map<String, Double> lc = new LinkedHashMap<>();
    league
        .standings()
        .forEach(s -> s.lengthControlled().ifPresent(l -> lc.put(s.model(), l.winRate())));
    assertThat(lc.get("NullModel")).isCloseTo(90.93, within(0.01));
    assertThat(lc.get("FuseChat-Gemma-2-9B-Instruct")).isCloseTo(71.51, within(0.01));
    assertThat(lc.get("FuseChat-Llama-3.2-3B-Instruct")).isCloseTo(55.49, within(0.01));
    assertThat(lc.get("alpaca-7b")).isCloseTo(14.26, within(0.01));
    // the ratings order the four models as the published LC win rates do (measured: tau = 1)
    League.ReferenceAgreement r = league.reference().orElseThrow();
    assertThat(r.models()).hasSize(4);
    assertThat(r.kendallTau()).isCloseTo(1, within(1e-12));
  }
}
