package dev.arbiter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbiter.cli.Cli.Run;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code arbiter judge}'s exit statuses, as docs/cli.md lists them. */
class JudgeExitStatusTest {
  @RegisterExtension static final StubServer server = new StubServer("stub-judge");
  @TempDir Path dir;

  private Run judge(Path in, Path out, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "judge",
                "--in",
                in.toString(),
                "--out",
                out.toString(),
                "--endpoint",
                server.baseUrl(),
                "--model",
                "stub-judge",
                "--no-progress"));
    args.addAll(List.of(more));
    return Cli.run(args.toArray(String[]::new));
  }

  private Path input(String... lines) throws Exception {
    Path in = dir.resolve("in.jsonl");
    Files.write(in, List.of(lines), StandardCharsets.UTF_8);
    return in;
  }

  @Test
  void should_exit_0_when_every_record_is_judged_and_3_when_error_records_are_written()
      throws Exception {
    Path good = input("{\"id\": \"a\", \"query\": \"q\", \"response\": \"r\"}");
    assertThat(judge(good, dir.resolve("good.jsonl")).exit()).isZero();

    Path bad =
        input(
            "{\"id\": \"a\", \"query\": \"q\", \"response\": \"r\"}",
            "{\"id\": \"b\", \"query\": \"q\"}");
    Run r = judge(bad, dir.resolve("bad.jsonl"));
    assertThat(r.exit()).as(r.err()).isEqualTo(3);
    assertThat(r.err()).contains("1 error records in the output");
    // A rerun that judges nothing new still reports the error records it keeps.
    assertThat(judge(bad, dir.resolve("bad.jsonl")).exit()).isEqualTo(3);
  }

  @Test
  void should_exit_2_when_the_output_is_the_input() throws Exception {
    Path in = input("{\"id\": \"a\", \"query\": \"q\", \"response\": \"r\"}");

    Run r = judge(in, in);

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--out").contains("is the input file");
    assertThat(Files.readAllLines(in)).hasSize(1);
  }

  @Test
  void should_exit_4_after_judging_every_complete_line_of_a_truncated_gz() throws Exception {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(3);
    try (GZIPOutputStream gz = new GZIPOutputStream(buf)) {
      for (int i = 0; i < 1000; i++) {
        String line =
            "{\"id\": \"g"
                + i
                + "\", \"query\": \"q\", \"response\": \""
                + Long.toHexString(rnd.nextLong())
                + "\"}\n";
        gz.write(line.getBytes(StandardCharsets.UTF_8));
      }
    }
    Path in = dir.resolve("in.jsonl.gz");
    byte[] whole = buf.toByteArray();
    Files.write(in, Arrays.copyOf(whole, whole.length * 2 / 3));
    Path out = dir.resolve("out.jsonl");

    Run r = judge(in, out);

    assertThat(r.exit()).as(r.err()).isEqualTo(4);
    assertThat(r.err()).contains("input ended early").contains("in.jsonl.gz");
    List<String> lines = Files.readAllLines(out);
    assertThat(lines.size()).isBetween(100, 999);
    assertThat(lines).allMatch(l -> l.contains("\"status\":\"SCORED\""));
  }

  @Test
  void should_exit_2_on_a_resume_with_another_configuration_unless_forced() throws Exception {
    Path in =
        input(
            "{\"id\": \"a\", \"query\": \"q\", \"response\": \"r\"}",
            "{\"id\": \"b\", \"query\": \"q\", \"response\": \"s\"}");
    Path out = dir.resolve("out.jsonl");
    assertThat(judge(in, out).exit()).isZero();
    Files.write(out, List.of(Files.readAllLines(out).get(0)));

    Run other = judge(in, out, "--vote", "median");
    assertThat(other.exit()).isEqualTo(2);
    assertThat(other.err()).contains("another configuration").contains("--force-mixed");
    assertThat(Files.readAllLines(out)).hasSize(1);

    Run forced = judge(in, out, "--vote", "median", "--force-mixed");
    assertThat(forced.exit()).as(forced.err()).isZero();
    assertThat(Files.readAllLines(out)).hasSize(2);
  }
}
