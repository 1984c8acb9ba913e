package dev.arbiter.eval.abstain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.Preference;
import dev.arbiter.core.internal.Json;
import dev.arbiter.core.vote.AbstentionSignals;
import dev.arbiter.core.vote.AbstentionSignals.Signal;
import dev.arbiter.eval.datasets.Labels;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code arbiter calibrate}: joins a verdicts file with a labels file ({@link Labels}) by id and
 * calibrates abstention on one signal ({@link Abstention}), with the same calibration for every
 * other signal to compare.
 *
 * <p>A verdict is right when its decision matches the label: pairwise, the same direction (a tie
 * only for an {@code A=B} label); pointwise, a score within {@code tolerance} of the label;
 * listwise, the labelled candidate ranked first. Verdicts without a label are left out and counted;
 * a verdict that is not SCORED has no decision and is always abstained on.
 */
public final class Calibration {
  private Calibration() {}

  /**
   * A calibration run.
   *
   * @param result the calibration on the chosen signal
   * @param bySignal the same calibration on every signal some verdict has, in {@link Signal} order
   * @param verdicts verdict lines read
   * @param unlabelled verdicts with no label
   * @param missing labels with no verdict
   */
  public record Run(
      Abstention.Result result,
      List<Abstention.Result> bySignal,
      int verdicts,
      int unlabelled,
      int missing) {
    public Run {
      bySignal = List.copyOf(bySignal);
    }
  }

  /** One labelled verdict: its signals and whether its decision is right. */
  public record Scored(AbstentionSignals signals, boolean correct) {}

  /**
   * Reads both files and calibrates.
   *
   * @throws InvalidInputException naming file, line and field for unreadable input, a label that
   *     does not fit its verdict's mode, or a signal no verdict has
   */
  public static Run run(
      Path verdicts,
      Path labels,
      Signal signal,
      double target,
      Abstention.Selection selection,
      double tolerance) {
    if (!(tolerance >= 0)) {
      throw InvalidInputException.of("--tolerance", "must be >= 0 but was " + tolerance);
    }
    Map<String, Labels.Label> byId = Labels.read(labels);
    List<Scored> scored = new ArrayList<>();
    Map<String, Long> seen = new HashMap<>();
    int[] counts = new int[2];
    String source = verdicts.toString();
    forEachVerdict(
        verdicts,
        (v, no) -> {
          JsonNode id = v.get("id");
          if (id == null || !(id.isTextual() || id.isNumber())) {
            throw new InvalidInputException(source, no, "id", "missing");
          }
          counts[0]++;
          Long before = seen.putIfAbsent(id.asText(), no);
          if (before != null) {
            throw new InvalidInputException(
                source, no, "id", "'" + id.asText() + "' already has a verdict on line " + before);
          }
          Labels.Label label = byId.get(id.asText());
          if (label == null) {
            counts[1]++;
            return;
          }
          AbstentionSignals s = VerdictSignals.of(v, source, no);
          scored.add(new Scored(s, correct(v, label, tolerance, source, no)));
        });
    int lines = counts[0];
    int unlabelled = counts[1];
    if (scored.isEmpty()) {
      throw new InvalidInputException(
          labels.toString(),
          -1,
          "id",
          "no label matches a verdict id of " + source + " (" + lines + " verdicts)");
    }
    int missing = byId.size() - scored.size();
    List<Abstention.Result> bySignal = new ArrayList<>();
    Abstention.Result chosen = null;
    for (Signal s : Signal.values()) {
      Optional<Abstention.Result> r = calibrate(scored, s, target, selection);
      r.ifPresent(bySignal::add);
      if (s == signal) {
        chosen =
            r.orElseThrow(
                () ->
                    InvalidInputException.of(
                        "--signal",
                        "no decided verdict of "
                            + source
                            + " has the signal '"
                            + s.id()
                            + "' ("
                            + (s == Signal.ORDER
                                ? "it needs pairwise verdicts judged in both orders"
                                : "it needs a panel's verdicts")
                            + ")"));
      }
    }
    return new Run(chosen, bySignal, lines, unlabelled, missing);
  }

  /** What to do with one verdict line and its line number. */
  @FunctionalInterface
  public interface VerdictLine {
    void accept(JsonNode verdict, long line);
  }

  /**
   * Hands each verdict of a verdicts file (JSONL, blank lines skipped) to {@code each}.
   *
   * @throws InvalidInputException naming the file and line of a line that is not a JSON object
   */
  public static void forEachVerdict(Path verdicts, VerdictLine each) {
    String source = verdicts.toString();
    try (BufferedReader r = Files.newBufferedReader(verdicts, StandardCharsets.UTF_8)) {
      long no = 0;
      for (String text; (text = r.readLine()) != null; ) {
        no++;
        if (text.isBlank()) {
          continue;
        }
        JsonNode v;
        try {
          v = Json.mapper().readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
          throw new InvalidInputException(
              source, no, null, "malformed JSON: " + e.getOriginalMessage(), e);
        }
        if (!v.isObject()) {
          throw new InvalidInputException(source, no, null, "expected a verdict object");
        }
        each.accept(v, no);
      }
    } catch (IOException e) {
      throw new InvalidInputException(source, -1, null, "cannot read: " + e, e);
    }
  }

