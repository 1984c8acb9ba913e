package dev.arbiter.rubrics.personal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arbiter.core.Criterion;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.Rubric;
import dev.arbiter.core.Scale;
import dev.arbiter.rubrics.Profile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileFitterTest {
  private static final Rubric RUBRIC =
      Rubric.of(
          "style",
          List.of(
              Criterion.principle("brief", "Short.", Scale.ONE_TO_FIVE),
              Criterion.principle("thorough", "Covers everything.", Scale.ONE_TO_FIVE),
              Criterion.hardRule("safe", "No harm.")));

  /** 200 responses with random 1-5 scores on both criteria (and passing the hard rule). */
  private static CriterionScores scores(Random rnd) {
    Map<String, Map<String, Double>> m = new LinkedHashMap<>();
    for (int i = 0; i < 200; i++) {
      m.put(
          "r" + i,
          Map.of("brief", 1.0 + rnd.nextInt(5), "thorough", 1.0 + rnd.nextInt(5), "safe", 1.0));
    }
    return CriterionScores.of(m);
  }

  /** Pairs a user with these (raw) weights chooses by Bradley-Terry sampling. */
  private static List<ChoicePair> choices(
      String user, double brief, double thorough, int n, CriterionScores s, Random rnd) {
    List<ChoicePair> out = new ArrayList<>();
    while (out.size() < n) {
      String a = "r" + rnd.nextInt(200);
      String b = "r" + rnd.nextInt(200);
      if (a.equals(b)) {
        continue;
      }
      var sa = s.scores(a).orElseThrow();
      var sb = s.scores(b).orElseThrow();
      double u =
          brief * (sa.get("brief") - sb.get("brief")) / 4
              + thorough * (sa.get("thorough") - sb.get("thorough")) / 4;
      boolean aWins = rnd.nextDouble() < 1 / (1 + Math.exp(-u));
      out.add(ChoicePair.of(user, aWins ? a : b, aWins ? b : a));
    }
    return out;
  }

  @Test
  void should_learn_which_criterion_each_user_values() {
    // given: one user who values brevity, one who values thoroughness
    Random rnd = new Random(7);
    CriterionScores s = scores(rnd);
    List<ChoicePair> pairs = new ArrayList<>(choices("short", 8, 1, 120, s, rnd));
    pairs.addAll(choices("deep", 1, 8, 120, s, rnd));

    // when
    ProfileFit fit = ProfileFitter.builder().template(RUBRIC).build().fit(s, pairs);

    // then
    UserFit shortUser = fit.user("short").orElseThrow();
    UserFit deepUser = fit.user("deep").orElseThrow();
    assertThat(shortUser.weights().get("brief"))
        .isGreaterThan(3 * shortUser.weights().get("thorough"));
    assertThat(deepUser.weights().get("thorough"))
        .isGreaterThan(3 * deepUser.weights().get("brief"));
    assertThat(shortUser.pairsUsed()).isEqualTo(120);
    assertThat(shortUser.heldOutAccuracy().getAsDouble()).isGreaterThan(0.7);
    assertThat(fit.profile(shortUser).rubric().criterion("safe").orElseThrow().kind())
        .isEqualTo(Criterion.Kind.HARD_RULE);
  }

  @Test
  void should_keep_a_user_with_few_pairs_near_the_prior_when_the_prior_is_strong() {
    Random rnd = new Random(11);
    CriterionScores s = scores(rnd);
    List<ChoicePair> pairs = new ArrayList<>(choices("crowd", 6, 2, 300, s, rnd));
    pairs.addAll(choices("new", 1, 8, 3, s, rnd));

    ProfileFit strong =
        ProfileFitter.builder().template(RUBRIC).priorStrength(1000).build().fit(s, pairs);
    ProfileFit weak =
        ProfileFitter.builder().template(RUBRIC).priorStrength(0.001).build().fit(s, pairs);

    double prior = strong.population().weights().get("brief");
    assertThat(strong.user("new").orElseThrow().weights().get("brief"))
        .isCloseTo(prior, org.assertj.core.data.Offset.offset(0.05));
    assertThat(weak.user("new").orElseThrow().weights().get("brief")).isLessThan(prior - 0.2);
    assertThat(strong.priorStrengthSource()).isEqualTo("given");
  }

  @Test
  void should_choose_the_prior_strength_by_cross_validation() {
    Random rnd = new Random(3);
    CriterionScores s = scores(rnd);
    List<ChoicePair> pairs = new ArrayList<>();
    for (int u = 0; u < 6; u++) {
      pairs.addAll(choices("u" + u, 5, 2, 20, s, rnd));
    }
    ProfileFit fit = ProfileFitter.builder().template(RUBRIC).build().fit(s, pairs);
    assertThat(fit.priorStrengthSource()).startsWith("chosen by 5-fold cross-validation over 6");
    assertThat(ProfileFitter.LAMBDA_GRID).contains(fit.priorStrength());
  }

  @Test
  void should_take_the_prior_direction_from_a_given_profile() {
    Random rnd = new Random(5);
    CriterionScores s = scores(rnd);
    Rubric priorRubric =
        Rubric.of(
            "p",
            List.of(
                new Criterion("brief", "", 3, Scale.ONE_TO_FIVE, null, null, null),
                new Criterion("thorough", "", 1, Scale.ONE_TO_FIVE, null, null, null)));
    ProfileFit fit =
        ProfileFitter.builder()
            .prior(new Profile("p", "", priorRubric))
            .priorStrength(1)
            .build()
            .fit(s, choices("u", 3, 1, 50, s, rnd));
    assertThat(fit.population().weights().get("brief"))
        .isCloseTo(1.5, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(fit.population().weights().get("thorough"))
        .isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void should_name_the_pairs_line_of_an_unknown_verdict_id(@TempDir Path dir) throws Exception {
    Path pairs = dir.resolve("pairs.jsonl");
    Files.writeString(
        pairs,
        "{\"user\":\"u1\",\"chosen\":\"r1\",\"rejected\":\"r2\"}\n"
            + "{\"user\":\"u1\",\"chosen\":\"r1\",\"rejected\":\"nope\"}\n",
        StandardCharsets.UTF_8);
    CriterionScores s = scores(new Random(1));
    var fitter = ProfileFitter.builder().template(RUBRIC).build();
    var read = ChoicePair.read(pairs);
    assertThatThrownBy(() -> fitter.fit(s, read))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("pairs.jsonl:2")
        .hasMessageContaining("rejected")
        .hasMessageContaining("nope");
  }

  @Test
  void should_reject_a_pair_line_without_a_user(@TempDir Path dir) throws Exception {
    Path pairs = dir.resolve("pairs.jsonl");
    Files.writeString(pairs, "{\"chosen\":\"r1\",\"rejected\":\"r2\"}\n", StandardCharsets.UTF_8);
    assertThatThrownBy(() -> ChoicePair.read(pairs))
        .hasMessageContaining("pairs.jsonl:1")
        .hasMessageContaining("user");
  }

  @Test
  void should_skip_pairs_whose_verdict_is_unscored_and_read_back_written_profiles(@TempDir Path dir)
      throws Exception {
    // given: verdicts as arbiter judge writes them, one of them an error record
    Path verdicts = dir.resolve("v.jsonl");
    Files.writeString(
        verdicts,
        "{\"id\":\"a\",\"status\":\"SCORED\",\"criteria\":[{\"name\":\"brief\",\"score\":5},"
            + "{\"name\":\"thorough\",\"score\":1}]}\n"
            + "{\"id\":\"b\",\"status\":\"SCORED\",\"criteria\":[{\"name\":\"brief\",\"score\":1},"
            + "{\"name\":\"thorough\",\"score\":4}]}\n"
            + "{\"id\":\"c\",\"status\":\"ERROR\",\"reason\":\"timeout\"}\n",
        StandardCharsets.UTF_8);
    List<ChoicePair> pairs =
        List.of(
            ChoicePair.of("u1", "a", "b"),
            ChoicePair.of("u1", "a", "c"),
            ChoicePair.of("u2", "b", "a"));

    // when
    ProfileFit fit = ProfileFitter.builder().build().fit(CriterionScores.read(verdicts), pairs);
    fit.write(dir.resolve("profiles"));

    // then
    assertThat(fit.pairsSkipped()).isEqualTo(1);
    ProfileDirectory profiles = ProfileDirectory.load(dir.resolve("profiles"));
    assertThat(profiles.users()).containsExactly("u1", "u2");
    var u1 = profiles.choose("u1");
    assertThat(u1.fallback()).isFalse();
    assertThat(u1.profile().rubric().criterion("brief").orElseThrow().weight())
        .isGreaterThan(u1.profile().rubric().criterion("thorough").orElseThrow().weight());
    var stranger = profiles.choose("stranger");
    assertThat(stranger.fallback()).isTrue();
    assertThat(stranger.profile().name()).isEqualTo(ProfileFit.POPULATION);
    assertThat(Files.readString(dir.resolve("profiles/u1.yaml"))).contains("# pairs used: 1");
    assertThat(Files.readString(dir.resolve("profiles/fit-report.json")))
        .contains("\"pairs_skipped\" : 1");
  }
}
