package dev.arbiter.eval.league;

import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.Preference;
import dev.arbiter.eval.league.BattleVerdicts.JudgedBattle;
import dev.arbiter.eval.metrics.Battle;
import dev.arbiter.eval.metrics.Bootstrap;
import dev.arbiter.eval.metrics.BradleyTerry;
import dev.arbiter.eval.metrics.ClusteredShare;
import dev.arbiter.eval.metrics.Estimate;
import dev.arbiter.eval.metrics.LengthControlledWinRate;
import dev.arbiter.eval.metrics.RankCorrelation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Builds a {@link League} from battle verdicts.
 *
 * <p>How each number is made (docs/eval.md, league tables, says the same for readers):
 *
 * <ul>
 *   <li><b>Ratings</b>: every decided game is one battle between the line's two models, a strong
 *       preference counting {@code strongWeight} times (Arena-Hard, show_result.py); {@link
 *       BradleyTerry} fits them on the Elo scale (400 / ln 10 per logit) with the baseline at 1000,
 *       and refits on resampled battles for the interval.
 *   <li><b>Win rate</b>: a model's points against the baseline over the decided games of their
 *       battles (win 1, tie ½), with a bootstrap over questions (both orders of a question stay
 *       together).
 *   <li><b>Length-controlled win rate</b>: AlpacaEval 2's GLM ({@link LengthControlledWinRate}) on
 *       one observation per question: the model's mean points over the question's games as the soft
 *       preference, the two answers' lengths, and the instruction's difficulty.
 * </ul>
 */
public final class LeagueBuilder {
  /**
   * scikit-learn's default {@code C = 1}; see {@link LengthControlledWinRate#fit(List, double)}.
   */
  public static final double DEFAULT_LC_RIDGE = 1.0;

  private String baseline;
  private Bootstrap bootstrap = Bootstrap.defaults();
  private int strongWeight = Battle.ARENA_HARD_STRONG_WEIGHT;
  private double lcRidge = DEFAULT_LC_RIDGE;
  private Map<String, Double> difficulty;
  private String difficultySource;
  private Map<String, Double> reference;
  private String referenceSource;
  private String title;

  private LeagueBuilder() {}

  /** A builder; {@link #baseline(String)} is required. */
  public static LeagueBuilder builder() {
    return new LeagueBuilder();
  }

  /** The model anchored at 1000, against which win rates are taken. */
  public LeagueBuilder baseline(String model) {
    if (model == null || model.isBlank()) {
      throw InvalidInputException.of("--baseline", "needs a model name");
    }
    this.baseline = model;
    return this;
  }

  /** The resampling for every interval (default: 1000 rounds, 95 %, seed 42). */
  public LeagueBuilder bootstrap(Bootstrap spec) {
    this.bootstrap = Objects.requireNonNull(spec, "bootstrap");
    return this;
  }

  /** How many battles a strong preference counts as in the ratings (default 3, Arena-Hard's). */
  public LeagueBuilder strongWeight(int weight) {
    if (weight < 1) {
      throw InvalidInputException.of("--strong-weight", "must be >= 1 but was " + weight);
    }
    this.strongWeight = weight;
    return this;
  }

  /** The LC fit's L2 penalty (default {@value #DEFAULT_LC_RIDGE}). */
  public LeagueBuilder lengthControlRidge(double ridge) {
    if (!(ridge >= 0)) {
      throw InvalidInputException.of("ridge", "must be >= 0 but was " + ridge);
    }
    this.lcRidge = ridge;
    return this;
  }

  /**
   * Instruction difficulty per question, e.g. AlpacaEval's {@code instruction_difficulty.csv};
   * without it the difficulty is estimated from the other models' games on each question.
   */
  public LeagueBuilder instructionDifficulty(String source, Map<String, Double> byQuestion) {
    this.difficultySource = Objects.requireNonNull(source, "source");
    this.difficulty = Map.copyOf(byQuestion);
    return this;
  }

  /** A reference ranking (higher = better) to correlate the ratings with. */
  public LeagueBuilder reference(String source, Map<String, Double> scores) {
    this.referenceSource = Objects.requireNonNull(source, "source");
    this.reference = new LinkedHashMap<>(scores);
    return this;
  }

  /** The table's title (default: "League table: FILE"). */
  public LeagueBuilder title(String title) {
    this.title = title;
    return this;
  }