  /**
   * Calibrates labelled verdicts on one signal; empty when no decided verdict has that signal.
   * Decided verdicts without the signal are abstained on.
   */
  public static Optional<Abstention.Result> calibrate(
      List<Scored> scored, Signal signal, double target, Abstention.Selection selection) {
    double[] conf = new double[scored.size()];
    boolean[] right = new boolean[scored.size()];
    boolean any = false;
    for (int i = 0; i < conf.length; i++) {
      conf[i] = scored.get(i).signals().get(signal);
      right[i] = scored.get(i).correct();
      any |= !Double.isNaN(conf[i]);
    }
    boolean decided =
        scored.stream().anyMatch(s -> !Double.isNaN(s.signals().get(Signal.AGREEMENT)));
    if (!any && decided) {
      return Optional.empty();
    }
    return Optional.of(Abstention.calibrate(signal, conf, right, target, selection));
  }

  /** Whether a verdict's decision matches its label (false when it has no decision). */
  static boolean correct(
      JsonNode v, Labels.Label label, double tolerance, String source, long line) {
    if (!"SCORED".equals(v.path("status").asText())) {
      return false;
    }
    String mode = v.path("mode").asText();
    if (label.preference().isPresent()) {
      Preference p = label.preference().get();
      JsonNode pref = v.get("preference");
      if (pref == null) {
        throw mismatch(label, mode, "a pairwise label", source, line);
      }
      return Preference.parseLabel(pref.asText()).map(Preference::vote).orElse(99) == p.vote();
    }
    if (label.score().isPresent()) {
      JsonNode score = v.get("score");
      if (score == null || !score.isNumber()) {
        throw mismatch(label, mode, "a score label", source, line);
      }
      return Math.abs(score.asDouble() - label.score().getAsDouble()) <= tolerance;
    }
    String best = label.best().orElseThrow();
    JsonNode ranking = v.get("ranking");
    if (ranking != null && ranking.isArray() && !ranking.isEmpty()) {
      return best.equals(ranking.get(0).asText());
    }
    JsonNode pref = v.get("preference");
    if (pref != null && (best.equals("A") || best.equals("B"))) {
      int vote = Preference.parseLabel(pref.asText()).map(Preference::vote).orElse(0);
      return vote == (best.equals("A") ? 1 : -1);
    }
    throw mismatch(label, mode, "a candidate id label ('" + best + "')", source, line);
  }

  private static InvalidInputException mismatch(
      Labels.Label label, String mode, String what, String source, long line) {
    return new InvalidInputException(
        label.source(),
        label.line(),
        "label",
        what
            + " cannot score the "
            + (mode.isEmpty() ? "" : mode + " ")
            + "verdict for id '"
            + label.id()
            + "' ("
            + source
            + ":"
            + line
            + ")");
  }

  /** The run as the JSON {@code arbiter calibrate --out} writes. */
  public static ObjectNode toJson(Run run) {
    ObjectNode o = Json.mapper().createObjectNode();
    Abstention.Result r = run.result();
    o.put("verdicts", run.verdicts());
    o.put("unlabelled_verdicts", run.unlabelled());
    o.put("labels_without_verdict", run.missing());
    result(o, r);
    ArrayNode all = o.putArray("signals");
    for (Abstention.Result s : run.bySignal()) {
      ObjectNode n = all.addObject();
      n.put("signal", s.signal().id());
      chosen(n, s);
    }
    return o;
  }

  /** One result's fields (also used by the eval report's JSON). */
  public static void result(ObjectNode o, Abstention.Result r) {
    o.put("signal", r.signal().id());
    o.put("target_precision", r.target());
    o.put("selection", r.selection().id());
    o.put("labelled", r.labelled());
    o.put("decided", r.decided());
    chosen(o, r);
    r.noAbstention().ifPresent(p -> o.set("no_abstention", point(p)));
    ArrayNode curve = o.putArray("curve");
    r.curve().forEach(p -> curve.add(point(p)));
  }

  private static void chosen(ObjectNode o, Abstention.Result r) {
    if (r.chosen().isPresent()) {
      Abstention.Point p = r.chosen().get();
      o.put("threshold", p.threshold());
      o.put("coverage", p.coverage());
      o.put("accuracy", p.accuracy());
      o.put("accuracy_lower_bound", p.accuracyLow());
    } else {
      o.putNull("threshold");
      o.put("coverage", 0.0);
    }
  }

  private static ObjectNode point(Abstention.Point p) {
    ObjectNode n = Json.mapper().createObjectNode();
    n.put("threshold", p.threshold());
    n.put("coverage", p.coverage());
    n.put("accuracy", p.accuracy());
    n.put("accuracy_lower_bound", p.accuracyLow());
    n.put("kept", p.kept());
    n.put("correct", p.correct());
    return n;
  }
}
