package dev.arbiter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.core.internal.Json;
import dev.arbiter.core.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class EvalAbstentionTest {
  @RegisterExtension static final StubServer server = new StubServer("stub-judge");

  @TempDir Path dir;

  @Test
  void should_show_the_coverage_accuracy_curve_that_arbiter_calibrate_reproduces()
      throws Exception {
    // given: 16 published JudgeBench pairs, judged with 3 samples per order by the stub server
    Path in = dir.resolve("pairs.jsonl");
    try (Stream<String> s =
        Files.lines(SharedData.file("judgebench/pairs.claude-3-5-sonnet-20240620.jsonl"))) {
      Files.write(in, s.limit(16).toList());
    }
    Path report = dir.resolve("report");

    // when
    Cli.Run eval =
        Cli.run(
            "eval",
            "--dataset",
            "judgebench",
            "--in",
            in.toString(),
            "--report",
            report.toString(),
            "--endpoint",
            server.baseUrl(),
            "--model",
            "stub-judge",
            "--protocol",
            "arena-hard",
            "--samples",
            "3",
            "--target-precision",
            "0.5",
            "--no-progress");
    assertThat(eval.exit()).as(eval.err()).isZero();
    Cli.Run cal =
        CalibrateCommandTest.calibrate(
            report.resolve("verdicts.jsonl"),
            report.resolve("labels.jsonl"),
            "--target-precision",
            "0.5",
            "--out",
            dir.resolve("cal.json").toString());

    // then: the report's section and the command agree point for point
    assertThat(cal.exit()).as(cal.err()).isZero();
    JsonNode section =
        Json.mapper().readTree(report.resolve("report.json").toFile()).get("abstention");
    JsonNode calibrated = Json.mapper().readTree(dir.resolve("cal.json").toFile());
    assertThat(section.get("labelled").asInt()).isEqualTo(16);
    assertThat(calibrated.get("labelled").asInt()).isEqualTo(16);
    JsonNode curve = calibrated.get("curve");
    assertThat(section.get("curve")).hasSize(curve.size());
    for (int i = 0; i < curve.size(); i++) {
      JsonNode a = section.get("curve").get(i);
      JsonNode b = curve.get(i);
      assertThat(a.get("threshold").asDouble()).isEqualTo(b.get("threshold").asDouble());
      assertThat(a.get("coverage").asDouble()).isEqualTo(b.get("coverage").asDouble());
      assertThat(a.get("accuracy").asDouble()).isEqualTo(b.get("accuracy").asDouble());
    }
    String md = Files.readString(report.resolve("report.md"));
    String html = Files.readString(report.resolve("report.html"));
    assertThat(md).contains("## Calibrated abstention");
    assertThat(html).contains("Calibrated abstention: coverage vs accuracy");
    // the stub's seeded answers leave a threshold that reaches 0.5 (0.8333 keeps 1 of 16)
    assertThat(calibrated.get("threshold").isNull()).isFalse();
    assertThat(section.get("chosen").get("threshold").asDouble())
        .isEqualTo(calibrated.get("threshold").asDouble());
    assertThat(html).contains("class=\"chosen\"");
    assertThat(md)
        .contains(
            String.format(
                java.util.Locale.ROOT, "| **%.4f** |", calibrated.get("threshold").asDouble()));
    assertThat(eval.err()).contains("abstention  below");
  }
}