  /**
   * Computes the table.
   *
   * @throws InvalidInputException when the baseline is in no battle, no game was decided, the
   *     difficulty file misses a question, or the reference shares fewer than 2 models
   */
  public League build(BattleVerdicts.Read read) {
    if (baseline == null) {
      throw InvalidInputException.of("--baseline", "is required");
    }
    String source = read.source();
    TreeSet<String> models = new TreeSet<>();
    for (JudgedBattle b : read.battles()) {
      models.add(b.modelA());
      models.add(b.modelB());
    }
    if (!models.contains(baseline)) {
      throw new InvalidInputException(
          source,
          -1,
          "--baseline",
          "'" + baseline + "' is in no battle of this file; its models are " + models);
    }
    List<Battle> battles = new ArrayList<>();
    long games = 0;
    long undecided = 0;
    for (JudgedBattle b : read.battles()) {
      for (Optional<Preference> g : b.games()) {
        if (g.isEmpty()) {
          undecided++;
          continue;
        }
        games++;
        Preference p = g.get();
        Battle.Outcome o =
            p.vote() > 0
                ? Battle.Outcome.A_WINS
                : p.vote() < 0 ? Battle.Outcome.B_WINS : Battle.Outcome.TIE;
        int w = Math.abs(p.signedStrength()) == 2 ? strongWeight : 1;
        battles.add(new Battle(b.modelA(), b.modelB(), o, w));
      }
    }
    if (battles.isEmpty()) {
      throw new InvalidInputException(
          source, -1, "orders", "no battle has a decided game, so there is nothing to rate");
    }
    List<BradleyTerry.Rating> ratings = BradleyTerry.fit(battles, Optional.of(baseline), bootstrap);
    List<String> notes = new ArrayList<>();
    if (read.judges().contains("stub-judge")) {
      notes.add(
          "Judged by the simulated vLLM server (arbiter stub-server): its decisions are"
              + " pseudo-random, so this table measures nothing but the wiring.");
    }
    if (read.errors() > 0) {
      notes.add(
          read.errors()
              + " error line(s) (failed judgements) are not games; rerun arbiter judge with"
              + " --retry-failed to judge them.");
    }
    Map<String, PerQuestion> perModel = perQuestion(read.battles());
    boolean estimate = difficulty == null && perModel.size() > 2;
    if (difficulty == null && perModel.size() <= 2) {
      notes.add(
          "Length-controlled win rates use no instruction difficulty: with one model besides the"
              + " baseline there are no other models to estimate it from, and no"
              + " --instruction-difficulty file was given.");
    }
    List<League.Standing> rows = new ArrayList<>();
    int rank = 0;
    for (BradleyTerry.Rating r : ratings) {
      rank++;
      String m = r.model();
      PerQuestion q = perModel.get(m);
      long wins = 0;
      long ties = 0;
      long losses = 0;
      Estimate share = null;
      Optional<League.LengthControlled> lc = Optional.empty();
      if (q != null && !m.equals(baseline)) {
        wins = q.wins;
        ties = q.ties;
        losses = q.losses;
        if (q.games() > 0) {
          share = ClusteredShare.withInterval(q.pointsArray(), q.countsArray(), bootstrap);
          lc = lengthControlled(m, q, perModel, estimate, source, notes);
        }
      }
      double meanLength = meanLength(read.battles(), m);
      rows.add(
          new League.Standing(
              rank,
              m,
              q == null || m.equals(baseline) ? 0 : q.questions.size(),
              wins + ties + losses,
              wins,
              ties,
              losses,
              share == null ? Double.NaN : 100 * share.value(),
              share == null ? Double.NaN : 100 * share.lower(),
              share == null ? Double.NaN : 100 * share.upper(),
              r.elo(),
              r.eloLower(),
              r.eloUpper(),
              r.winRate(),
              r.winRateLower(),
              r.winRateUpper(),
              lc,
              meanLength));
    }
    Optional<League.ReferenceAgreement> agreement = Optional.empty();
    if (reference != null) {
      Map<String, Double> ours = new LinkedHashMap<>();
      for (BradleyTerry.Rating r : ratings) {
        ours.put(r.model(), r.elo());
      }
      RankCorrelation.Result c;
      try {
        c = RankCorrelation.of(ours, reference);
      } catch (InvalidInputException e) {
        throw new InvalidInputException(
            referenceSource,
            -1,
            "--reference-ranking",
            e.getMessage() + "; league models: " + models);
      }
      agreement =
          Optional.of(
              new League.ReferenceAgreement(
                  referenceSource, c.models(), c.kendallTau(), c.spearmanRho()));
    }
    return new League(
        title != null ? title : "League table: " + java.nio.file.Path.of(source).getFileName(),
        source,
        read.judges(),
        baseline,
        Instant.now().toString(),
        new League.BootstrapInfo(bootstrap.rounds(), bootstrap.confidence(), bootstrap.seed()),
        new League.Counts(
            read.battles().size(), games, undecided, read.unscored(), read.errors(), strongWeight),
        rows,
        agreement,
        notes);
  }

  /** One model's games against the baseline, grouped by question. */
  private static final class PerQuestion {
    final Map<String, double[]> questions = new LinkedHashMap<>();
    long wins;
    long ties;
    long losses;

    long games() {
      return wins + ties + losses;
    }

    /** points, decided games, baseline length sum, model length sum, battles */
    double[] at(String question) {
      return questions.computeIfAbsent(question, k -> new double[5]);
    }

