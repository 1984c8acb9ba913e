package dev.arbiter.core.ensemble;

import dev.arbiter.core.Composition;
import dev.arbiter.core.Confidence;
import dev.arbiter.core.Critique;
import dev.arbiter.core.Judge;
import dev.arbiter.core.JudgeRequest;
import dev.arbiter.core.Mode;
import dev.arbiter.core.Preference;
import dev.arbiter.core.Provenance;
import dev.arbiter.core.Sample;
import dev.arbiter.core.Scale;
import dev.arbiter.core.Status;
import dev.arbiter.core.Usage;
import dev.arbiter.core.Verdict;
import dev.arbiter.core.guard.GuardFinding;
import dev.arbiter.core.verify.Evidence;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/** The panel {@link Panel.Builder} builds; see {@link Panel} for how votes pool. */
final class PanelJudge implements Judge {
  private final List<Panel.Member> members;
  private final Scale scale;
  private final Provenance provenance;

  PanelJudge(List<Panel.Member> members, Scale scale) {
    this.members = members;
    this.scale = scale;
    Provenance first = members.get(0).judge().provenance();
    this.provenance =
        new Provenance(
            "panel("
                + members.stream().map(Panel.Member::name).collect(Collectors.joining(","))
                + ")",
            Optional.empty(),
            "panel",
            "1",
            Optional.empty(),
            first.sampling());
  }

  @Override
  public Provenance provenance() {
    return provenance;
  }

  @Override
  public CompletableFuture<Verdict> judgeAsync(JudgeRequest request) {
    if (request.mode() == Mode.STEPS) {
      return CompletableFuture.completedFuture(
          Verdict.error(
              request.id(),
              request.mode(),
              "a panel pools whole-candidate decisions; steps mode (per-step labels) needs a"
                  + " single judge or a cascade (not retriable)",
              provenance,
              Usage.ZERO));
    }
    List<CompletableFuture<Verdict>> futures = new ArrayList<>();
    for (Panel.Member m : members) {
      futures.add(Stages.judgeSafely(m.judge(), request));
    }
    return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
        .thenApply(
            ignored -> {
              List<Composition.Member> judged = new ArrayList<>();
              for (int i = 0; i < members.size(); i++) {
                Panel.Member m = members.get(i);
                judged.add(new Composition.Member(m.name(), m.weight(), futures.get(i).join()));
              }
              return pool(request, judged);
            });
  }

  private Verdict pool(JudgeRequest request, List<Composition.Member> judged) {
    Usage usage = Usage.ZERO;
    List<Critique> critiques = new ArrayList<>();
    List<Sample> samples = new ArrayList<>();
    LinkedHashMap<String, Evidence> evidence = new LinkedHashMap<>();
    List<GuardFinding> guard = List.of();
    Optional<String> rubricHash = Optional.empty();
    int scoredSamples = 0;
    int unscoredSamples = 0;
    List<Composition.Member> voters = new ArrayList<>();
    for (Composition.Member m : judged) {
      Verdict v = m.verdict();
      usage = usage.plus(v.usage());
      critiques.addAll(v.critiques());
      samples.addAll(v.samples());
      // Every member runs the same verifiers on the same candidates: keep one copy of each.
      v.evidence()
          .forEach(e -> evidence.putIfAbsent(e.verifierId() + "\u0000" + e.candidateId(), e));
      if (guard.isEmpty()) {
        guard = v.guard();
      }
      if (rubricHash.isEmpty()) {
        rubricHash = v.provenance().rubricHash();
      }
      scoredSamples += v.confidence().scoredSamples();
      unscoredSamples += v.confidence().unscoredSamples();
      if (Outcomes.of(v).isPresent()) {
        voters.add(m);
      }
    }
    Provenance prov =
        new Provenance(
            provenance.model(),
            Optional.empty(),
            provenance.protocolId(),
            provenance.protocolVersion(),
            rubricHash,
            provenance.sampling());
    Composition composition = new Composition(Composition.Kind.PANEL, Optional.empty(), judged);
    if (voters.isEmpty()) {
      boolean allFailed = judged.stream().allMatch(m -> m.verdict().status() == Status.ERROR);
      String reason =
          "no panel member decided: "
              + judged.stream()
                  .map(m -> m.name() + ": " + m.verdict().status() + " " + m.verdict().reason())
                  .collect(Collectors.joining("; "));
      Verdict none =
          allFailed
              ? Verdict.error(request.id(), request.mode(), reason, prov, usage)
              : Verdict.unscored(
                  request.id(),
                  request.mode(),
                  reason,
                  Confidence.none(unscoredSamples),
                  critiques,
                  samples,
                  List.copyOf(evidence.values()),
                  prov,
                  usage);
      return none.toBuilder().guard(guard).composition(composition).build();
    }
    double totalWeight = voters.stream().mapToDouble(Composition.Member::weight).sum();
    Optional<Double> score = Optional.empty();
    Optional<Double> normalized = Optional.empty();
    Optional<Preference> preference = Optional.empty();
    Optional<Boolean> consistent = Optional.empty();
    List<String> ranking = List.of();
    List<Double> candidateScores = List.of();
    String pooledOutcome;
    switch (request.mode()) {
      case POINTWISE -> {
        double n = 0;
        for (Composition.Member m : voters) {
          n += m.weight() * normalizedOf(m.verdict());
        }
        n /= totalWeight;
        normalized = Optional.of(n);
        score = Optional.of(scale.denormalize(n));
        pooledOutcome = heaviestOutcome(voters);
      }
      case PAIRWISE -> {
        // The side with the most weight wins (A and B level: a tie); its strength is "much
        // better" only when the weighted mean strength says so.
        pooledOutcome = heaviestOutcome(voters);
        double s = 0;
        for (Composition.Member m : voters) {
          s += m.weight() * m.verdict().preference().orElseThrow().signedStrength();
        }
        double mean = s / totalWeight;
        Preference p =
            switch (pooledOutcome) {
              case "A" -> mean >= 1.5 ? Preference.A_MUCH_BETTER : Preference.A_BETTER;
              case "B" -> mean <= -1.5 ? Preference.B_MUCH_BETTER : Preference.B_BETTER;
              default -> Preference.TIE;
            };
        preference = Optional.of(p);
        List<Boolean> each =
            voters.stream().flatMap(m -> m.verdict().positionConsistent().stream()).toList();
        consistent = each.isEmpty() ? Optional.empty() : Optional.of(!each.contains(false));
      }
      case LISTWISE -> {
        ranking = borda(voters);
        candidateScores = meanCandidateScores(voters);
        pooledOutcome = ranking.get(0);
      }
      default -> throw new IllegalStateException("unknown mode " + request.mode());
    }
    Confidence confidence =
        confidence(voters, totalWeight, pooledOutcome, scoredSamples, unscoredSamples);
    return Verdict.builder(request.id(), request.mode(), Status.SCORED)
        .score(score)
        .normalizedScore(normalized)
        .preference(preference)
        .positionConsistent(consistent)
        .ranking(ranking)
        .candidateScores(candidateScores)
        .confidence(confidence)
        .critiques(critiques)
        .samples(samples)
        .evidence(List.copyOf(evidence.values()))
        .provenance(prov)
        .usage(usage)
        .guard(guard)
        .composition(composition)
        .build();
  }

