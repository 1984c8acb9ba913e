package dev.arbiter.eval.render;

import dev.arbiter.core.internal.Redaction;
import dev.arbiter.eval.abstain.Abstention;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The numbers of one evaluation run, as the report pages show them. Every field is measured from
 * the run's verdicts; nothing here is estimated for display.
 *
 * @param title what was evaluated
 * @param judge a description of the judge (model, protocol, k, vote)
 * @param dataset the input file and format
 * @param created when the report was made (ISO-8601)
 * @param overall overall accuracy with its interval
 * @param subsets accuracy per subset, with intervals
 * @param rmBench RM-Bench's 3x3 style matrix and easy / normal / hard, when the data is RM-Bench
 * @param confusion judge decision against the label (rows: label, columns: decision)
 * @param calibration accuracy per confidence bin
 * @param lengthPoints length difference (chosen minus rejected, characters) and whether the judge
 *     was right, per pair
 * @param lengthBias slope and correlation of preference against length difference
 * @param positionConsistency share of pairwise verdicts whose two orders agreed
 * @param cost calls, tokens, cache hits, wall time
 * @param notes caveats a reader must see (e.g. a simulated judge)
 * @param benchmarks the benchmark's own published scores (RewardBench sections, RMB best-of-N),
 *     when the data is such a benchmark
 * @param abstention the coverage–accuracy curve of calibrated abstention and its chosen point (see
 *     {@link AbstentionSection}); empty without labels
 */
public record EvalReport(
    String title,
    String judge,
    String dataset,
    String created,
    Interval overall,
    List<Interval> subsets,
    Optional<RmBenchMatrix> rmBench,
    Optional<Confusion> confusion,
    List<CalibrationBin> calibration,
    List<LengthPoint> lengthPoints,
    Optional<LengthBiasFit> lengthBias,
    Optional<Double> positionConsistency,
    Cost cost,
    List<String> notes,
    Optional<BenchmarkScores> benchmarks,
    Optional<Abstention.Result> abstention) {

  public EvalReport {
    // The judge line names the endpoint the user gave; a report is shared, its credentials not.
    title = Redaction.text(title);
    judge = Redaction.text(judge);
    dataset = Redaction.text(dataset);
    notes = notes.stream().map(Redaction::text).toList();
    subsets = List.copyOf(subsets);
    rmBench = rmBench == null ? Optional.empty() : rmBench;
    confusion = confusion == null ? Optional.empty() : confusion;
    calibration = List.copyOf(calibration);
    lengthPoints = List.copyOf(lengthPoints);
    lengthBias = lengthBias == null ? Optional.empty() : lengthBias;
    positionConsistency = positionConsistency == null ? Optional.empty() : positionConsistency;
    notes = List.copyOf(notes);
    benchmarks = benchmarks == null ? Optional.empty() : benchmarks;
    abstention = abstention == null ? Optional.empty() : abstention;
  }

  /** This report with an abstention section. */
  public EvalReport withAbstention(Optional<Abstention.Result> a) {
    return new EvalReport(
        title,
        judge,
        dataset,
        created,
        overall,
        subsets,
        rmBench,
        confusion,
        calibration,
        lengthPoints,
        lengthBias,
        positionConsistency,
        cost,
        notes,
        benchmarks,
        a);
  }

  /** A share with a confidence interval, over {@code n} items. */
  public record Interval(String name, long n, double value, double low, double high) {}

  /** RM-Bench: cell [i][j] = accuracy of chosen style i against rejected style j. */
  public record RmBenchMatrix(
      List<String> styles, double[][] cells, double easy, double normal, double hard) {}

  /** Counts of decisions per label. */
  public record Confusion(
      List<String> labels,
      List<String> decisions,
      long[][] counts,
      Map<String, Double> agreement) {}

  /** Judge accuracy among verdicts whose confidence fell in [low, high). */
  public record CalibrationBin(
      double low, double high, long n, double accuracy, double meanConfidence) {}

  /** One pair for the length-bias scatter. */
  public record LengthPoint(long lengthDifference, boolean correct, boolean preferredLonger) {}

  /** Fit of "preferred the longer response" against length difference. */
  public record LengthBiasFit(
      double shareLongerPreferred, double slopePer1000Chars, double correlation, long n) {}

  /** What the run cost. */
  public record Cost(
      long records,
      long calls,
      long promptTokens,
      long completionTokens,
      long cachedPromptTokens,
      long cacheHits,
      long cacheMisses,
      long errors,
      long unscored,
      double wallSeconds) {}
}