    double[] pointsArray() {
      return questions.values().stream().mapToDouble(v -> v[0]).toArray();
    }

    double[] countsArray() {
      return questions.values().stream().mapToDouble(v -> v[1]).toArray();
    }
  }

  private Map<String, PerQuestion> perQuestion(List<JudgedBattle> battles) {
    Map<String, PerQuestion> out = new LinkedHashMap<>();
    for (JudgedBattle b : battles) {
      boolean baselineIsA = b.modelA().equals(baseline);
      if (!baselineIsA && !b.modelB().equals(baseline)) {
        continue;
      }
      String m = baselineIsA ? b.modelB() : b.modelA();
      PerQuestion q = out.computeIfAbsent(m, k -> new PerQuestion());
      double[] cell = q.at(b.question());
      cell[2] += baselineIsA ? b.lengthA() : b.lengthB();
      cell[3] += baselineIsA ? b.lengthB() : b.lengthA();
      cell[4]++;
      for (Optional<Preference> g : b.games()) {
        if (g.isEmpty()) {
          continue;
        }
        // +1 when the model won this game, from whichever side it stood on.
        int v = baselineIsA ? -g.get().vote() : g.get().vote();
        cell[0] += v > 0 ? 1 : v == 0 ? 0.5 : 0;
        cell[1]++;
        if (v > 0) {
          q.wins++;
        } else if (v == 0) {
          q.ties++;
        } else {
          q.losses++;
        }
      }
    }
    out.put(baseline, out.getOrDefault(baseline, new PerQuestion()));
    return out;
  }

  private Optional<League.LengthControlled> lengthControlled(
      String model,
      PerQuestion q,
      Map<String, PerQuestion> all,
      boolean estimate,
      String source,
      List<String> notes) {
    List<LengthControlledWinRate.Observation> obs = new ArrayList<>();
    double raw = 0;
    int n = 0;
    String how = difficulty != null ? "file" : estimate ? "other models" : "none";
    for (Map.Entry<String, double[]> e : q.questions.entrySet()) {
      double[] c = e.getValue();
      if (c[1] == 0) {
        continue;
      }
      double pref = c[0] / c[1];
      raw += pref;
      n++;
      Optional<Double> d = Optional.empty();
      if (difficulty != null) {
        Double v = difficulty.get(e.getKey());
        if (v == null) {
          throw new InvalidInputException(
              difficultySource,
              -1,
              "--instruction-difficulty",
              "has no difficulty for question '" + e.getKey() + "' (verdicts " + source + ")");
        }
        d = Optional.of(v);
      } else if (estimate) {
        d = Optional.of(difficultyFromOthers(model, e.getKey(), all));
      }
      obs.add(
          new LengthControlledWinRate.Observation(
              1 + pref, Math.round(c[2] / c[4]), Math.round(c[3] / c[4]), d));
    }
    if (obs.stream().allMatch(o -> o.difficulty().isPresent())
        && obs.stream().map(o -> o.difficulty().get()).distinct().count() == 1) {
      // A constant difficulty is collinear with the model term: the GLM cannot use it.
      obs.replaceAll(
          o ->
              new LengthControlledWinRate.Observation(
                  o.preference(), o.baselineLength(), o.modelLength(), Optional.empty()));
      how = "none";
    }
    try {
      LengthControlledWinRate.Fit f = LengthControlledWinRate.fit(obs, lcRidge);
      return Optional.of(
          new League.LengthControlled(
              f.winRate(),
              100 * raw / n,
              f.modelWeight(),
              f.lengthWeight(),
              f.difficultyWeight(),
              how,
              f.n()));
    } catch (InvalidInputException e) {
      notes.add("No length-controlled win rate for " + model + ": " + e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * The question's difficulty as the logit of the baseline's smoothed share of points against the
   * other models on it (add-one smoothing), leaving the model itself out so its own games do not
   * leak into its covariate. AlpacaEval instead fits one difficulty per instruction once, over the
   * whole leaderboard (glm_winrate.py downloads it as instruction_difficulty.csv).
   */
  private double difficultyFromOthers(String model, String question, Map<String, PerQuestion> all) {
    double basePoints = 0;
    double games = 0;
    for (Map.Entry<String, PerQuestion> e : all.entrySet()) {
      if (e.getKey().equals(model) || e.getKey().equals(baseline)) {
        continue;
      }
      double[] c = e.getValue().questions.get(question);
      if (c != null) {
        basePoints += c[1] - c[0];
        games += c[1];
      }
    }
    double share = (basePoints + 0.5) / (games + 1);
    return Math.log(share / (1 - share));
  }

  private static double meanLength(List<JudgedBattle> battles, String model) {
    double sum = 0;
    long n = 0;
    for (JudgedBattle b : battles) {
      if (b.modelA().equals(model)) {
        sum += b.lengthA();
        n++;
      } else if (b.modelB().equals(model)) {
        sum += b.lengthB();
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }
}
