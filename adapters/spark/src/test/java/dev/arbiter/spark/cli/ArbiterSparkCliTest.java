package dev.arbiter.spark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ./arbiter-spark judge}'s option checks, made before any Spark session starts. */
class ArbiterSparkCliTest {
  @TempDir Path dir;

  @Test
  void should_refuse_a_cascade_with_a_clear_error_instead_of_ignoring_it() throws Exception {
    // given
    Path in = Files.writeString(dir.resolve("in.jsonl"), "{\"id\": \"a\", \"query\": \"q\"}\n");
    CommandLine cl = ArbiterSparkCli.commandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err, true));
    cl.setOut(new PrintWriter(new StringWriter(), true));

    // when
    int exit =
        cl.execute(
            "judge",
            "--in",
            in.toString(),
            "--out",
            dir.resolve("out").toString(),
            "--cascade",
            "cheap.yaml,strong.yaml");

    // then
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString())
        .startsWith("arbiter-spark: ")
        .contains("'--cascade'")
        .contains("run a cascade with arbiter judge");
    assertThat(dir.resolve("out")).doesNotExist();
  }
}
