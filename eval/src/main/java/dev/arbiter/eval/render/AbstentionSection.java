package dev.arbiter.eval.render;

import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.internal.Json;
import dev.arbiter.core.vote.AbstentionSignals.Signal;
import dev.arbiter.eval.abstain.Abstention;
import dev.arbiter.eval.abstain.Calibration;
import dev.arbiter.eval.abstain.VerdictSignals;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The report's calibrated-abstention section: the coverage–accuracy curve of a run's labelled
 * verdicts on one confidence signal and the threshold that reaches the target accuracy (see {@link
 * Abstention}). A verdict is right by the report's rule ({@link ReportBuilder}).
 */
public final class AbstentionSection {
  private AbstentionSection() {}

  /**
   * The curve of the labelled verdicts in {@code verdicts}; empty when no item has a label or the
   * signal is one no verdict has.
   *
   * @throws InvalidInputException naming the file and line of a verdict that cannot be read
   */
  public static Optional<Abstention.Result> build(
      Path verdicts,
      Map<String, ReportBuilder.ItemInfo> items,
      Signal signal,
      double target,
      Abstention.Selection selection) {
    List<Calibration.Scored> scored = new ArrayList<>();
    String source = verdicts.toString();
    Calibration.forEachVerdict(
        verdicts,
        (v, no) -> {
          ReportBuilder.ItemInfo info = items.get(v.path("id").asText());
          if (info != null) {
            boolean correct = info.preferredId().equals(ReportBuilder.winner(v));
            scored.add(new Calibration.Scored(VerdictSignals.of(v, source, no), correct));
          }
        });
    if (scored.isEmpty()) {
      return Optional.empty();
    }
    return Calibration.calibrate(scored, signal, target, selection);
  }

  /**
   * Writes the run's labels as a labels file ({@code {id, label}} per line, the label being the
   * preferred candidate's id in the order the judge saw the candidates), so {@code arbiter
   * calibrate} can recalibrate the run's verdicts on another signal or target.
   */
  public static void writeLabels(Path file, Map<String, ReportBuilder.ItemInfo> items)
      throws IOException {
    StringBuilder b = new StringBuilder();
    new java.util.TreeMap<>(items)
        .forEach(
            (id, info) ->
                b.append(
                        Json.mapper()
                            .createObjectNode()
                            .put("id", id)
                            .put("label", info.preferredId())
                            .toString())
                    .append('\n'));
    Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
  }

  static String markdown(Optional<Abstention.Result> result) {
    if (result.isEmpty()) {
      return "";
    }
    Abstention.Result r = result.get();
    StringBuilder b = new StringBuilder();
    b.append("\n## Calibrated abstention\n\n")
        .append(sentence(r))
        .append(
            "\n\n| threshold | coverage | accuracy | 95% lower bound |\n|---:|---:|---:|---:|\n");
    for (Abstention.Point p : r.curve()) {
      boolean chosen = r.chosen().map(c -> c.threshold() == p.threshold()).orElse(false);
      b.append(
          String.format(
              Locale.ROOT,
              "| %s%.4f%s | %s | %s | %s |%n",
              chosen ? "**" : "",
              p.threshold(),
              chosen ? "**" : "",
              ReportWriter.pct(p.coverage()),
              ReportWriter.pct(p.accuracy()),
              ReportWriter.pct(p.accuracyLow())));
    }
    return b.toString();
  }

  static String html(Optional<Abstention.Result> result) {
    if (result.isEmpty()) {
      return "";
    }
    Abstention.Result r = result.get();
    return "<h2>Calibrated abstention: coverage vs accuracy</h2>"
        + chart(r)
        + "<p>"
        + ReportWriter.esc(sentence(r))
        + "</p>";
  }

