package dev.arbiter.eval.render;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.core.internal.Json;
import dev.arbiter.eval.datasets.EvalItem;
import dev.arbiter.eval.metrics.Accuracy;
import dev.arbiter.eval.metrics.Agreement;
import dev.arbiter.eval.metrics.Bootstrap;
import dev.arbiter.eval.metrics.Estimate;
import dev.arbiter.eval.metrics.LengthBias;
import dev.arbiter.eval.metrics.RmBenchAccuracy;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Scores a run's verdicts against the labels of the items judged, and builds the {@link
 * EvalReport}. Only labelled pairwise and listwise items score.
 *
 * <p>Rules (documented in docs/eval.md): a pairwise verdict is correct when its pooled preference
 * favours the labelled candidate (a tie, an unscored verdict and an error are not correct, as in
 * JudgeBench's scoring); a listwise verdict is correct when its top candidate is the labelled one
 * (best-of-N).
 */
public final class ReportBuilder {

  /**
   * What the report needs to know of one judged item.
   *
   * @param candidates how many candidates the item has (more than 2: a best-of-N item)
   */
  public record ItemInfo(
      String preferredId,
      String subset,
      int styleChosen,
      int styleRejected,
      long lengthA,
      long lengthB,
      int candidates) {

    /** Collects what the report needs from an item before it is judged. */
    public static Optional<ItemInfo> of(EvalItem item) {
      if (item.preferred().isEmpty() || item.candidates().size() < 2) {
        return Optional.empty();
      }
      int i = parse(item.metadata().get("i"));
      int j = parse(item.metadata().get("j"));
      long la =
          item.candidates()
              .get(0)
              .text()
              .codePointCount(0, item.candidates().get(0).text().length());
      long lb =
          item.candidates()
              .get(1)
              .text()
              .codePointCount(0, item.candidates().get(1).text().length());
      return Optional.of(
          new ItemInfo(
              item.preferredCandidate().get().id(),
              item.subset().isEmpty() ? "all" : item.subset(),
              i,
              j,
              la,
              lb,
              item.candidates().size()));
    }

    private static int parse(String s) {
      try {
        return s == null ? -1 : Integer.parseInt(s);
      } catch (NumberFormatException e) {
        return -1;
      }
    }
  }

  private ReportBuilder() {}

  /** Reads the verdicts file and builds the report. */
  public static EvalReport build(
      String title,
      String judge,
      String dataset,
      Path verdicts,
      Map<String, ItemInfo> items,
      Bootstrap bootstrap,
      double wallSeconds,
      List<String> notes)
      throws IOException {
    List<Boolean> all = new ArrayList<>();
    Map<String, List<Boolean>> bySubset = new TreeMap<>();
    double[][] cells = new double[3][3];
    long[][] cellN = new long[3][3];
    boolean rmBench = false;
    List<String> decisions = List.of("A>>B", "A>B", "A=B", "B>A", "B>>A", "none");
    List<String> labels = List.of("A", "B");
    long[][] confusion = new long[2][decisions.size()];
    List<Integer> judgeCats = new ArrayList<>();
    List<Integer> humanCats = new ArrayList<>();
    Map<Integer, double[]> calib = new TreeMap<>();
    List<EvalReport.LengthPoint> lengthPoints = new ArrayList<>();
    List<LengthBias.Pair> lengthPairs = new ArrayList<>();
    Map<String, double[]> subsetPoints = new TreeMap<>();
    List<Boolean> bestOfN = new ArrayList<>();
    long consistent = 0;
    long consistencyKnown = 0;
    long records = 0;
    long calls = 0;
    long prompt = 0;
    long completion = 0;
    long cached = 0;
    long hits = 0;
    long misses = 0;
    long errors = 0;
    long unscored = 0;
    try (BufferedReader r = Files.newBufferedReader(verdicts, StandardCharsets.UTF_8)) {
      for (String line; (line = r.readLine()) != null; ) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode v = Json.mapper().readTree(line);
        records++;
        JsonNode u = v.path("usage");
        calls += u.path("calls").asLong();
        prompt += u.path("prompt_tokens").asLong();
        completion += u.path("completion_tokens").asLong();
        cached += u.path("cached_prompt_tokens").asLong();
        hits += u.path("cache_hits").asLong();
        misses += u.path("cache_misses").asLong();
        String status = v.path("status").asText();
        if (status.equals("ERROR")) {
          errors++;
        } else if (status.equals("UNSCORED")) {
          unscored++;
        }
        if (v.has("position_consistent")) {
          consistencyKnown++;
          if (v.get("position_consistent").asBoolean()) {
            consistent++;
          }
        }
        ItemInfo info = items.get(v.path("id").asText());
        if (info == null) {
          continue;
        }
        String winner = winner(v);
        boolean correct = info.preferredId().equals(winner);
        all.add(correct);
        bySubset.computeIfAbsent(info.subset(), k -> new ArrayList<>()).add(correct);
        if (info.candidates() > 2) {
          bestOfN.add(correct);
        } else {
          // RewardBench's generative scoring: a tie or a missing answer earns half a point.
          double[] sp = subsetPoints.computeIfAbsent(info.subset(), k -> new double[2]);
          sp[0] += correct ? 1 : winner == null ? 0.5 : 0;
          sp[1]++;
        }
        if (info.styleChosen() >= 0
            && info.styleChosen() < 3
            && info.styleRejected() >= 0
            && info.styleRejected() < 3) {
          rmBench = true;
          cells[info.styleChosen()][info.styleRejected()] += correct ? 1 : 0;
          cellN[info.styleChosen()][info.styleRejected()]++;
        }
        String pref = v.path("preference").asText("none");
        int d = decisions.indexOf(pref);
        int label = info.preferredId().equals("A") ? 0 : 1;
        confusion[label][d < 0 ? decisions.size() - 1 : d]++;
        judgeCats.add("A".equals(winner) ? 0 : "B".equals(winner) ? 1 : 2);
        humanCats.add(label);
        if (status.equals("SCORED")) {
          double conf = v.path("confidence").path("agreement").asDouble(Double.NaN);
          if (!Double.isNaN(conf)) {
            int bin = (int) Math.min(9, Math.floor(conf * 10));
            double[] c = calib.computeIfAbsent(bin, k -> new double[3]);
            c[0]++;
            c[1] += correct ? 1 : 0;
            c[2] += conf;
          }
        }
        if (v.has("preference")) {
          long longerMinusShorter =
              info.preferredId().equals("A")
                  ? info.lengthA() - info.lengthB()
                  : info.lengthB() - info.lengthA();
          boolean longerPreferred =
              winner != null
                  && ("A".equals(winner)
                      ? info.lengthA() > info.lengthB()
                      : info.lengthB() > info.lengthA());
          lengthPoints.add(
              new EvalReport.LengthPoint(longerMinusShorter, correct, longerPreferred));
          double prefB = "B".equals(winner) ? 1.0 : "A".equals(winner) ? 0.0 : 0.5;
          lengthPairs.add(new LengthBias.Pair(prefB, info.lengthA(), info.lengthB()));
        }
      }
    }
    EvalReport.Interval overall = interval("overall", all, bootstrap);
    List<EvalReport.Interval> subsets = new ArrayList<>();
    if (bySubset.size() > 1) {
      bySubset.forEach((k, v) -> subsets.add(interval(k, v, bootstrap)));
    }
    Optional<EvalReport.RmBenchMatrix> matrix = Optional.empty();
    if (rmBench) {
      // A judge gives each (chosen i, rejected j) pair an outcome, not a score per response, so
      // the cells are shares of correct verdicts; the triangles follow RM-Bench as the metric does.
      for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 3; j++) {
          cells[i][j] = cellN[i][j] == 0 ? Double.NaN : cells[i][j] / cellN[i][j];
        }
      }
      RmBenchAccuracy.Result r = RmBenchAccuracy.fromMatrix(cells, all.size());
      matrix =
          Optional.of(
              new EvalReport.RmBenchMatrix(
                  List.of("concise", "detailed plain", "detailed markdown"),
                  cells,
                  r.easy(),
                  r.normal(),
                  r.hard()));
    }
    Optional<EvalReport.Confusion> conf = Optional.empty();
    if (!all.isEmpty()) {
      Map<String, Double> agreement = new LinkedHashMap<>();
      agreement.put("accuracy", overall.value());
      int[] j = judgeCats.stream().mapToInt(Integer::intValue).toArray();
      int[] h = humanCats.stream().mapToInt(Integer::intValue).toArray();
      double kappa = Agreement.cohensKappa(j, h);
      // With one label class only (every reader puts the labelled candidate first) kappa is 0
      // whatever the judge does: leave it out rather than show a number that means nothing.
      boolean bothLabels = humanCats.contains(0) && humanCats.contains(1);
      if (bothLabels && !Double.isNaN(kappa)) {
        agreement.put("cohens_kappa", kappa);
      }
      conf = Optional.of(new EvalReport.Confusion(labels, decisions, confusion, agreement));
    }
    List<EvalReport.CalibrationBin> bins = new ArrayList<>();
    calib.forEach(
        (bin, c) ->
            bins.add(
                new EvalReport.CalibrationBin(
                    bin / 10.0, (bin + 1) / 10.0, (long) c[0], c[1] / c[0], c[2] / c[0])));
    Optional<EvalReport.LengthBiasFit> fit = Optional.empty();
    if (lengthPairs.size() >= 2) {
      LengthBias.Result lb = LengthBias.of(lengthPairs);
      fit =
          Optional.of(
              new EvalReport.LengthBiasFit(
                  lb.longerWinsRate(), lb.slopePer1000(), lb.pearson(), lb.n()));
    }
    Optional<Double> consistency =
        consistencyKnown == 0
            ? Optional.empty()
            : Optional.of((double) consistent / consistencyKnown);
    EvalReport.Cost cost =
        new EvalReport.Cost(
            records,
            calls,
            prompt,
            completion,
            cached,
            hits,
            misses,
            errors,
            unscored,
            wallSeconds);
    return new EvalReport(
        title,
        judge,
        dataset,
        Instant.now().toString(),
        overall,
        subsets,
        matrix,
        conf,
        bins,
        lengthPoints,
        fit,
        consistency,
        cost,
        notes,
        Optional.of(BenchmarkScores.of(subsetPoints, bestOfN, bootstrap)).filter(b -> !b.isEmpty()),
        Optional.empty());
  }

  /** The candidate id a verdict prefers: "A", "B", the top of a ranking, or null. */
  static String winner(JsonNode v) {
    if (!"SCORED".equals(v.path("status").asText())) {
      return null;
    }
    if (v.has("preference")) {
      String p = v.get("preference").asText();
      return p.startsWith("A>") ? "A" : p.startsWith("B>") ? "B" : null;
    }
    if (v.has("ranking") && v.get("ranking").size() > 0) {
      return v.get("ranking").get(0).asText();
    }
    return null;
  }

  private static EvalReport.Interval interval(
      String name, List<Boolean> outcomes, Bootstrap bootstrap) {
    if (outcomes.isEmpty()) {
      return new EvalReport.Interval(name, 0, Double.NaN, Double.NaN, Double.NaN);
    }
    Estimate e = Accuracy.withInterval(outcomes, bootstrap);
    return new EvalReport.Interval(name, outcomes.size(), e.value(), e.lower(), e.upper());
  }
}
