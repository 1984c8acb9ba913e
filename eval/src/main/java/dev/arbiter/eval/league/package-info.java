/**
 * League tables from Arbiter's own pairwise verdicts: {@link
 * dev.arbiter.eval.league.BattleVerdicts} reads a verdict file whose lines name the two models (the
 * {@code battle} object {@code arbiter judge} writes for requests with {@code model_a} / {@code
 * model_b} metadata), and {@link dev.arbiter.eval.league.LeagueBuilder} turns them into a {@link
 * dev.arbiter.eval.league.League}: Bradley-Terry ratings anchored on a baseline with bootstrap
 * intervals, win rates against the baseline, AlpacaEval-style length-controlled win rates, and rank
 * correlation with a reference ranking. Statistics come from {@code dev.arbiter.eval.metrics};
 * pages are written by {@code dev.arbiter.eval.render.LeagueWriter}.
 */
package dev.arbiter.eval.league;
