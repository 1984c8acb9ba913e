package dev.arbiter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbiter.core.Criterion;
import dev.arbiter.core.Preference;
import dev.arbiter.core.Rubric;
import dev.arbiter.core.model.JudgeModel;
import dev.arbiter.core.model.ScriptedJudgeModel;
import dev.arbiter.rubrics.RubricFormat;
import dev.arbiter.rubrics.RubricLibrary;
import dev.arbiter.rubrics.Rubrics;
import dev.arbiter.rubrics.generate.PairJudge;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RubricCommandTest {
  static final Path EXAMPLES = Path.of("..", "examples", "rubrics");
  static final String REPLY =
      "{\"hard_rules\": [], \"principles\": [{\"name\": \"direct-answer\", \"description\":"
          + " \"Puts the direct answer first.\", \"weight\": 4}, {\"name\": \"no-padding\","
          + " \"description\": \"Avoids padding.\", \"weight\": 2}]}";

  final List<RubricCommand.ModelSpec> opened = new ArrayList<>();
  final ScriptedJudgeModel model = ScriptedJudgeModel.of("writer", (r, i) -> REPLY);
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  /** Prefers the chosen response when the rubric has a "direct" criterion. */
  static final PairJudge JUDGE =
      (pair, rubric) ->
          CompletableFuture.completedFuture(
              Optional.of(
                  rubric.criteria().stream().anyMatch(c -> c.name().contains("direct"))
                      ? Preference.A_BETTER
                      : Preference.B_BETTER));

  int run(String... args) {
    CommandLine cl =
        new CommandLine(
            new RubricCommand(
                spec -> {
                  opened.add(spec);
                  return (JudgeModel) model;
                },
                m -> JUDGE));
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void should_generate_one_rubric_per_distinct_query(@TempDir Path dir) throws Exception {
    Path in = dir.resolve("queries.jsonl");
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      lines.add(
          "{\"id\": \"r"
              + i
              + "\", \"query\": \""
              + (i % 2 == 0 ? "Explain DNS." : "Explain TLS.")
              + "\"}");
    }
    Files.write(in, lines);
    Path outFile = dir.resolve("rubrics.jsonl");

    int code =
        run(
            "generate",
            "--in",
            in.toString(),
            "--out",
            outFile.toString(),
            "--endpoint",
            "http://127.0.0.1:8000/v1",
            "--model",
            "qwen");

    assertThat(code).isZero();
    assertThat(model.calls()).isEqualTo(2);
    assertThat(opened)
        .containsExactly(
            new RubricCommand.ModelSpec(
                Optional.of("http://127.0.0.1:8000/v1"), Optional.of("qwen")));
    assertThat(out.toString())
        .contains("queries: 16 (2 distinct); rubrics generated: 16, failed: 0; model calls: 2");
    List<String> written = Files.readAllLines(outFile);
    assertThat(written).hasSize(16);
    assertThat(written.get(3))
        .contains("\"id\":\"r3\"", "\"status\":\"generated\"", "direct-answer");
  }

  @Test
  void should_write_one_query_rubric_as_yaml_merged_with_a_user_rubric() {
    int code = run("generate", "--query", "Explain DNS.", "--merge", "helpfulness");

    assertThat(code).isZero();
    Rubric r = Rubrics.parse(out.toString(), RubricFormat.YAML, "stdout", "x");
    assertThat(r.id()).startsWith("helpfulness+generated-");
    assertThat(r.criteria().subList(0, 6)).isEqualTo(RubricLibrary.get("helpfulness").criteria());
    assertThat(r.criteria()).extracting(Criterion::name).contains("direct-answer", "no-padding");
    assertThat(err.toString()).contains("model calls: 1");
  }

  @Test
  void should_induce_a_rubric_and_print_pairs_used_and_held_back_agreement(@TempDir Path dir) {
    Path rubric = dir.resolve("concise.yaml");

    int code =
        run(
            "induce",
            "--pairs",
            EXAMPLES.resolve("pairs.jsonl").toString(),
            "--out",
            rubric.toString(),
            "--holdout",
            "0.2");

    assertThat(code).isZero();
    assertThat(out.toString())
        .contains(
            "induced from 4 of 5 preference pairs; 1 held back",
            "pair rubrics kept: 4, discarded: 0 (inconsistent 0, undecided 0, invalid 0, errors 0)",
            "criteria pooled: 8, after de-duplication: 2",
            "held-back agreement: 1/1 = 1.000 (0 undecided, 0 errors)",
            "model calls: 4, pair judgements: 5");
    Rubric induced = Rubrics.load(rubric);
    assertThat(induced.id()).isEqualTo("concise");
    assertThat(induced.criteria())
        .extracting(Criterion::name)
        .containsExactly("direct-answer", "no-padding");
  }

  @Test
  void should_validate_files_and_report_the_line_of_an_error(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, "criteria:\n  - name: a\n    weight: 1\n    scale: 5-1\n");

    int code = run("validate", EXAMPLES.resolve("support-reply.md").toString(), bad.toString());

    assertThat(code).isEqualTo(2);
    assertThat(out.toString())
        .contains("support-reply.md: support-reply v2, 4 criteria (1 hard rules, 3 principles)");
    assertThat(err.toString())
        .contains(
            "error: "
                + bad
                + ":4: field 'criteria[0].scale': min must be less than max but min"
                + " was 5 and max 1");
  }

  @Test
  void should_show_a_built_in_rubric_and_list_ids_for_an_unknown_one() {
    assertThat(run("show", "coding")).isZero();
    assertThat(out.toString()).contains("id: coding", "HumanEval");

    assertThat(run("show", "cooking")).isEqualTo(2);
    assertThat(err.toString()).contains("unknown built-in rubric 'cooking'; known ids: coding,");

    assertThat(run("list")).isZero();
    assertThat(out.toString()).contains("rag-faithfulness  (versions [1])");
  }

  @Test
  void should_fail_with_exit_code_2_when_generate_input_lacks_a_query(@TempDir Path dir)
      throws Exception {
    Path in = dir.resolve("q.jsonl");
    Files.writeString(in, "{\"query\": \"ok\"}\n{\"text\": \"no query here\"}\n");

    int code = run("generate", "--in", in.toString(), "--out", dir.resolve("o.jsonl").toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .contains(
            in + ":2: field 'query': missing (also looked for prompt, question, instruction)");
    assertThat(model.calls()).isZero();
  }
}
