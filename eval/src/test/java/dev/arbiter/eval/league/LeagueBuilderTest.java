package dev.arbiter.eval.league;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.arbiter.core.InvalidInputException;
import dev.arbiter.eval.metrics.Bootstrap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeagueBuilderTest {
  @TempDir Path dir;

  private static String game(boolean aWins) {
    return aWins ? "A>B" : "B>A";
  }

  /**
   * Each model meets the baseline on 300 questions, every game an independent draw with the given
   * win probability; the baseline stands in position A on even questions and B on odd ones.
   */
  private Path simulated(Map<String, Double> winProbability, long seed) throws Exception {
    Random random = new Random(seed);
    Battles b = new Battles();
    for (Map.Entry<String, Double> m : winProbability.entrySet()) {
      for (int q = 0; q < 300; q++) {
        boolean w0 = random.nextDouble() < m.getValue();
        boolean w1 = random.nextDouble() < m.getValue();
        if (q % 2 == 0) {
          b.add("q" + q, "base", m.getKey(), 500, 520, game(!w0), game(!w1));
        } else {
          b.add("q" + q, m.getKey(), "base", 520, 500, game(w0), game(w1));
        }
      }
    }
    return b.write(dir.resolve("battles-" + seed + ".jsonl"));
  }

  @Test
  void should_rank_models_by_how_often_they_beat_the_baseline_with_intervals_around_the_truth()
      throws Exception {
    // given: X beats the baseline 80 % of the time, Y 50 %, Z 20 %
    Map<String, Double> p = Map.of("X", 0.8, "Y", 0.5, "Z", 0.2);
    Path file = simulated(p, 7);
    // when
    League league =
        LeagueBuilder.builder()
            .baseline("base")
            .bootstrap(Bootstrap.of(200, 0.95, 11))
            .build(BattleVerdicts.read(file));
    // then: the Bradley-Terry order is X > Y (= base) > Z
    List<String> order = league.standings().stream().map(League.Standing::model).toList();
    assertThat(order.indexOf("X")).isLessThan(order.indexOf("Y"));
    assertThat(order.indexOf("Y")).isLessThan(order.indexOf("Z"));
    assertThat(order.get(0)).isEqualTo("X");
    assertThat(order.get(3)).isEqualTo("Z");
    for (League.Standing s : league.standings()) {
      if (s.model().equals("base")) {
        assertThat(s.rating()).isCloseTo(1000, within(1e-9));
        assertThat(s.winRate()).isNaN();
        continue;
      }
      double truth = p.get(s.model());
      // the Elo-scale truth: 1000 + 400 log10(p / (1 - p))
      double trueRating = 1000 + 400 * Math.log10(truth / (1 - truth));
      assertThat(trueRating).isBetween(s.ratingLower(), s.ratingUpper());
      assertThat(100 * truth).isBetween(s.winRateLower(), s.winRateUpper());
      assertThat(100 * truth).isBetween(s.predictedWinRateLower(), s.predictedWinRateUpper());
      assertThat(s.games()).isEqualTo(600);
      assertThat(s.questions()).isEqualTo(300);
      assertThat(s.wins() + s.losses()).isEqualTo(600);
      assertThat(s.winRate()).isCloseTo(100.0 * s.wins() / 600, within(1e-9));
    }
    assertThat(league.counts().battles()).isEqualTo(900);
    assertThat(league.counts().games()).isEqualTo(1800);
  }

  @Test
  void should_give_the_same_intervals_for_the_same_seed_and_other_ones_for_another()
      throws Exception {
    Path file = simulated(Map.of("X", 0.7), 3);
    BattleVerdicts.Read read = BattleVerdicts.read(file);
    League a =
        LeagueBuilder.builder().baseline("base").bootstrap(Bootstrap.of(50, 0.95, 1)).build(read);
    League b =
        LeagueBuilder.builder().baseline("base").bootstrap(Bootstrap.of(50, 0.95, 1)).build(read);
    League c =
        LeagueBuilder.builder().baseline("base").bootstrap(Bootstrap.of(50, 0.95, 2)).build(read);
    assertThat(a.standings()).isEqualTo(b.standings());
    assertThat(a.standings().get(0).ratingLower()).isNotEqualTo(c.standings().get(0).ratingLower());
  }

  @Test
  void should_drop_the_length_controlled_win_rate_of_a_model_that_wins_by_length_alone()
      throws Exception {
    // given: LONG is longer than the baseline on 80 % of the questions and wins (90 %) exactly
    // there; EVEN has the same lengths but wins 74 % of its games wherever it stands
    Random random = new Random(5);
    Battles b = new Battles();
    for (int q = 0; q < 400; q++) {
      long base = 800 + random.nextInt(400);
      boolean longer = random.nextDouble() < 0.8;
      long other = longer ? base + 300 + random.nextInt(100) : base - 300 - random.nextInt(100);
      double pLong = longer ? 0.9 : 0.1;
      b.add(
          "q" + q,
          "base",
          "LONG",
          base,
          other,
          game(random.nextDouble() >= pLong),
          game(random.nextDouble() >= pLong));
      b.add(
          "q" + q,
          "base",
          "EVEN",
          base,
          other,
          game(random.nextDouble() >= 0.74),
          game(random.nextDouble() >= 0.74));
    }
    Path file = b.write(dir.resolve("length.jsonl"));
    // when
    League league =
        LeagueBuilder.builder()
            .baseline("base")
            .bootstrap(Bootstrap.of(20, 0.95, 1))
            .build(BattleVerdicts.read(file));
    // then
    Map<String, League.Standing> by =
        league.standings().stream().collect(Collectors.toMap(League.Standing::model, s -> s));
    League.LengthControlled longLc = by.get("LONG").lengthControlled().orElseThrow();
    League.LengthControlled evenLc = by.get("EVEN").lengthControlled().orElseThrow();
    assertThat(longLc.rawWinRate()).isCloseTo(by.get("LONG").winRate(), within(1e-9));
    assertThat(longLc.rawWinRate()).isGreaterThan(65);
    assertThat(longLc.winRate()).isLessThan(longLc.rawWinRate() - 15);
    assertThat(longLc.lengthWeight()).isLessThan(-1);
    assertThat(longLc.difficulty()).isEqualTo("other models");
    assertThat(Math.abs(evenLc.winRate() - evenLc.rawWinRate())).isLessThan(5);
    assertThat(Math.abs(evenLc.lengthWeight())).isLessThan(0.5);
  }

  @Test
  void should_use_instruction_difficulty_from_a_file_and_name_a_missing_question()
      throws Exception {
    Path file = simulated(Map.of("X", 0.6), 9);
    BattleVerdicts.Read read = BattleVerdicts.read(file);
    Map<String, Double> difficulty = new java.util.HashMap<>();
    for (int q = 0; q < 300; q++) {
      difficulty.put("q" + q, (q % 5) / 2.0);
    }
    League league =
        LeagueBuilder.builder()
            .baseline("base")
            .bootstrap(Bootstrap.of(10, 0.95, 1))
            .instructionDifficulty("difficulty.csv", difficulty)
            .build(read);
    League.LengthControlled lc =
        league.standings().stream()
            .filter(s -> s.model().equals("X"))
            .findFirst()
            .orElseThrow()
            .lengthControlled()
            .orElseThrow();
    assertThat(lc.difficulty()).isEqualTo("file");
    assertThat(lc.difficultyWeight()).isPresent();
    difficulty.remove("q17");
    assertThatThrownBy(
            () ->
                LeagueBuilder.builder()
                    .baseline("base")
                    .bootstrap(Bootstrap.of(10, 0.95, 1))
                    .instructionDifficulty("difficulty.csv", difficulty)
                    .build(read))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("difficulty.csv")
        .hasMessageContaining("--instruction-difficulty")
        .hasMessageContaining("'q17'");
  }

  @Test
  void should_correlate_the_ratings_with_a_reference_ranking() throws Exception {
    Path file = simulated(Map.of("X", 0.85, "Y", 0.5, "Z", 0.15), 13);
    BattleVerdicts.Read read = BattleVerdicts.read(file);
    Path same = Files.writeString(dir.resolve("same.txt"), "# best first\nX\nbase\nZ\n");
    League agree =
        LeagueBuilder.builder()
            .baseline("base")
            .bootstrap(Bootstrap.of(10, 0.95, 1))
            .reference(same.toString(), ScoreFile.ranking(same))
            .build(read);
    League.ReferenceAgreement r = agree.reference().orElseThrow();
    assertThat(r.models()).containsExactlyInAnyOrder("X", "base", "Z");
    assertThat(r.kendallTau()).isCloseTo(1, within(1e-12));
    assertThat(r.spearmanRho()).isCloseTo(1, within(1e-12));
    Path reversed = Files.writeString(dir.resolve("rev.csv"), "model,score\nX,1\nY,2\nZ,3\n");
    League.ReferenceAgreement rev =
        LeagueBuilder.builder()
            .baseline("base")
            .bootstrap(Bootstrap.of(10, 0.95, 1))
            .reference(reversed.toString(), ScoreFile.ranking(reversed))
            .build(read)
            .reference()
            .orElseThrow();
    assertThat(rev.kendallTau()).isCloseTo(-1, within(1e-12));
    assertThat(rev.spearmanRho()).isCloseTo(-1, within(1e-12));
  }

  @Test
  void should_name_file_and_field_when_the_baseline_is_in_no_battle() throws Exception {
    Path file = simulated(Map.of("X", 0.6), 1);
    BattleVerdicts.Read read = BattleVerdicts.read(file);
    assertThatThrownBy(() -> LeagueBuilder.builder().baseline("gpt-9").build(read))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("field '--baseline'")
        .hasMessageContaining("'gpt-9' is in no battle")
        .hasMessageContaining("[X, base]");
  }

  @Test
  void should_name_file_line_and_field_when_a_verdict_lacks_its_models() throws Exception {
    Battles b = new Battles().add("q1", "base", "X", 1, 2, "A>B", "A>B");
    b.raw(
        "{\"id\":\"q2\",\"mode\":\"pairwise\",\"status\":\"SCORED\",\"preference\":\"A>B\","
            + "\"battle\":{\"model_a\":\"base\",\"question\":\"q2\",\"length_a\":1,\"length_b\":2}}");
    Path file = b.write(dir.resolve("missing.jsonl"));
    assertThatThrownBy(() -> BattleVerdicts.read(file))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(file + ":2")
        .hasMessageContaining("field 'battle.model_b'");
    Path none =
        new Battles()
            .raw(
                "{\"id\":\"q\",\"mode\":\"pairwise\",\"status\":\"SCORED\",\"preference\":\"A>B\"}")
            .write(dir.resolve("none.jsonl"));
    assertThatThrownBy(() -> BattleVerdicts.read(none))
        .hasMessageContaining(none + ":1")
        .hasMessageContaining("field 'battle'")
        .hasMessageContaining("model_a and model_b");
    Path pointwise =
        new Battles()
            .raw("{\"id\":\"q\",\"mode\":\"pointwise\",\"status\":\"SCORED\",\"score\":3}")
            .write(dir.resolve("pointwise.jsonl"));
    assertThatThrownBy(() -> BattleVerdicts.read(pointwise))
        .hasMessageContaining(pointwise + ":1")
        .hasMessageContaining("field 'mode'");
  }

  @Test
  void should_count_error_lines_and_undecided_orders_without_making_games_of_them()
      throws Exception {
    Path file =
        new Battles()
            .add("q1", "base", "X", 10, 20, "B>A", null)
            .add("q2", "X", "base", 20, 10, "A>>B", "A=B")
            .raw("{\"id\":\"q3\",\"line\":3,\"status\":\"ERROR\",\"reason\":\"server down\"}")
            .write(dir.resolve("mixed.jsonl"));
    League league =
        LeagueBuilder.builder()
            .baseline("base")
            .bootstrap(Bootstrap.of(10, 0.95, 1))
            .build(BattleVerdicts.read(file));
    assertThat(league.counts().games()).isEqualTo(3);
    assertThat(league.counts().undecidedGames()).isEqualTo(1);
    assertThat(league.counts().errors()).isEqualTo(1);
    assertThat(league.notes()).anyMatch(n -> n.contains("1 error line"));
    League.Standing x = league.standings().get(0);
    assertThat(x.model()).isEqualTo("X");
    assertThat(x.wins()).isEqualTo(2);
    assertThat(x.ties()).isEqualTo(1);
    assertThat(x.winRate()).isCloseTo(100 * 2.5 / 3, within(1e-9));
  }

  @Test
  void should_read_score_files_with_a_header_and_reject_duplicates_by_line() throws Exception {
    Path csv = Files.writeString(dir.resolve("d.csv"), ",instruction_difficulty\n0,1.5\n1,-0.25\n");
    assertThat(ScoreFile.numbers(csv)).containsExactly(Map.entry("0", 1.5), Map.entry("1", -0.25));
    Path dup = Files.writeString(dir.resolve("dup.txt"), "a\nb\na\n");
    assertThatThrownBy(() -> ScoreFile.ranking(dup))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(dup + ":3")
        .hasMessageContaining("'a' appears twice");
    Path bad = Files.writeString(dir.resolve("bad.csv"), "q,d\nq1,x\n");
    assertThatThrownBy(() -> ScoreFile.numbers(bad)).hasMessageContaining(bad + ":2");
  }
}
