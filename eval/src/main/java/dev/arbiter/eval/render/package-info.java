/**
 * Report pages: {@link dev.arbiter.eval.render.ReportBuilder} scores a run's verdicts against the
 * items' labels into an {@link dev.arbiter.eval.render.EvalReport}; {@link
 * dev.arbiter.eval.render.ReportWriter} writes it as JSON, Markdown and self-contained HTML, with
 * the benchmark's own score ({@link dev.arbiter.eval.render.BenchmarkScores}) when it applies.
 * {@link dev.arbiter.eval.render.LeagueWriter} writes a league table the same three ways.
 */
package dev.arbiter.eval.render;
