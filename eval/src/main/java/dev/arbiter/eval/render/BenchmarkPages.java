package dev.arbiter.eval.render;

import java.util.Locale;

/** The report sections of {@link BenchmarkScores}, in Markdown and HTML. */
final class BenchmarkPages {
  private BenchmarkPages() {}

  private static final String RB_RULE =
      "Sections weight their subsets by RewardBench's EXAMPLE_COUNTS (rewardbench/constants.py;"
          + " math-prm counts 984) as calculate_scores_per_section does (rewardbench/utils.py); the"
          + " score is the mean of the sections. Items score as RewardBench's run_generative.py"
          + " scores a generative judge: a tie or no answer earns ½, unlike the accuracy above.";

  private static final String BON_RULE =
      "RMB's best-of-N accuracy: an item counts only when the labelled best answer is ranked"
          + " above every other candidate.";

  static void markdown(StringBuilder b, BenchmarkScores s) {
    s.rewardBench()
        .ifPresent(
            rb -> {
              b.append(
                  String.format(
                      Locale.ROOT,
                      "%n## RewardBench score%n%nScore **%s** (mean of %d sections). %s%n%n",
                      ReportWriter.pct(rb.score()),
                      rb.sections().size(),
                      RB_RULE));
              b.append("| section | subset | n | points | score | weight |\n")
                  .append("|---|---|---:|---:|---:|---:|\n");
              for (BenchmarkScores.Section sec : rb.sections()) {
                b.append("| **")
                    .append(sec.name())
                    .append("** | | | | **")
                    .append(ReportWriter.pct(sec.score()))
                    .append("** | |\n");
                for (BenchmarkScores.Subset sub : sec.subsets()) {
                  b.append(
                      String.format(
                          Locale.ROOT,
                          "| | %s | %d | %.1f | %s | %.0f |%n",
                          sub.name(),
                          sub.n(),
                          sub.points(),
                          ReportWriter.pct(sub.score()),
                          sub.weight()));
                }
              }
              if (!rb.missingSections().isEmpty()) {
                b.append("\nNot judged, so left out of the score: ")
                    .append(String.join(", ", rb.missingSections()))
                    .append(" (not comparable with the leaderboard).\n");
              }
              if (!rb.otherSubsets().isEmpty()) {
                b.append("\nSubsets outside RewardBench's sections, left out: ")
                    .append(String.join(", ", rb.otherSubsets()))
                    .append(".\n");
              }
            });
    s.bestOfN()
        .ifPresent(
            bon ->
                b.append(
                    String.format(
                        Locale.ROOT,
                        "%n## RMB best-of-N accuracy%n%n%s (%d of %d items, 95%% interval %s – %s). %s%n",
                        ReportWriter.pct(bon.accuracy()),
                        bon.correct(),
                        bon.n(),
                        ReportWriter.pct(bon.lower()),
                        ReportWriter.pct(bon.upper()),
                        BON_RULE)));
  }

  static void html(StringBuilder b, BenchmarkScores s) {
    s.rewardBench()
        .ifPresent(
            rb -> {
              b.append("<h2>RewardBench score</h2><p>Score <b>")
                  .append(ReportWriter.esc(ReportWriter.pct(rb.score())))
                  .append("</b> (mean of ")
                  .append(rb.sections().size())
                  .append(" sections).</p><p class=\"meta\">")
                  .append(ReportWriter.esc(RB_RULE))
                  .append("</p><table><tr><th>section / subset</th><th>n</th><th>points</th>")
                  .append("<th>score</th><th>weight</th></tr>");
              for (BenchmarkScores.Section sec : rb.sections()) {
                b.append("<tr><td><b>")
                    .append(ReportWriter.esc(sec.name()))
                    .append("</b></td><td></td><td></td><td><b>")
                    .append(ReportWriter.esc(ReportWriter.pct(sec.score())))
                    .append("</b></td><td></td></tr>");
                for (BenchmarkScores.Subset sub : sec.subsets()) {
                  b.append(
                      String.format(
                          Locale.ROOT,
                          "<tr><td>&nbsp;&nbsp;%s</td><td>%d</td><td>%.1f</td><td>%s</td><td>%.0f</td></tr>",
                          ReportWriter.esc(sub.name()),
                          sub.n(),
                          sub.points(),
                          ReportWriter.esc(ReportWriter.pct(sub.score())),
                          sub.weight()));
                }
              }
              b.append("</table>");
              if (!rb.missingSections().isEmpty()) {
                b.append("<div class=\"note\">Not judged, so left out of the score: ")
                    .append(ReportWriter.esc(String.join(", ", rb.missingSections())))
                    .append(" (not comparable with the leaderboard).</div>");
              }
              if (!rb.otherSubsets().isEmpty()) {
                b.append("<p class=\"meta\">Subsets outside RewardBench's sections, left out: ")
                    .append(ReportWriter.esc(String.join(", ", rb.otherSubsets())))
                    .append(".</p>");
              }
            });
    s.bestOfN()
        .ifPresent(
            bon ->
                b.append("<h2>RMB best-of-N accuracy</h2>")
                    .append(
                        String.format(
                            Locale.ROOT,
                            "<p><b>%s</b> (%d of %d items, 95%% interval %s – %s).</p><p class=\"meta\">%s</p>",
                            ReportWriter.pct(bon.accuracy()),
                            bon.correct(),
                            bon.n(),
                            ReportWriter.pct(bon.lower()),
                            ReportWriter.pct(bon.upper()),
                            ReportWriter.esc(BON_RULE))));
  }
}
