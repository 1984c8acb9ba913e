package dev.arbiter.rubrics.personal;

import dev.arbiter.core.Criterion;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.Rubric;
import dev.arbiter.core.Scale;
import dev.arbiter.rubrics.Profile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Random;

/**
 * Learns each user's criterion weights from the user's own choices between judged responses.
 *
 * <p>The model is Bradley-Terry on criterion-score differences: a user prefers response a over b
 * with probability {@code σ(w · (s_a − s_b))}, where {@code s} are the judge's criterion scores
 * normalised to [0, 1] by each criterion's scale. That is the ranking {@code RubricScoring} gives
 * with the profile's weights, so a learned profile judges the way the fit predicts. Weights are
 * non-negative (BOBYQA, see {@link BradleyTerryFit}).
 *
 * <p>A population prior {@code w₀} is fitted first on everyone's pairs (or, with {@link
 * Builder#prior}, taken from a given profile with only its sharpness fitted). Each user's weights
 * then minimise their pairs' negative log-likelihood plus {@code λ/2 ‖w − w₀‖²}: few pairs keep a
 * user near the prior, many let the user's own choices dominate. λ is given, or chosen from a grid
 * by the held-out log-likelihood of k-fold cross-validation pooled over users.
 *
 * {@snippet :
 * ProfileFit fit = ProfileFitter.builder().template(rubric).build()
 *     .fit(CriterionScores.read(verdicts), ChoicePair.read(pairs));
 * fit.write(Path.of("profiles"));
 * }
 */
public final class ProfileFitter {
  /** The λ values cross-validation chooses from. */
  static final double[] LAMBDA_GRID = {0.01, 0.1, 0.3, 1, 3, 10, 30, 100};

  private final Optional<Rubric> template;
  private final Optional<Profile> prior;
  private final OptionalDouble priorStrength;
  private final int folds;
  private final long seed;

