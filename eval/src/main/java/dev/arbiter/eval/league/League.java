package dev.arbiter.eval.league;

import java.util.List;
import java.util.Optional;

/**
 * A league table: every model's standing against a baseline, from one verdict file. Every number is
 * computed from the verdicts; see docs/eval.md (league tables) for each statistic and its limits.
 *
 * @param title what the table ranks
 * @param source the verdict file
 * @param judges the judge models that produced the verdicts (from their provenance)
 * @param baseline the model every rating is anchored on (1000) and win rates are taken against
 * @param created when the table was made (ISO-8601)
 * @param bootstrap the bootstrap behind every interval
 * @param counts what the file held and what was used
 * @param standings one row per model, best rating first
 * @param reference agreement with a reference ranking, when one was given
 * @param notes caveats a reader must see (a simulated judge, a model whose LC fit failed)
 */
public record League(
    String title,
    String source,
    List<String> judges,
    String baseline,
    String created,
    BootstrapInfo bootstrap,
    Counts counts,
    List<Standing> standings,
    Optional<ReferenceAgreement> reference,
    List<String> notes) {

  /** Copies the lists. */
  public League {
    judges = List.copyOf(judges);
    standings = List.copyOf(standings);
    reference = reference == null ? Optional.empty() : reference;
    notes = List.copyOf(notes);
  }

  /**
   * The resampling behind the intervals.
   *
   * @param rounds resamples
   * @param confidence two-sided level, e.g. 0.95
   * @param seed seed of the generator
   */
  public record BootstrapInfo(int rounds, double confidence, long seed) {}

  /**
   * What the verdict file held.
   *
   * @param battles verdict lines used (one per question and model pair)
   * @param games decided games (one per presentation order with a decision)
   * @param undecidedGames orders without a decision (no parseable sample in that order)
   * @param unscored unscored verdict lines
   * @param errors error lines (failed judgements)
   * @param strongWeight how many battles a strong preference (A&gt;&gt;B) counts as in the ratings
   */
  public record Counts(
      long battles,
      long games,
      long undecidedGames,
      long unscored,
      long errors,
      int strongWeight) {}

  /**
   * One model's standing.
   *
   * @param rank 1 for the best rating
   * @param model the model
   * @param questions questions on which it met the baseline
   * @param games decided games against the baseline
   * @param wins games won against the baseline
   * @param ties games tied with the baseline
   * @param losses games lost to the baseline
   * @param winRate share of points against the baseline in percent (a tie is half a point), NaN
   *     when it never met the baseline (and for the baseline itself)
   * @param winRateLower lower bootstrap bound (questions resampled)
   * @param winRateUpper upper bootstrap bound
   * @param rating Bradley-Terry rating on the Elo scale, baseline = 1000
   * @param ratingLower lower bootstrap bound (battles resampled, as Arena-Hard)
   * @param ratingUpper upper bootstrap bound
   * @param predictedWinRate the rating's win probability against the baseline in percent
   *     (Arena-Hard's reported "score")
   * @param predictedWinRateLower at {@code ratingLower}
   * @param predictedWinRateUpper at {@code ratingUpper}
   * @param lengthControlled the AlpacaEval-style length-controlled win rate, when it could be
   *     fitted
   * @param meanLength mean answer length in code points over its battles
   */
  public record Standing(
      int rank,
      String model,
      long questions,
      long games,
      long wins,
      long ties,
      long losses,
      double winRate,
      double winRateLower,
      double winRateUpper,
      double rating,
      double ratingLower,
      double ratingUpper,
      double predictedWinRate,
      double predictedWinRateLower,
      double predictedWinRateUpper,
      Optional<LengthControlled> lengthControlled,
      double meanLength) {
    /** Normalises a null LC fit to empty. */
    public Standing {
      lengthControlled = lengthControlled == null ? Optional.empty() : lengthControlled;
    }
  }

  /**
   * The length-controlled GLM of one model against the baseline.
   *
   * @param winRate the win rate predicted with the length term at 0, in percent
   * @param rawWinRate the same questions' mean preference for the model, in percent (what the GLM
   *     was fitted to, so the two compare directly)
   * @param modelWeight the model term's coefficient
   * @param lengthWeight the coefficient of tanh((len_baseline - len_model) / sd)
   * @param difficultyWeight the instruction difficulty's coefficient, when difficulty was used
   * @param difficulty where the difficulty came from: "file", "other models" or "none"
   * @param questions questions in the fit
   */
  public record LengthControlled(
      double winRate,
      double rawWinRate,
      double modelWeight,
      double lengthWeight,
      Optional<Double> difficultyWeight,
      String difficulty,
      int questions) {
    /** Normalises a null difficulty weight to empty. */
    public LengthControlled {
      difficultyWeight = difficultyWeight == null ? Optional.empty() : difficultyWeight;
    }
  }

  /**
   * Agreement of the ratings with a reference ranking.
   *
   * @param source the reference file
   * @param models the models in both the league and the reference
   * @param kendallTau Kendall's τ-b
   * @param spearmanRho Spearman's ρ
   */
  public record ReferenceAgreement(
      String source, List<String> models, double kendallTau, double spearmanRho) {
    /** Copies the models. */
    public ReferenceAgreement {
      models = List.copyOf(models);
    }
  }
}
