package dev.arbiter.spark;

import dev.arbiter.core.Rubric;
import dev.arbiter.eval.batch.BatchInput;
import dev.arbiter.eval.batch.RequestReader;
import java.util.Optional;

/** Reads one input record exactly as {@code arbiter judge} reads one JSONL line. */
final class Requests {
  private Requests() {}

  static BatchInput parse(
      ArbiterSpark.Options options, String json, long line, Optional<Rubric> rubric) {
    return RequestReader.parseRecord(
        options.source(), json, line, options.format(), options.mode(), rubric);
  }

  static String idOf(ArbiterSpark.Options options, String json, long line) {
    return parse(options, json, line, Optional.empty()).id();
  }
}
