package dev.arbiter.benchmarks;

import dev.arbiter.core.Judge;
import dev.arbiter.core.JudgeRequest;
import dev.arbiter.core.Mode;
import dev.arbiter.core.Preference;
import dev.arbiter.core.Status;
import dev.arbiter.core.Verdict;
import dev.arbiter.onnx.reward.EmbeddingRewardModel;
import dev.arbiter.onnx.reward.PreferencePair;
import dev.arbiter.onnx.reward.PreferencePairs;
import dev.arbiter.onnx.reward.RewardHead;
import dev.arbiter.onnx.reward.RewardTraining;
import dev.arbiter.spec.BuiltJudge;
import dev.arbiter.spec.JudgeSpec;
import dev.arbiter.spec.Judges;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * Throughput of the embedded reward model as {@code arbiter judge} runs it without {@code
 * --endpoint}: the judge {@link Judges#fromSpec} builds from the default spec (built-in verifiers
 * first, none of which applies to these records, then the reward model), on the HH-RLHF
 * harmless-base pairs the default head held out. Each pair is judged pairwise (chosen as A for even
 * records, as B for odd ones) and each chosen response pointwise; requests run at several
 * concurrencies. Reports the first verdict's time (model load included), records per second per
 * run, and the pairwise accuracy of the verdicts (which must equal {@code arbiter rm eval
 * --holdout-only}).
 *
 * <p>Usage: {@code benchmarks/run rm [--records N] [--concurrency 1,2,4]}. Prints Markdown.
 */
public final class RewardModelBenchmark {
  public static void main(String[] args) throws Exception {
    Path pairs = Path.of("../shared/data/hh-rlhf/harmless-base.test.jsonl.gz");
    int records = Integer.MAX_VALUE;
    List<Integer> concurrency = List.of(1, 2, 4);
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--pairs" -> pairs = Path.of(args[++i]);
        case "--records" -> records = Integer.parseInt(args[++i]);
        case "--concurrency" ->
            concurrency =
                java.util.Arrays.stream(args[++i].split(",")).map(Integer::parseInt).toList();
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    RewardHead head = EmbeddingRewardModel.defaultHead();
    List<PreferencePair> held =
        RewardTraining.split(
                PreferencePairs.read(pairs),
                ((Number) head.training().get("holdout_fraction")).doubleValue(),
                ((Number) head.training().get("seed")).longValue())
            .holdout();
    held = held.subList(0, Math.min(records, held.size()));
    List<JudgeRequest> pairwise = new ArrayList<>();
    List<JudgeRequest> pointwise = new ArrayList<>();
    for (int i = 0; i < held.size(); i++) {
      PreferencePair p = held.get(i);
      boolean chosenFirst = i % 2 == 0;
      // The HH query is a whole dialogue: one user turn holding it reads back the same text.
      String query = p.query().replaceFirst("^\\n\\nHuman: ", "");
      pairwise.add(
          JudgeRequest.builder()
              .id("pair-" + i)
              .mode(Mode.PAIRWISE)
              .query(query)
              .candidate("A", chosenFirst ? p.chosen() : p.rejected())
              .candidate("B", chosenFirst ? p.rejected() : p.chosen())
              .build());
      pointwise.add(
          JudgeRequest.builder().id("one-" + i).query(query).candidate("A", p.chosen()).build());
    }
    try (BuiltJudge built = Judges.fromSpec(JudgeSpec.defaults())) {
      Judge judge = built.judge();
      long t0 = System.nanoTime();
      Verdict first = judge.judge(pairwise.get(0));
      double firstSeconds = (System.nanoTime() - t0) / 1e9;
      System.out.println(built.description());
      System.out.printf(
          Locale.ROOT,
          "%nfirst verdict %.2f s (embedding model load included); model %s%n%n",
          firstSeconds,
          first.provenance().model());
      System.out.println(
          "| requests | concurrency | records | seconds | records/s | scored | accuracy |");
      System.out.println("|---|---:|---:|---:|---:|---:|---:|");
      for (int c : concurrency) {
        run("pairwise", judge, pairwise, c);
        run("pointwise", judge, pointwise, c);
      }
    }
  }

  private static void run(String what, Judge judge, List<JudgeRequest> requests, int concurrency)
      throws Exception {
    Semaphore slots = new Semaphore(concurrency);
    List<CompletableFuture<Verdict>> futures = new ArrayList<>();
    long t0 = System.nanoTime();
    for (JudgeRequest r : requests) {
      slots.acquire();
      futures.add(judge.judgeAsync(r).whenComplete((v, e) -> slots.release()));
    }
    List<Verdict> verdicts = new ArrayList<>();
    for (CompletableFuture<Verdict> f : futures) {
      verdicts.add(f.join());
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    long scored = verdicts.stream().filter(v -> v.status() == Status.SCORED).count();
    String accuracy = "-";
    if (what.equals("pairwise")) {
      int right = 0;
      for (int i = 0; i < verdicts.size(); i++) {
        int vote = verdicts.get(i).preference().map(Preference::vote).orElse(0);
        right += vote == (i % 2 == 0 ? 1 : -1) ? 1 : 0;
      }
      accuracy = String.format(Locale.ROOT, "%.4f", right / (double) verdicts.size());
    }
    System.out.printf(
        Locale.ROOT,
        "| %s | %d | %d | %.1f | %.1f | %d | %s |%n",
        what,
        concurrency,
        requests.size(),
        seconds,
        requests.size() / seconds,
        scored,
        accuracy);
  }
}
