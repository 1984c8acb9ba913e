package dev.arbiter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.cli.stub.StubVllmServer;
import dev.arbiter.core.internal.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class EvalCommandTest {
  @TempDir Path dir;

  static String pair(String id, String label) {
    return "{\"pair_id\":\""
        + id
        + "\",\"original_id\":\"o\",\"source\":\"mmlu-pro-math\",\"question\":\"2+2?\",\"response_model\":\"m\",\"response_A\":\"4\",\"response_B\":\"5\",\"label\":\""
        + label
        + "\"}";
  }

  @Test
  void should_turn_each_bad_record_into_an_error_record_and_go_on_with_the_rest() throws Exception {
    // given: a good pair, a torn line, a pair without its question, then two more good pairs
    Path in = dir.resolve("pairs.jsonl");
    Files.write(
        in,
        List.of(
            pair("p1", "A>B"),
            "{\"pair_id\": \"p2\", \"question\": ",
            pair("p3", "B>A").replace("\"question\":\"2+2?\",", ""),
            pair("p4", "B>A"),
            pair("p5", "A>B")));
    Path report = dir.resolve("report");
    try (StubVllmServer server = StubVllmServer.start(0, "stub-judge", 0)) {
      CommandLine cl = ArbiterCli.commandLine();
      StringWriter err = new StringWriter();
      cl.setErr(new PrintWriter(err, true));

      // when
      int exit =
          cl.execute(
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
              "--no-progress");

      // then: five input lines, five output records
      assertThat(exit).as(err.toString()).isZero();
      List<JsonNode> out = new ArrayList<>();
      for (String l : Files.readAllLines(report.resolve("verdicts.jsonl"))) {
        out.add(Json.mapper().readTree(l));
      }
      assertThat(out)
          .extracting(n -> n.path("id").asText())
          .containsExactlyInAnyOrder("p1", "line-2", "line-3", "p4", "p5");
      assertThat(out)
          .filteredOn(n -> n.path("status").asText().equals("ERROR"))
          .hasSize(2)
          .allSatisfy(n -> assertThat(n.path("reason").asText()).contains("pairs.jsonl:"));
      assertThat(out)
          .filteredOn(n -> n.path("id").asText().equals("line-3"))
          .singleElement()
          .satisfies(n -> assertThat(n.path("field").asText()).isEqualTo("question"));
      assertThat(report.resolve("report.html")).exists();
      assertThat(err.toString()).contains("over 3 labelled items");
    }
  }
}
