package dev.arbiter.eval.render;

import dev.arbiter.eval.league.League;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes a {@link League} as {@code league.json}, {@code league.md} and one self-contained {@code
 * league.html} (inline CSS and SVG, no script), next to an evaluation's other report files.
 */
public final class LeagueWriter {
  private LeagueWriter() {}

  /** Writes the three files into {@code dir} (created if missing) and returns the HTML path. */
  public static Path write(League league, Path dir) throws IOException {
    return ReportWriter.writeThree(dir, "league", league, markdown(league), html(league));
  }

  private static String num(double v, String format) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, format, v);
  }

  private static String range(double lo, double hi, String format) {
    return Double.isNaN(lo) ? "n/a" : num(lo, format) + " – " + num(hi, format);
  }

  private static String lc(League.Standing s) {
    return s.lengthControlled().map(l -> num(l.winRate(), "%.1f")).orElse("n/a");
  }

  private static String lcDetail(League.Standing s) {
    return s.lengthControlled()
        .map(
            l ->
                String.format(
                    Locale.ROOT,
                    "raw %.1f over %d questions; length weight %.3f; difficulty: %s",
                    l.rawWinRate(),
                    l.questions(),
                    l.lengthWeight(),
                    l.difficulty()))
        .orElse("");
  }

  static String markdown(League l) {
    StringBuilder b = new StringBuilder();
    b.append("# ").append(l.title()).append("\n\n");
    b.append("- verdicts: ").append(l.source()).append('\n');
    b.append("- judge: ").append(String.join(", ", l.judges())).append('\n');
    b.append("- baseline: ").append(l.baseline()).append(" (rating 1000)\n");
    b.append(
        String.format(
            Locale.ROOT,
            "- bootstrap: %d rounds, %.0f%% intervals, seed %d%n",
            l.bootstrap().rounds(),
            100 * l.bootstrap().confidence(),
            l.bootstrap().seed()));
    League.Counts c = l.counts();
    b.append(
        String.format(
            Locale.ROOT,
            "- battles: %d, decided games: %d, undecided games: %d, unscored lines: %d, error lines: %d; a strong preference counts %d times in the ratings%n",
            c.battles(),
            c.games(),
            c.undecidedGames(),
            c.unscored(),
            c.errors(),
            c.strongWeight()));
    b.append("- created: ").append(l.created()).append("\n\n");
    for (String n : l.notes()) {
      b.append("> ").append(n).append('\n');
    }
    if (!l.notes().isEmpty()) {
      b.append('\n');
    }
    b.append("## League table\n\n");
    b.append(
        "| rank | model | rating | rating interval | predicted win rate vs baseline | win rate vs baseline | win rate interval | W / T / L | LC win rate | LC detail | mean length |\n");
    b.append("|---:|---|---:|---|---:|---:|---|---|---:|---|---:|\n");
    for (League.Standing s : l.standings()) {
      b.append(
          String.format(
              Locale.ROOT,
              "| %d | %s | %.1f | %s | %s | %s | %s | %d / %d / %d | %s | %s | %s |%n",
              s.rank(),
              s.model(),
              s.rating(),
              range(s.ratingLower(), s.ratingUpper(), "%.1f"),
              num(s.predictedWinRate(), "%.1f"),
              num(s.winRate(), "%.1f"),
              range(s.winRateLower(), s.winRateUpper(), "%.1f"),
              s.wins(),
              s.ties(),
              s.losses(),
              lc(s),
              lcDetail(s),
              num(s.meanLength(), "%.0f")));
    }
    l.reference()
        .ifPresent(
            r ->
                b.append(
                    String.format(
                        Locale.ROOT,
                        "%n## Agreement with the reference ranking%n%nReference: %s. Over the %d models in both (%s): Kendall's τ-b %.3f, Spearman's ρ %.3f.%n",
                        r.source(),
                        r.models().size(),
                        String.join(", ", r.models()),
                        r.kendallTau(),
                        r.spearmanRho())));
    return b.toString();
  }

  static String html(League l) {
    StringBuilder b = new StringBuilder();
    b.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
        .append(ReportWriter.esc(l.title()))
        .append("</title><style>")
        .append(
            "body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:1150px;color:#1d2330;padding:0 1rem}")
        .append(
            "h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #e3e6ee}.meta{color:#5b6478}")
        .append(
            ".note{background:#fff6e0;border-left:4px solid #f0a500;padding:.5rem .8rem;margin:.6rem 0}")
        .append(
            "table{border-collapse:collapse}td,th{border:1px solid #e3e6ee;padding:.3rem .6rem;text-align:right}")
        .append("th{background:#f5f7fb}td:nth-child(2),th:nth-child(2){text-align:left}")
        .append("svg text{font:11px system-ui,sans-serif;fill:#333}")
        .append("</style></head><body>");
    b.append("<h1>").append(ReportWriter.esc(l.title())).append("</h1><div class=\"meta\">");
    b.append("verdicts ").append(ReportWriter.esc(l.source()));
    b.append(" · judge ").append(ReportWriter.esc(String.join(", ", l.judges())));
    b.append(" · baseline <b>").append(ReportWriter.esc(l.baseline())).append("</b> = 1000");
    League.Counts c = l.counts();
    b.append(
        String.format(
            Locale.ROOT,
            "<br>%d battles, %d decided games (%d undecided), %d unscored and %d error lines · strong preference = %d battles · bootstrap %d rounds, %.0f%%, seed %d · %s",
            c.battles(),
            c.games(),
            c.undecidedGames(),
            c.unscored(),
            c.errors(),
            c.strongWeight(),
            l.bootstrap().rounds(),
            100 * l.bootstrap().confidence(),
            l.bootstrap().seed(),
            ReportWriter.esc(l.created())));
    b.append("</div>");
    for (String n : l.notes()) {
      b.append("<div class=\"note\">").append(ReportWriter.esc(n)).append("</div>");
    }
    b.append("<h2>League table</h2><table><tr><th>#</th><th>model</th><th>rating</th>")
        .append("<th>rating interval</th><th>predicted win rate</th><th>win rate</th>")
        .append("<th>win rate interval</th><th>W / T / L</th><th>LC win rate</th>")
        .append("<th>mean length</th></tr>");
    for (League.Standing s : l.standings()) {
      b.append(
          String.format(
              Locale.ROOT,
              "<tr><td>%d</td><td>%s%s</td><td>%.1f</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%d / %d / %d</td><td title=\"%s\">%s</td><td>%s</td></tr>",
              s.rank(),
              ReportWriter.esc(s.model()),
              s.model().equals(l.baseline()) ? " (baseline)" : "",
              s.rating(),
              range(s.ratingLower(), s.ratingUpper(), "%.1f"),
              num(s.predictedWinRate(), "%.1f%%"),
              num(s.winRate(), "%.1f%%"),
              range(s.winRateLower(), s.winRateUpper(), "%.1f"),
              s.wins(),
              s.ties(),
              s.losses(),
              ReportWriter.esc(lcDetail(s)),
              lc(s),
              num(s.meanLength(), "%.0f")));
    }
    b.append("</table>");
    b.append(
        "<p class=\"meta\">Rating: Bradley-Terry on the Elo scale, baseline anchored at 1000;"
            + " predicted win rate: the rating's win probability against the baseline (Arena-Hard's"
            + " score); win rate: points against the baseline over decided games (tie = ½);"
            + " LC: AlpacaEval 2's length-controlled win rate (hover for the fit). See docs/eval.md"
            + " for each statistic's limits.</p>");
    b.append("<h2>Ratings with intervals</h2>").append(forest(l));
    l.reference()
        .ifPresent(
            r ->
                b.append("<h2>Agreement with the reference ranking</h2>")
                    .append(
                        String.format(
                            Locale.ROOT,
                            "<p>Reference %s, %d models in both: Kendall's τ-b <b>%.3f</b>, Spearman's ρ <b>%.3f</b>.</p>",
                            ReportWriter.esc(r.source()),
                            r.models().size(),
                            r.kendallTau(),
                            r.spearmanRho())));
    b.append("</body></html>\n");
    return b.toString();
  }

  /** One row per model: the rating as a dot on its interval, on a shared axis. */
  private static String forest(League l) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (League.Standing s : l.standings()) {
      lo = Math.min(lo, Math.min(s.rating(), s.ratingLower()));
      hi = Math.max(hi, Math.max(s.rating(), s.ratingUpper()));
    }
    if (!(hi > lo)) {
      hi = lo + 1;
    }
    double pad = (hi - lo) * 0.05;
    lo -= pad;
    hi += pad;
    int w = 760;
    int left = 240;
    int row = 22;
    int h = 30 + row * l.standings().size();
    double scale = (w - left - 20) / (hi - lo);
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "<svg width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"ratings with intervals\">",
            w,
            h));
    double x1000 = left + scale * (1000 - lo);
    s.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"%.1f\" y1=\"4\" x2=\"%.1f\" y2=\"%d\" stroke=\"#c9ccd6\" stroke-dasharray=\"4 3\"/><text x=\"%.1f\" y=\"%d\">1000</text>",
            x1000,
            x1000,
            h - 16,
            x1000 - 12,
            h - 2));
    int y = 14;
    for (League.Standing st : l.standings()) {
      double xa = left + scale * (st.ratingLower() - lo);
      double xb = left + scale * (st.ratingUpper() - lo);
      double xm = left + scale * (st.rating() - lo);
      s.append(
          String.format(
              Locale.ROOT,
              "<text x=\"4\" y=\"%d\">%s</text><line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#1d2330\" stroke-width=\"1.5\"/><circle cx=\"%.1f\" cy=\"%d\" r=\"4\" fill=\"#4c78d0\"/><text x=\"%.1f\" y=\"%d\">%.0f</text>",
              y + 4,
              ReportWriter.esc(st.model()),
              xa,
              y,
              xb,
              y,
              xm,
              y,
              Math.min(xb + 4, w - 30),
              y + 4,
              st.rating()));
      y += row;
    }
    s.append("</svg>");
    return s.toString();
  }
}