  private double normalizedOf(Verdict v) {
    return v.normalizedScore().orElseGet(() -> scale.normalize(v.score().orElseThrow()));
  }

  /**
   * The outcome with the most voting weight; when two lead with equal weight, a pairwise panel
   * calls it a tie and any other takes the first member's (pointwise members rarely hit the pooled
   * mean exactly, so the pointwise outcome is the heaviest of the members' own).
   */
  private static String heaviestOutcome(List<Composition.Member> voters) {
    Map<String, Double> weight = new LinkedHashMap<>();
    for (Composition.Member m : voters) {
      weight.merge(Outcomes.of(m.verdict()).orElseThrow(), m.weight(), Double::sum);
    }
    double top = weight.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    List<String> leaders =
        weight.entrySet().stream().filter(e -> e.getValue() == top).map(Map.Entry::getKey).toList();
    if (leaders.size() > 1 && leaders.contains("A") && leaders.contains("B")) {
      return "tie";
    }
    return leaders.get(0);
  }

  private static Confidence confidence(
      List<Composition.Member> voters,
      double totalWeight,
      String pooledOutcome,
      int scoredSamples,
      int unscoredSamples) {
    Map<String, Integer> members = new TreeMap<>();
    Map<String, Double> weight = new TreeMap<>();
    double sum = 0;
    double sumSq = 0;
    boolean scores = true;
    for (Composition.Member m : voters) {
      String o = Outcomes.of(m.verdict()).orElseThrow();
      members.merge(o, 1, Integer::sum);
      weight.merge(o, m.weight(), Double::sum);
      Optional<Double> n = m.verdict().normalizedScore();
      if (n.isPresent()) {
        sum += m.weight() * n.get();
        sumSq += m.weight() * n.get() * n.get();
      } else {
        scores = false;
      }
    }
    double entropy = 0;
    for (double w : weight.values()) {
      double p = w / totalWeight;
      entropy -= p * (Math.log(p) / Math.log(2));
    }
    Optional<Double> sd = Optional.empty();
    if (scores) {
      double mean = sum / totalWeight;
      // The spread of the members' normalised scores, weighted like their votes.
      sd = Optional.of(Math.sqrt(Math.max(0, sumSq / totalWeight - mean * mean)));
    }
    double agreement = weight.getOrDefault(pooledOutcome, 0.0) / totalWeight;
    return new Confidence(
        members, agreement, entropy == 0 ? 0.0 : entropy, sd, scoredSamples, unscoredSamples);
  }

  /** Weighted Borda count: a member ranking n candidates gives n−1−position points to each. */
  private static List<String> borda(List<Composition.Member> voters) {
    LinkedHashMap<String, Double> points = new LinkedHashMap<>();
    for (Composition.Member m : voters) {
      List<String> r = m.verdict().ranking();
      for (int i = 0; i < r.size(); i++) {
        points.merge(r.get(i), m.weight() * (r.size() - 1 - i), Double::sum);
      }
    }
    List<String> ids = new ArrayList<>(new LinkedHashSet<>(points.keySet()));
    // Stable sort: equal points keep the first member's order.
    ids.sort(Comparator.comparingDouble((String id) -> points.get(id)).reversed());
    return ids;
  }

  private static List<Double> meanCandidateScores(List<Composition.Member> voters) {
    int n = voters.get(0).verdict().candidateScores().size();
    if (n == 0 || voters.stream().anyMatch(m -> m.verdict().candidateScores().size() != n)) {
      return List.of();
    }
    double total = voters.stream().mapToDouble(Composition.Member::weight).sum();
    List<Double> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double s = 0;
      for (Composition.Member m : voters) {
        s += m.weight() * m.verdict().candidateScores().get(i);
      }
      out.add(s / total);
    }
    return out;
  }
}