  private ProfileFitter(Builder b) {
    this.template = b.template;
    this.prior = b.prior;
    this.priorStrength = b.priorStrength;
    this.folds = b.folds;
    this.seed = b.seed;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Fits the prior and every user with pairs.
   *
   * @throws InvalidInputException when a pair names a verdict id that the scores do not hold, no
   *     pair is usable, or the prior lacks one of the criteria
   */
  public ProfileFit fit(CriterionScores scores, List<ChoicePair> pairs) {
    Rubric rubric = template(scores);
    List<Criterion> fitted = rubric.principles();
    List<String> names = fitted.stream().map(Criterion::name).toList();
    Map<String, List<double[]>> byUser = new LinkedHashMap<>();
    List<double[]> all = new ArrayList<>();
    int skipped = 0;
    for (ChoicePair p : pairs) {
      Optional<double[]> x = difference(scores, fitted, p);
      if (x.isEmpty()) {
        skipped++;
        continue;
      }
      byUser.computeIfAbsent(p.user(), u -> new ArrayList<>()).add(x.get());
      all.add(x.get());
    }
    if (all.isEmpty()) {
      throw InvalidInputException.of(
          "pairs",
          "no usable pair: every pair names a verdict without scores for "
              + names
              + " ("
              + skipped
              + " skipped)");
    }
    double[] w0 = priorWeights(names, all);
    double lambda;
    String source;
    if (priorStrength.isPresent()) {
      lambda = priorStrength.getAsDouble();
      source = "given";
    } else {
      var chosen = chooseLambda(byUser, w0);
      lambda = chosen.lambda;
      source = chosen.source;
    }
    UserFit population =
        userFit(ProfileFit.POPULATION, names, w0, all.size(), OptionalDouble.empty(), lambda);
    List<UserFit> users = new ArrayList<>();
    for (var e : byUser.entrySet()) {
      List<double[]> d = e.getValue();
      double[] w = BradleyTerryFit.fit(d, w0, lambda);
      users.add(userFit(e.getKey(), names, w, d.size(), crossValidated(d, w0, lambda), lambda));
    }
    return new ProfileFit(rubric, population, users, lambda, source, skipped);
  }

  private Rubric template(CriterionScores scores) {
    if (template.isPresent()) {
      return template.get();
    }
    if (prior.isPresent()) {
      return prior.get().rubric();
    }
    List<String> names = scores.criterionNames();
    if (names.isEmpty()) {
      throw InvalidInputException.of("verdicts", "no scored verdict with criteria");
    }
    List<Criterion> cs = new ArrayList<>();
    for (String n : names) {
      cs.add(Criterion.principle(n, "", Scale.ONE_TO_FIVE));
    }
    return Rubric.of("learned", cs);
  }

  private static Optional<double[]> difference(
      CriterionScores scores, List<Criterion> criteria, ChoicePair p) {
    Optional<Map<String, Double>> a = lookup(scores, p.chosen(), p, "chosen");
    Optional<Map<String, Double>> b = lookup(scores, p.rejected(), p, "rejected");
    if (a.isEmpty() || b.isEmpty()) {
      return Optional.empty();
    }
    double[] x = new double[criteria.size()];
    for (int i = 0; i < x.length; i++) {
      Criterion c = criteria.get(i);
      Double sa = a.get().get(c.name());
      Double sb = b.get().get(c.name());
      if (sa == null || sb == null) {
        return Optional.empty();
      }
      x[i] = norm(c, sa) - norm(c, sb);
    }
    return Optional.of(x);
  }

  private static double norm(Criterion c, double score) {
    return Math.max(0, Math.min(1, c.scale().normalize(score)));
  }

  private static Optional<Map<String, Double>> lookup(
      CriterionScores scores, String id, ChoicePair p, String field) {
    Optional<Map<String, Double>> s = scores.scores(id);
    if (s.isEmpty() && !scores.isUnscored(id)) {
      throw new InvalidInputException(
          p.source(), p.line(), field, "no verdict with id '" + id + "' in the verdicts");
    }
    return s;
  }

  private double[] priorWeights(List<String> names, List<double[]> all) {
    if (prior.isEmpty()) {
      double[] ones = new double[names.size()];
      Arrays.fill(ones, 1.0);
      // A faint pull toward equal weights keeps the fit finite when the pairs are separable.
      return BradleyTerryFit.fit(all, ones, 1e-3);
    }
    Rubric p = prior.get().rubric();
    double[] dir = new double[names.size()];
    for (int i = 0; i < dir.length; i++) {
      String n = names.get(i);
      dir[i] =
          p.criterion(n)
              .map(Criterion::weight)
              .orElseThrow(
                  () ->
                      InvalidInputException.of(
                          "prior", "profile '" + prior.get().name() + "' has no criterion " + n));
    }
    return BradleyTerryFit.scaled(dir, BradleyTerryFit.fitScale(all, dir));
  }

  private record Choice(double lambda, String source) {}

  private Choice chooseLambda(Map<String, List<double[]>> byUser, double[] w0) {
    int usable = 0;
    double[] loss = new double[LAMBDA_GRID.length];
    for (List<double[]> d : byUser.values()) {
      if (d.size() < folds) {
        continue;
      }
      usable++;
      List<List<double[]>[]> splits = splits(d);
      for (int g = 0; g < LAMBDA_GRID.length; g++) {
        for (List<double[]>[] s : splits) {
          double[] w = BradleyTerryFit.fit(s[0], w0, LAMBDA_GRID[g]);
          loss[g] += BradleyTerryFit.loss(w, s[1], w0, 0);
        }
      }
    }
    if (usable == 0) {
      return new Choice(1.0, "default: no user has " + folds + " pairs to cross-validate");
    }
    int best = 0;
    for (int g = 1; g < loss.length; g++) {
      if (loss[g] < loss[best]) {
        best = g;
      }
    }
    return new Choice(
        LAMBDA_GRID[best],
        String.format(
            Locale.ROOT,
            "chosen by %d-fold cross-validation over %d users from %s",
            folds,
            usable,
            Arrays.toString(LAMBDA_GRID)));
  }

  private OptionalDouble crossValidated(List<double[]> d, double[] w0, double lambda) {
    if (d.size() < 2) {
      return OptionalDouble.empty();
    }
    double hits = 0;
    int n = 0;
    for (List<double[]>[] s : splits(d)) {
      double[] w = BradleyTerryFit.fit(s[0], w0, lambda);
      hits += BradleyTerryFit.accuracy(w, s[1]) * s[1].size();
      n += s[1].size();
    }
    return OptionalDouble.of(hits / n);
  }

  /** K-fold splits {train, test} of a seeded shuffle, K = min(folds, pairs). */
  @SuppressWarnings("unchecked")
  private List<List<double[]>[]> splits(List<double[]> d) {
    List<double[]> shuffled = new ArrayList<>(d);
    java.util.Collections.shuffle(shuffled, new Random(seed));
    int k = Math.min(folds, shuffled.size());
    List<List<double[]>[]> out = new ArrayList<>();
    for (int f = 0; f < k; f++) {
      List<double[]> train = new ArrayList<>();
      List<double[]> test = new ArrayList<>();
      for (int i = 0; i < shuffled.size(); i++) {
        (i % k == f ? test : train).add(shuffled.get(i));
      }
      out.add(new List[] {train, test});
    }
    return out;
  }

  private static UserFit userFit(
      String user,
      List<String> names,
      double[] w,
      int pairs,
      OptionalDouble accuracy,
      double lambda) {
    double mean = Arrays.stream(w).average().orElse(1);
    return new UserFit(
        user,
        ProfileFit.named(names, BradleyTerryFit.scaled(w, 1 / mean)),
        mean,
        pairs,
        accuracy,
        lambda);
  }

  /** Builds a {@link ProfileFitter}. */
  public static final class Builder {
    private Optional<Rubric> template = Optional.empty();
    private Optional<Profile> prior = Optional.empty();
    private OptionalDouble priorStrength = OptionalDouble.empty();
    private int folds = 5;
    private long seed = 42;

    private Builder() {}

    /**
     * The rubric whose principles get weights (their descriptions and scales go into every profile;
     * hard rules are kept unweighted). Default: the prior's rubric, else the criteria found in the
     * verdicts on a 1-5 scale.
     */
    public Builder template(Rubric rubric) {
      this.template = Optional.of(rubric);
      return this;
    }

    /**
     * A hand-written profile as the prior: its weights give the prior's direction and only the
     * sharpness is fitted on everyone's pairs (default: the prior is fitted on everyone's pairs).
     */
    public Builder prior(Profile profile) {
      this.prior = Optional.of(profile);
      return this;
    }

    /** The L2 strength λ toward the prior, {@code >= 0} (default: chosen by cross-validation). */
    public Builder priorStrength(double lambda) {
      if (!(lambda >= 0) || !Double.isFinite(lambda)) {
        throw InvalidInputException.of(
            "priorStrength", "must be a finite number >= 0 but was " + lambda);
      }
      this.priorStrength = OptionalDouble.of(lambda);
      return this;
    }

    /** Folds of the cross-validation, {@code >= 2} (default 5). */
    public Builder folds(int folds) {
      if (folds < 2) {
        throw InvalidInputException.of("folds", "must be >= 2 but was " + folds);
      }
      this.folds = folds;
      return this;
    }

    /** Seed of the fold shuffle (default 42). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public ProfileFitter build() {
      return new ProfileFitter(this);
    }
  }
}