  private static String sentence(Abstention.Result r) {
    String base =
        r.noAbstention()
            .map(
                a ->
                    String.format(
                        Locale.ROOT,
                        " Without abstaining: coverage %s, accuracy %s.",
                        ReportWriter.pct(a.coverage()),
                        ReportWriter.pct(a.accuracy())))
            .orElse("");
    String what =
        r.selection() == Abstention.Selection.POINT
            ? "accuracy"
            : "the one-sided 95% Wilson lower bound of accuracy";
    if (r.chosen().isEmpty()) {
      return String.format(
              Locale.ROOT,
              "Signal %s over %d labelled verdicts (%d decided): no threshold brings %s to %s.",
              r.signal().id(),
              r.labelled(),
              r.decided(),
              what,
              ReportWriter.pct(r.target()))
          + base;
    }
    Abstention.Point p = r.chosen().get();
    return String.format(
            Locale.ROOT,
            "Signal %s over %d labelled verdicts (%d decided): abstaining below %.4f keeps %s of"
                + " them at accuracy %s (95%% lower bound %s), the most coverage at which %s"
                + " reaches %s.",
            r.signal().id(),
            r.labelled(),
            r.decided(),
            p.threshold(),
            ReportWriter.pct(p.coverage()),
            ReportWriter.pct(p.accuracy()),
            ReportWriter.pct(p.accuracyLow()),
            what,
            ReportWriter.pct(r.target()))
        + base;
  }

  /** Coverage (x) against accuracy (y), the target as a dashed line, the chosen point marked. */
  static String chart(Abstention.Result r) {
    int w = 420;
    int h = 300;
    int pad = 44;
    double sw = w - 2 * pad;
    double sh = h - 2 * pad;
    double low = r.target();
    for (Abstention.Point p : r.curve()) {
      low = Math.min(low, p.accuracy());
    }
    double floor = Math.max(0, Math.floor(low * 10) / 10 - 0.1);
    double span = 1 - floor;
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "<svg width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"coverage-accuracy curve\">"
                + "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%.1f\" fill=\"none\""
                + " stroke=\"#c9cfdc\"/>",
            w,
            h,
            pad,
            pad,
            sw,
            sh));
    s.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"%d\">coverage →</text><text x=\"4\" y=\"%d\">accuracy ↑</text>"
                + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"middle\">0</text>"
                + "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">1</text>"
                + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>"
                + "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">1</text>",
            pad,
            h - 8,
            pad - 12,
            pad,
            pad + sh + 14,
            pad + sw,
            pad + sh + 14,
            pad - 4,
            pad + sh + 4,
            String.format(Locale.ROOT, "%.1f", floor),
            pad - 4,
            pad + 4));
    double ty = pad + sh * (1 - (r.target() - floor) / span);
    s.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#d0704c\""
                + " stroke-dasharray=\"4 3\"><title>target %s</title></line>",
            pad,
            ty,
            pad + sw,
            ty,
            ReportWriter.pct(r.target())));
    StringBuilder path = new StringBuilder();
    for (Abstention.Point p : r.curve()) {
      double x = pad + sw * p.coverage();
      double y = pad + sh * (1 - (p.accuracy() - floor) / span);
      path.append(path.length() == 0 ? "M" : "L")
          .append(String.format(Locale.ROOT, "%.1f %.1f", x, y));
      s.append(
          String.format(
              Locale.ROOT,
              "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"#4c78d0\"><title>threshold %.4f:"
                  + " coverage %s, accuracy %s</title></circle>",
              x,
              y,
              p.threshold(),
              ReportWriter.pct(p.coverage()),
              ReportWriter.pct(p.accuracy())));
    }
    if (path.length() > 0) {
      s.append("<path d=\"").append(path).append("\" fill=\"none\" stroke=\"#4c78d0\"/>");
    }
    r.chosen()
        .ifPresent(
            p ->
                s.append(
                    String.format(
                        Locale.ROOT,
                        "<circle class=\"chosen\" cx=\"%.1f\" cy=\"%.1f\" r=\"6\" fill=\"none\""
                            + " stroke=\"#d0704c\" stroke-width=\"2\"><title>chosen: threshold"
                            + " %.4f</title></circle>",
                        pad + sw * p.coverage(),
                        pad + sh * (1 - (p.accuracy() - floor) / span),
                        p.threshold())));
    return s.append("</svg>").toString();
  }
}
