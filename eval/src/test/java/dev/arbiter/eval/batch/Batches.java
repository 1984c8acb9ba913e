package dev.arbiter.eval.batch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.core.Judge;
import dev.arbiter.core.Mode;
import dev.arbiter.core.internal.Json;
import dev.arbiter.core.model.JudgeModel;
import dev.arbiter.core.testing.LabelProtocol;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Shared steps of the batch tests: write an input, run a batch over it, read the output. */
final class Batches {
  private Batches() {}

  static Path input(Path dir, String... lines) throws IOException {
    return file(dir, "in.jsonl", lines);
  }

  static Path file(Path dir, String name, String... lines) throws IOException {
    Path in = dir.resolve(name);
    Files.write(in, List.of(lines), StandardCharsets.UTF_8);
    return in;
  }

  static Judge judge(JudgeModel model) {
    return Judge.builder().model(model).protocol(new LabelProtocol()).build();
  }

  /** A runner with 4 records in flight, warnings collected into {@code warnings}. */
  static BatchRunner.Builder runner(JudgeModel model, Path out, List<String> warnings) {
    return BatchRunner.builder()
        .judge(judge(model))
        .output(out)
        .concurrency(4)
        .warnings(w -> warnings.add(w));
  }

  static BatchSummary run(BatchRunner runner, Path in) throws IOException {
    try (RequestReader r =
        RequestReader.open(in, RequestReader.Format.ARBITER, Mode.POINTWISE, Optional.empty())) {
      return runner.run(r);
    }
  }

  static List<JsonNode> read(Path out) throws IOException {
    List<JsonNode> nodes = new ArrayList<>();
    for (String l : Files.readAllLines(out, StandardCharsets.UTF_8)) {
      nodes.add(Json.mapper().readTree(l));
    }
    return nodes;
  }

  static JsonNode byId(List<JsonNode> records, String id) {
    return records.stream()
        .filter(n -> n.path("id").asText().equals(id))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no record '" + id + "' in " + records));
  }
}
