package dev.arbiter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.core.internal.Json;
import dev.arbiter.core.testing.SharedData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class VerifyMathCommandTest {

  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return new CommandLine(new VerifyMathCommand())
        .setOut(new PrintWriter(out))
        .setErr(new PrintWriter(err))
        .execute(args);
  }

  @Test
  void should_write_each_line_back_with_its_verdict_and_print_agreement() throws Exception {
    Path in = dir.resolve("in.jsonl");
    Files.write(
        in,
        List.of(
            "{\"id\":\"a\",\"gold\":\"$\\\\frac{1}{2}$\",\"pred\":\"So $\\\\boxed{0.5}$\",\"expected\":1}",
            "{\"id\":\"b\",\"gold\":\"3\",\"pred\":\"The answer is 4.\",\"expected\":1}"));
    Path result = dir.resolve("out.jsonl");

    int code = run("--in", in.toString(), "--out", result.toString());

    assertThat(code).isZero();
    List<String> lines = Files.readAllLines(result);
    JsonNode first = Json.mapper().readTree(lines.get(0));
    assertThat(first.get("id").asText()).isEqualTo("a");
    assertThat(first.get("equivalent").asBoolean()).isTrue();
    assertThat(first.get("gold_answer").asText()).isEqualTo("\\frac{1}{2}");
    assertThat(first.get("pred_answer").asText()).isEqualTo("0.5");
    assertThat(Json.mapper().readTree(lines.get(1)).get("equivalent").asBoolean()).isFalse();
    assertThat(out.toString())
        .contains("checked: 2, equivalent: 1, malformed: 0")
        .contains("agreement with expected: 1/2 (50.00%)");
  }

  @Test
  void should_record_malformed_lines_with_line_and_field_and_go_on() throws Exception {
    Path in = dir.resolve("bad.jsonl");
    Files.write(
        in,
        List.of(
            "{\"gold\":\"2\"}",
            "not json",
            "{\"gold\":\"2\",\"pred\":{\"x\":1}}",
            "{\"gold\":\"2\",\"pred\":\"it is 2\"}"));
    Path result = dir.resolve("out.jsonl");

    int code = run("--in", in.toString(), "--out", result.toString());

    assertThat(code).isEqualTo(2);
    List<String> lines = Files.readAllLines(result);
    assertThat(lines).hasSize(4);
    JsonNode missing = Json.mapper().readTree(lines.get(0));
    assertThat(missing.get("line").asInt()).isEqualTo(1);
    assertThat(missing.get("field").asText()).isEqualTo("pred");
    assertThat(missing.get("error").asText()).isEqualTo("missing");
    assertThat(Json.mapper().readTree(lines.get(1)).get("error").asText())
        .contains("not valid JSON");
    assertThat(Json.mapper().readTree(lines.get(2)).get("field").asText()).isEqualTo("pred");
    assertThat(Json.mapper().readTree(lines.get(3)).get("equivalent").asBoolean()).isTrue();
    assertThat(err.toString())
        .contains("bad.jsonl:1: field 'pred': missing")
        .contains("bad.jsonl:2:")
        .contains("bad.jsonl:3: field 'pred'");
    assertThat(out.toString()).contains("checked: 1, equivalent: 1, malformed: 3");
  }

  @Test
  void should_reproduce_the_measured_agreement_on_math_verify_cases() {
    Path data = SharedData.file("math/equivalence.jsonl");

    int code =
        run("--in", data.toString(), "--out", dir.resolve("mv.jsonl").toString(), "--use-extra");

    assertThat(code).isZero();
    assertThat(out.toString()).contains("agreement with expected: 192/192 (100.00%)");
  }
}
