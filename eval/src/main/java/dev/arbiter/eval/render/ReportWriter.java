package dev.arbiter.eval.render;

import dev.arbiter.core.internal.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Writes an {@link EvalReport} as {@code report.json}, {@code report.md} and one self-contained
 * {@code report.html} (inline CSS and SVG charts: it opens with no network).
 */
public final class ReportWriter {
  private ReportWriter() {}

  /** Writes the three files into {@code dir} (created if missing) and returns the HTML path. */
  public static Path write(EvalReport r, Path dir) throws IOException {
    return writeThree(dir, "report", r, markdown(r), html(r));
  }

  /**
   * Writes {@code STEM.json} (the value as pretty JSON), {@code STEM.md} and {@code STEM.html} into
   * {@code dir} (created if missing) and returns the HTML path.
   */
  static Path writeThree(Path dir, String stem, Object value, String markdown, String html)
      throws IOException {
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve(stem + ".json"),
        Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(value),
        StandardCharsets.UTF_8);
    Files.writeString(dir.resolve(stem + ".md"), markdown, StandardCharsets.UTF_8);
    Path page = dir.resolve(stem + ".html");
    Files.writeString(page, html, StandardCharsets.UTF_8);
    return page;
  }

  /** A share as a percentage with one decimal, or "n/a". */
  public static String pct(double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
  }

  static String markdown(EvalReport r) {
    StringBuilder b = new StringBuilder();
    b.append("# ").append(r.title()).append("\n\n");
    b.append("- judge: ")
        .append(r.judge())
        .append("\n- data: ")
        .append(r.dataset())
        .append("\n- created: ")
        .append(r.created())
        .append("\n\n");
    for (String n : r.notes()) {
      b.append("> ").append(n).append("\n");
    }
    if (!r.notes().isEmpty()) {
      b.append("\n");
    }
    b.append("## Accuracy\n\n| subset | n | accuracy | 95% interval |\n|---|---:|---:|---|\n");
    for (EvalReport.Interval i : concat(r.overall(), r.subsets())) {
      b.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %s | %s – %s |%n",
              i.name(),
              i.n(),
              pct(i.value()),
              pct(i.low()),
              pct(i.high())));
    }
    r.benchmarks().ifPresent(s -> BenchmarkPages.markdown(b, s));
    r.rmBench()
        .ifPresent(
            m -> {
              b.append(
                  "\n## RM-Bench style matrix (chosen style × rejected style)\n\n| chosen \\ rejected |");
              m.styles().forEach(s -> b.append(' ').append(s).append(" |"));
              b.append("\n|---|").append("---:|".repeat(m.styles().size())).append('\n');
              for (int i = 0; i < m.styles().size(); i++) {
                b.append("| ").append(m.styles().get(i)).append(" |");
                for (int j = 0; j < m.styles().size(); j++) {
                  b.append(' ').append(pct(m.cells()[i][j])).append(" |");
                }
                b.append('\n');
              }
              b.append(
                  String.format(
                      Locale.ROOT,
                      "%nEasy %s, normal %s, hard %s.%n",
                      pct(m.easy()),
                      pct(m.normal()),
                      pct(m.hard())));
            });
    r.confusion()
        .ifPresent(
            c -> {
              b.append("\n## Decisions against labels\n\n| label \\ decision |");
              c.decisions().forEach(d -> b.append(' ').append(d).append(" |"));
              b.append("\n|---|").append("---:|".repeat(c.decisions().size())).append('\n');
              for (int i = 0; i < c.labels().size(); i++) {
                b.append("| ").append(c.labels().get(i)).append(" |");
                for (int j = 0; j < c.decisions().size(); j++) {
                  b.append(' ').append(c.counts()[i][j]).append(" |");
                }
                b.append('\n');
              }
              c.agreement()
                  .forEach((k, v) -> b.append(String.format(Locale.ROOT, "%n- %s: %.4f", k, v)));
              b.append('\n');
            });
    if (!r.calibration().isEmpty()) {
      b.append(
          "\n## Calibration\n\n| confidence | n | accuracy | mean confidence |\n|---|---:|---:|---:|\n");
      for (EvalReport.CalibrationBin c : r.calibration()) {
        b.append(
            String.format(
                Locale.ROOT,
                "| %.2f–%.2f | %d | %s | %.3f |%n",
                c.low(),
                c.high(),
                c.n(),
                pct(c.accuracy()),
                c.meanConfidence()));
      }
    }
    r.lengthBias()
        .ifPresent(
            l ->
                b.append(
                    String.format(
                        Locale.ROOT,
                        "%n## Length bias%n%nAmong decisive verdicts on pairs of unequal length the judge preferred the longer response in %s. Over all %d pairs, the preference for B changes by %.4f per 1000 characters that B is longer than A (correlation %.3f).%n",
                        pct(l.shareLongerPreferred()),
                        l.n(),
                        l.slopePer1000Chars(),
                        l.correlation())));
    r.positionConsistency()
        .ifPresent(
            p ->
                b.append("\n## Position consistency\n\n")
                    .append(pct(p))
                    .append(" of pairwise verdicts gave the same decision in both orders.\n"));
    b.append(AbstentionSection.markdown(r.abstention()));
    EvalReport.Cost c = r.cost();
    b.append(
        String.format(
            Locale.ROOT,
            "%n## Cost%n%n| records | calls | prompt tokens | completion tokens | prefix-cached tokens | cache hits | cache misses | errors | unscored | wall |%n|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|%n| %d | %d | %d | %d | %d | %d | %d | %d | %d | %.1f s |%n",
            c.records(),
            c.calls(),
            c.promptTokens(),
            c.completionTokens(),
            c.cachedPromptTokens(),
            c.cacheHits(),
            c.cacheMisses(),
            c.errors(),
            c.unscored(),
            c.wallSeconds()));
    return b.toString();
  }

  private static List<EvalReport.Interval> concat(
      EvalReport.Interval first, List<EvalReport.Interval> rest) {
    java.util.ArrayList<EvalReport.Interval> all = new java.util.ArrayList<>();
    all.add(first);
    all.addAll(rest);
    return all;
  }

  static String esc(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  /** The page's head with the shared inline style, up to the opened body (also probe pages). */
  static String head(String title) {
    StringBuilder b = new StringBuilder();
    b.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
        .append(esc(title))
        .append("</title><style>")
        .append(
            "body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;max-width:1100px;color:#1d2330;padding:0 1rem}")
        .append(
            "h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #e3e6ee;padding-bottom:.3rem}")
        .append(
            ".meta{color:#5b6478}.note{background:#fff6e0;border-left:4px solid #f0a500;padding:.5rem .8rem;margin:.6rem 0}")
        .append(
            ".grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(160px,1fr));gap:.8rem;margin:1rem 0}")
        .append(
            ".card{background:#f5f7fb;border-radius:8px;padding:.7rem .9rem}.card b{display:block;font-size:1.4rem}")
        .append(
            "table{border-collapse:collapse;margin:.6rem 0}td,th{border:1px solid #e3e6ee;padding:.3rem .6rem;text-align:right}th{background:#f5f7fb}td:first-child,th:first-child{text-align:left}")
        .append(
            "svg text{font:11px system-ui,sans-serif;fill:#333}.two{display:grid;grid-template-columns:1fr 1fr;gap:1.5rem}")
        .append("</style></head><body>");
    return b.toString();
  }

  static String html(EvalReport r) {
    StringBuilder b = new StringBuilder(head(r.title()));
    b.append("<h1>")
        .append(esc(r.title()))
        .append("</h1><div class=\"meta\">")
        .append(esc(r.judge()))
        .append("<br>")
        .append(esc(r.dataset()))
        .append(" · ")
        .append(esc(r.created()))
        .append("</div>");
    for (String n : r.notes()) {
      b.append("<div class=\"note\">").append(esc(n)).append("</div>");
    }
    EvalReport.Cost c = r.cost();
    b.append("<div class=\"grid\">");
    card(
        b,
        "accuracy",
        pct(r.overall().value()),
        pct(r.overall().low()) + " – " + pct(r.overall().high()));
    card(
        b,
        "items",
        Long.toString(r.overall().n()),
        c.errors() + " errors, " + c.unscored() + " unscored");
    r.positionConsistency()
        .ifPresent(p -> card(b, "position consistency", pct(p), "both orders agree"));
    card(b, "model calls", Long.toString(c.calls()), c.cacheHits() + " cache hits");
    card(
        b,
        "tokens",
        Long.toString(c.promptTokens() + c.completionTokens()),
        c.cachedPromptTokens() + " prefix-cached");
    card(
        b,
        "wall time",
        String.format(Locale.ROOT, "%.1f s", c.wallSeconds()),
        String.format(
            Locale.ROOT, "%.1f records/s", c.records() / Math.max(1e-9, c.wallSeconds())));
    b.append("</div>");
    b.append("<h2>Accuracy per subset (95% bootstrap interval)</h2>")
        .append(Charts.accuracyBars(concat(r.overall(), r.subsets())));
    r.benchmarks().ifPresent(s -> BenchmarkPages.html(b, s));
    r.rmBench()
        .ifPresent(
            m ->
                b.append("<h2>RM-Bench: chosen style × rejected style</h2>")
                    .append(Charts.heatmap(m))
                    .append(
                        String.format(
                            Locale.ROOT,
                            "<p>Easy <b>%s</b> · normal <b>%s</b> · hard <b>%s</b> (hard: chosen is plainer than rejected).</p>",
                            pct(m.easy()),
                            pct(m.normal()),
                            pct(m.hard()))));
    b.append("<div class=\"two\">");
    r.confusion()
        .ifPresent(
            cf -> {
              b.append(
                  "<div><h2>Decisions against labels</h2><table><tr><th>label \\ decision</th>");
              cf.decisions().forEach(d -> b.append("<th>").append(esc(d)).append("</th>"));
              b.append("</tr>");
              for (int i = 0; i < cf.labels().size(); i++) {
                b.append("<tr><td>").append(esc(cf.labels().get(i))).append("</td>");
                for (int j = 0; j < cf.decisions().size(); j++) {
                  b.append("<td>").append(cf.counts()[i][j]).append("</td>");
                }
                b.append("</tr>");
              }
              b.append("</table>");
              for (int i = 0; i < cf.labels().size(); i++) {
                if (java.util.Arrays.stream(cf.counts()[i]).sum() == 0) {
                  b.append("<p class=\"meta\">No item is labelled ")
                      .append(esc(cf.labels().get(i)))
                      .append(" (readers list the preferred response first; pairwise judging runs")
                      .append(" both orders), so Cohen's kappa is left out.</p>");
                }
              }
              cf.agreement()
                  .forEach(
                      (k, v) ->
                          b.append(
                              String.format(Locale.ROOT, "<div>%s: <b>%.4f</b></div>", esc(k), v)));
              b.append("</div>");
            });
    if (!r.calibration().isEmpty()) {
      b.append("<div><h2>Calibration: vote agreement vs accuracy</h2>")
          .append(Charts.calibration(r.calibration()))
          .append("</div>");
    }
    b.append("</div>");
    if (!r.lengthPoints().isEmpty()) {
      b.append("<h2>Length bias</h2>").append(Charts.lengthScatter(r.lengthPoints()));
      r.lengthBias()
          .ifPresent(
              l ->
                  b.append(
                      String.format(
                          Locale.ROOT,
                          "<p>Among decisive verdicts on pairs of unequal length the judge preferred the longer response in <b>%s</b>. Over all %d pairs, the preference for B changes by %.4f per 1000 characters that B is longer than A (correlation %.3f).</p>",
                          pct(l.shareLongerPreferred()),
                          l.n(),
                          l.slopePer1000Chars(),
                          l.correlation())));
    }
    b.append(AbstentionSection.html(r.abstention()));
    b.append(
        "<h2>Cost and latency</h2><table><tr><th>records</th><th>calls</th><th>prompt tokens</th><th>completion tokens</th><th>prefix-cached</th><th>cache hits</th><th>cache misses</th><th>wall</th></tr>");
    b.append(
        String.format(
            Locale.ROOT,
            "<tr><td>%d</td><td>%d</td><td>%d</td><td>%d</td><td>%d</td><td>%d</td><td>%d</td><td>%.1f s</td></tr></table>",
            c.records(),
            c.calls(),
            c.promptTokens(),
            c.completionTokens(),
            c.cachedPromptTokens(),
            c.cacheHits(),
            c.cacheMisses(),
            c.wallSeconds()));
    b.append("</body></html>\n");
    return b.toString();
  }

  static void card(StringBuilder b, String label, String value, String sub) {
    b.append("<div class=\"card\">")
        .append(esc(label))
        .append("<b>")
        .append(esc(value))
        .append("</b><span class=\"meta\">")
        .append(esc(sub))
        .append("</span></div>");
  }
}
