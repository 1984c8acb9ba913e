package dev.arbiter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbiter.core.testing.SharedData;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class VerifyIfevalCommandTest {

  @TempDir Path tmp;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int execute(String... args) {
    CommandLine cli = new CommandLine(new VerifyIfevalCommand());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  @Test
  void should_print_accuracies_and_write_results_when_run_on_the_gpt4_responses()
      throws IOException {
    // given the first 40 IFEval prompts (the agreement on all of them is pinned in verifiers)
    Path input = tmp.resolve("input.jsonl");
    Files.write(
        input,
        Files.readAllLines(SharedData.file("ifeval/input_data.jsonl"), StandardCharsets.UTF_8)
            .subList(0, 40),
        StandardCharsets.UTF_8);
    Path results = tmp.resolve("results.jsonl");

    // when
    int code =
        execute(
            "--in",
            input.toString(),
            "--responses",
            SharedData.file("ifeval/responses.gpt4.jsonl").toString(),
            "--mode",
            "loose",
            "--out",
            results.toString(),
            "--per-instruction");

    // then
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("mode: loose")
        .containsPattern("prompt-level: 0\\.\\d{4} \\(\\d+/40\\)")
        .containsPattern("instruction-level: 0\\.\\d{4} \\(\\d+/\\d+\\)")
        .containsPattern("punctuation:no_comma \\d\\.\\d{4} \\(\\d+/\\d+\\)");
    assertThat(Files.readAllLines(results, StandardCharsets.UTF_8)).hasSize(40);
  }

  @Test
  void should_name_file_line_and_field_when_a_line_is_malformed() throws IOException {
    Path input = tmp.resolve("input.jsonl");
    Files.writeString(
        input,
        "{\"key\": 1, \"prompt\": \"p\", \"instruction_id_list\": [\"punctuation:no_comma\"],"
            + " \"kwargs\": [{}]}\n"
            + "{\"key\": 2, \"prompt\": \"q\", \"instruction_id_list\": \"oops\", \"kwargs\": []}\n");
    Path responses = tmp.resolve("responses.jsonl");
    Files.writeString(responses, "{\"prompt\": \"p\", \"response\": \"r\"}\n");

    int code =
        execute(
            "--in", input.toString(),
            "--responses", responses.toString(),
            "--out", tmp.resolve("o.jsonl").toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains(input + ":2").contains("instruction_id_list");
  }

  @Test
  void should_reject_an_unknown_mode() {
    int code = execute("--in", "a", "--responses", "b", "--mode", "lenient", "--out", "c");

    assertThat(code).isNotZero();
    assertThat(err.toString()).contains("--mode");
  }
}
