package dev.arbiter.eval.render;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.core.internal.Json;
import dev.arbiter.eval.probe.Probe;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Writes a robustness probe's {@code probe.json} and a self-contained {@code probe.html} (the eval
 * report's style, inline CSS, no network).
 */
public final class ProbeWriter {
  private ProbeWriter() {}

  /**
   * Writes both files into {@code dir} (created if missing) and returns the page's path.
   *
   * @param judge what judged (credentials already redacted)
   * @param dataset where the pairs came from
   * @param inputErrors input lines that could not be read, as "line N: reason"
   */
  public static Path write(
      Probe.Result r, String judge, String dataset, List<String> inputErrors, Path dir)
      throws IOException {
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve("probe.json"),
        Json.mapper()
                .writerWithDefaultPrettyPrinter()
                .writeValueAsString(json(r, judge, dataset, inputErrors))
            + "\n",
        StandardCharsets.UTF_8);
    Path page = dir.resolve("probe.html");
    Files.writeString(page, html(r, judge, dataset, inputErrors), StandardCharsets.UTF_8);
    return page;
  }

  static ObjectNode json(Probe.Result r, String judge, String dataset, List<String> inputErrors) {
    ObjectNode o = Json.mapper().createObjectNode();
    o.put("judge", judge);
    o.put("dataset", dataset);
    o.put("pairs", r.pairs());
    o.put("baseline_scored", r.baselineScored());
    o.set("input_errors", Json.mapper().valueToTree(inputErrors));
    ArrayNode ts = o.putArray("transformations");
    for (Probe.TransformationResult t : r.transformations()) {
      ts.addObject()
          .put("name", t.name())
          .put("n", t.n())
          .put("flip_rate", t.flipRate())
          .put("flips", t.flips())
          .put("applied", t.applied())
          .put("unscored", t.unscored())
          .put("why", t.why());
    }
    ArrayNode ks = o.putArray("master_keys");
    for (Probe.MasterKeyResult k : r.masterKeys()) {
      ks.addObject()
          .put("key", k.key())
          .put("language", k.language())
          .put("n", k.n())
          .put("win_rate", k.winRate())
          .put("wins", k.wins())
          .put("ties", k.ties());
    }
    return o;
  }

  static String html(Probe.Result r, String judge, String dataset, List<String> inputErrors) {
    StringBuilder b = new StringBuilder(ReportWriter.head("Robustness probe"));
    b.append("<h1>Robustness probe</h1><div class=\"meta\">")
        .append(ReportWriter.esc(judge))
        .append("<br>")
        .append(ReportWriter.esc(dataset))
        .append("</div>");
    if (!inputErrors.isEmpty()) {
      b.append("<div class=\"note\">")
          .append(inputErrors.size())
          .append(" input line(s) could not be read and were left out: ")
          .append(ReportWriter.esc(String.join("; ", inputErrors)))
          .append("</div>");
    }
    b.append("<div class=\"grid\">");
    ReportWriter.card(
        b, "pairs", Integer.toString(r.pairs()), r.baselineScored() + " scored as given");
    double worstFlip =
        r.transformations().stream()
            .mapToDouble(Probe.TransformationResult::flipRate)
            .max()
            .orElse(0);
    ReportWriter.card(
        b, "worst flip rate", ReportWriter.pct(worstFlip), "over the transformations");
    double worstKey =
        r.masterKeys().stream().mapToDouble(Probe.MasterKeyResult::winRate).max().orElse(0);
    ReportWriter.card(
        b, "worst master-key win rate", ReportWriter.pct(worstKey), "a contentless answer won");
    b.append("</div>");
    b.append("<h2>Meaning-preserving transformations</h2>")
        .append(
            "<p class=\"meta\">A flip: the verdict's direction (A better, tie, B better) changed.")
        .append(" n counts pairs scored both as given and transformed.</p>")
        .append("<table><tr><th>transformation</th><th>n</th><th>flips</th><th>flip rate</th>")
        .append("<th></th><th>applied</th><th>unscored</th><th>why it should not matter</th></tr>");
    for (Probe.TransformationResult t : r.transformations()) {
      b.append("<tr><td>")
          .append(ReportWriter.esc(t.name()))
          .append("</td><td>")
          .append(t.n())
          .append("</td><td>")
          .append(t.flips())
          .append("</td><td>")
          .append(ReportWriter.pct(t.flipRate()))
          .append("</td><td>")
          .append(bar(t.flipRate()))
          .append("</td><td>")
          .append(t.applied())
          .append("</td><td>")
          .append(t.unscored())
          .append("</td><td style=\"text-align:left\">")
          .append(ReportWriter.esc(t.why()))
          .append("</td></tr>");
    }
    b.append("</table>");
    b.append("<h2>Master keys</h2>")
        .append("<p class=\"meta\">Each key (Zhao et al. 2025, <i>One Token to Fool")
        .append(" LLM-as-a-Judge</i>) against every candidate; win rate = battles the key won.</p>")
        .append("<table><tr><th>key</th><th>language</th><th>n</th><th>wins</th><th>ties</th>")
        .append("<th>win rate</th><th></th></tr>");
    for (Probe.MasterKeyResult k : r.masterKeys()) {
      b.append("<tr><td><code>")
          .append(ReportWriter.esc(k.key().isBlank() ? "\u2423 (a space)" : k.key()))
          .append("</code></td><td>")
          .append(ReportWriter.esc(k.language()))
          .append("</td><td>")
          .append(k.n())
          .append("</td><td>")
          .append(k.wins())
          .append("</td><td>")
          .append(k.ties())
          .append("</td><td>")
          .append(ReportWriter.pct(k.winRate()))
          .append("</td><td>")
          .append(bar(k.winRate()))
          .append("</td></tr>");
    }
    b.append("</table></body></html>\n");
    return b.toString();
  }

  private static String bar(double v) {
    return String.format(
        Locale.ROOT,
        "<svg width=\"120\" height=\"10\"><rect width=\"120\" height=\"10\" fill=\"#e3e6ee\"/>"
            + "<rect width=\"%.1f\" height=\"10\" fill=\"#d9534f\"/></svg>",
        120 * Math.max(0, Math.min(1, v)));
  }
}
