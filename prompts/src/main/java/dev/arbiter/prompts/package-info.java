/**
 * Judging protocols: how a judge prompt is written and how the judge's answer is read.
 *
 * <p>{@link dev.arbiter.prompts.Protocols} is the public entry point: it looks built-in protocols
 * up by id ({@code json}, {@code arena-hard}, {@code mt-bench}, {@code prometheus}, and the pack of
 * published judges: {@code deepseek-grm}, {@code rm-r1}, {@code judgelrm}, {@code rewardanything},
 * {@code skywork-critic}, {@code auto-j}, {@code judgelm}, {@code pandalm}, {@code compass-judger},
 * each described by a {@link dev.arbiter.prompts.ProtocolCard}) and loads user-brought ones from a
 * Mustache template and an output grammar. Each protocol is a set of Mustache templates (resources
 * under {@code dev/arbiter/prompts/templates/}) plus a parser; templates place shared text first
 * and fenced candidates last. The prompt guard that flags attack shapes in candidate text lives in
 * judge-core ({@code dev.arbiter.core.guard}), where every judge runs it. Everything else here is
 * package-private. Nothing in this package returns null.
 */
package dev.arbiter.prompts;
