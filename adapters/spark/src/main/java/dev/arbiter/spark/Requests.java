package dev.arbiter.spark;

import dev.arbiter.eval.batch.BatchInput;
import dev.arbiter.eval.batch.RequestReader;
import dev.arbiter.spec.BuiltJudge;
import java.util.Optional;

/** Reads one input record exactly as {@code arbiter judge} reads one JSONL line. */
final class Requests {
  private Requests() {}

  /** Reads a record as the CLI does with {@code built}'s default rubric and user profiles. */
  static BatchInput parse(ArbiterSpark.Options options, String json, long line, BuiltJudge built) {
    return RequestReader.parseRecord(
        options.source(),
        json,
        line,
        options.format(),
        options.mode(),
        built.defaultRubric(),
        built.userRubrics());
  }

  static String idOf(ArbiterSpark.Options options, String json, long line) {
    return RequestReader.parseRecord(
            options.source(), json, line, options.format(), options.mode(), Optional.empty())
        .id();
  }
}
