package dev.arbiter.cli;

import dev.arbiter.core.InvalidInputException;
import dev.arbiter.eval.metrics.Accuracy;
import dev.arbiter.eval.metrics.Bootstrap;
import dev.arbiter.eval.metrics.Estimate;
import dev.arbiter.onnx.Embeddings;
import dev.arbiter.onnx.reward.EmbeddingRewardModel;
import dev.arbiter.onnx.reward.PreferencePair;
import dev.arbiter.onnx.reward.PreferencePairs;
import dev.arbiter.onnx.reward.RewardHead;
import dev.arbiter.onnx.reward.RewardTraining;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.IntConsumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code arbiter rm}: the embedding reward model that needs no server (docs/reward-model.md). Its
 * classes come from the arbiter-onnx bundle, which {@code ./arbiter} puts on the class path.
 */
@Command(
    name = "rm",
    mixinStandardHelpOptions = true,
    description =
        "Train and evaluate the CPU-only reward model over sentence embeddings (docs/reward-model.md).",
    subcommands = {RmCommand.Train.class, RmCommand.Eval.class})
public final class RmCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The bootstrap behind every interval these commands print: 1000 rounds, 95 %, seed 42. */
  static final Bootstrap BOOTSTRAP = Bootstrap.defaults();

  /** {@code arbiter rm train}. */
  @Command(
      name = "train",
      mixinStandardHelpOptions = true,
      description = {
        "Fit a reward head (L2 logistic regression, Bradley-Terry on feature differences) on",
        "preference pairs: HH-RLHF {chosen, rejected} dialogues or {query, chosen, rejected}.",
        "A seeded share of the pairs (by a hash of each pair) is held out and scored after the fit."
      })
  static final class Train implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--pairs",
        required = true,
        paramLabel = "FILE",
        description = "Preference pairs, JSONL (plain or .gz).")
    Path pairs;

    @Option(
        names = "--out",
        required = true,
        paramLabel = "MODEL",
        description = "Where to write the head (JSON).")
    Path out;

    @Option(
        names = "--holdout",
        paramLabel = "FRACTION",
        defaultValue = "0.2",
        description =
            "Share of pairs held out for the accuracy (default ${DEFAULT-VALUE}; 0 = none).")
    double holdout;

    @Option(
        names = "--seed",
        defaultValue = "0",
        description =
            "Seed of the split and of the cross-validation folds (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(
        names = "--name",
        paramLabel = "NAME",
        description = "The head's name in model ids (default: the pairs file's name).")
    String name;

    @Override
    public Integer call() {
      PrintWriter err = spec.commandLine().getErr();
      List<PreferencePair> all = PreferencePairs.read(pairs);
      RewardTraining.Split split = RewardTraining.split(all, holdout, seed);
      String headName = name != null ? name : defaultName(pairs);
      Map<String, Object> notes = new LinkedHashMap<>();
      notes.put(
          "command",
          "arbiter " + String.join(" ", spec.commandLine().getParseResult().originalArgs()));
      notes.put("data", pairs.toString());
      notes.put("data_sha256", sha256(pairs));
      notes.put("pairs_read", all.size());
      notes.put("seed", seed);
      notes.put("holdout_fraction", holdout);
      notes.put(
          "split",
          "a pair is held out when SHA-256(seed, query, chosen, rejected) read as a number in [0, 1) is below holdout_fraction");
      err.printf(
          Locale.ROOT,
          "%d pairs: %d to train on, %d held out (seed %d); embedding with %s...%n",
          all.size(),
          split.train().size(),
          split.holdout().size(),
          seed,
          Embeddings.miniLm().modelId());
      err.flush();
      RewardHead head =
          RewardTraining.train(
              headName,
              split.train(),
              Embeddings.miniLm(),
              seed,
              notes,
              progress(err, "embedded", split.train().size()));
      Map<String, Object> done = new LinkedHashMap<>(head.training());
      if (!split.holdout().isEmpty()) {
        Estimate e =
            Accuracy.withInterval(
                RewardTraining.correct(
                    EmbeddingRewardModel.of(head),
                    split.holdout(),
                    progress(err, "scored (held out)", split.holdout().size())),
                BOOTSTRAP);
        done.put("pairs_holdout", split.holdout().size());
        done.put("holdout_accuracy", round(e.value()));
        done.put("holdout_ci95", List.of(round(e.lower()), round(e.upper())));
        done.put("bootstrap", "percentile, 1000 rounds, seed 42");
      }
      head = head.withTraining(done);
      head.write(out);
      PrintWriter w = spec.commandLine().getOut();
      w.printf(
          Locale.ROOT,
          "model %s (λ %s by %s-fold cross-validation, cv accuracy %s)%n",
          head.modelId(),
          done.get("lambda"),
          done.get("cv_folds"),
          done.get("cv_accuracy"));
      w.printf(
          Locale.ROOT,
          "train accuracy    %s on %d pairs%n",
          done.get("train_accuracy"),
          split.train().size());
      if (done.containsKey("holdout_accuracy")) {
        w.printf(
            Locale.ROOT,
            "held-out accuracy %s (95%% bootstrap interval %s) on %d pairs%n",
            done.get("holdout_accuracy"),
            done.get("holdout_ci95"),
            split.holdout().size());
      }
      w.println("wrote " + out);
      w.flush();
      return 0;
    }
  }

  /** {@code arbiter rm eval}. */
  @Command(
      name = "eval",
      mixinStandardHelpOptions = true,
      description = {
        "Pairwise accuracy of a reward head on preference pairs (the chosen response must get",
        "the higher reward), with a 95% percentile-bootstrap interval (1000 rounds, seed 42)."
      })
  static final class Eval implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--model",
        required = true,
        paramLabel = "MODEL",
        description = "A head file from 'arbiter rm train', or 'default' for the shipped head.")
    String model;

    @Option(
        names = "--pairs",
        required = true,
        paramLabel = "FILE",
        description = "Preference pairs, JSONL (plain or .gz).")
    Path pairs;

    @Option(
        names = "--holdout-only",
        description =
            "Score only the pairs the head's training held out (its recorded seed and fraction).")
    boolean holdoutOnly;

    @Override
    public Integer call() {
      PrintWriter err = spec.commandLine().getErr();
      RewardHead head =
          "default".equals(model)
              ? EmbeddingRewardModel.defaultHead()
              : RewardHead.read(Path.of(model));
      List<PreferencePair> all = PreferencePairs.read(pairs);
      List<PreferencePair> scored = all;
      if (holdoutOnly) {
        Object f = head.training().get("holdout_fraction");
        Object s = head.training().get("seed");
        if (!(f instanceof Number fraction) || !(s instanceof Number seed)) {
          throw InvalidInputException.of(
              "--holdout-only",
              "the head records no holdout_fraction and seed in its training notes");
        }
        scored = RewardTraining.split(all, fraction.doubleValue(), seed.longValue()).holdout();
        if (scored.isEmpty()) {
          throw InvalidInputException.of("--holdout-only", "no pair of " + pairs + " is held out");
        }
      }
      EmbeddingRewardModel rm = EmbeddingRewardModel.of(head);
      Estimate e =
          Accuracy.withInterval(
              RewardTraining.correct(rm, scored, progress(err, "scored", scored.size())),
              BOOTSTRAP);
      PrintWriter w = spec.commandLine().getOut();
      w.printf(
          Locale.ROOT,
          "model %s (embeddings %s)%npairwise accuracy %.4f (95%% bootstrap interval %.4f to %.4f) on %d pairs%s%n",
          rm.id(),
          head.embeddingModel(),
          e.value(),
          e.lower(),
          e.upper(),
          scored.size(),
          holdoutOnly ? " (the held-out part)" : "");
      w.printf(
          Locale.ROOT,
          "baseline: the shorter response is the chosen one in %.4f of these pairs%n",
          RewardTraining.shorterWins(scored));
      w.flush();
      return 0;
    }
  }

  private static IntConsumer progress(PrintWriter err, String what, int total) {
    long started = System.nanoTime();
    return done -> {
      if (done % 500 == 0 || done == total) {
        err.printf(
            Locale.ROOT,
            "  %s %d of %d pairs (%.0f s)%n",
            what,
            done,
            total,
            (System.nanoTime() - started) / 1e9);
        err.flush();
      }
    };
  }

  /** The pairs file's name without extensions, as a head name. */
  static String defaultName(Path pairs) {
    String n = pairs.getFileName().toString().replaceFirst("(\\.jsonl)?(\\.gz)?$", "");
    n = n.replaceAll("[^A-Za-z0-9._-]", "-");
    return n.isEmpty() ? "head" : n.length() > 64 ? n.substring(0, 64) : n;
  }

  private static double round(double v) {
    return Math.round(v * 10000) / 10000.0;
  }

  static String sha256(Path file) {
    try (InputStream in =
        new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (IOException e) {
      throw InvalidInputException.of("--pairs", "cannot read " + file + ": " + e.getMessage());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
