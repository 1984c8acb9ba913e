package dev.arbiter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProtocolCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return ArbiterCli.commandLine()
        .setOut(new PrintWriter(out))
        .setErr(new PrintWriter(err))
        .execute(args);
  }

  @Test
  void should_list_every_built_in_protocol_with_its_modes_and_defaults() {
    int code = run("protocol", "list");

    assertThat(code).isZero();
    assertThat(out.toString())
        .startsWith("PROTOCOL")
        .contains("rm-r1@1")
        .contains("judgelrm@1")
        .contains("arena-hard@1")
        .contains("16384 tok, t=0.0, think")
        .containsPattern("rewardanything@1 +pointwise, pairwise, listwise +4096 tok, t=0.1, think");
    assertThat(out.toString().lines().count()).isEqualTo(1 + 13);
  }

  @Test
  void should_show_a_protocols_source_parser_tie_rule_defaults_and_checks() {
    int code = run("protocol", "show", "judgelm");

    assertThat(code).isZero();
    assertThat(out.toString())
        .contains("protocol:   judgelm@1")
        .contains("modes:      pairwise")
        .contains("source:     Zhu et al., JudgeLM")
        .contains("ScalerLab/JudgeBench@e2c52c284e735e139b3daa61c206ee208f36c461")
        .contains("parser:     robust: the first non-blank line")
        .contains("tie:        equal scores are a tie (margin 0)")
        .contains("defaults:   max tokens 1024, temperature 0.0, thinking not expected")
        .contains("unverified: JudgeBench sends the prompt as a raw completion");
  }

  @Test
  void should_name_the_known_protocols_when_asked_for_an_unknown_one() {
    int code = run("protocol", "show", "judge-lm");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .contains("unknown protocol 'judge-lm'")
        .contains("judgelm, judgelrm");
  }
}
