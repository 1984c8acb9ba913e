package dev.arbiter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbiter.cli.stub.StubVllmServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Credentials in {@code --endpoint} are printed nowhere; {@code --model-revision} is recorded. */
class EndpointSecretsTest {
  static StubVllmServer server;
  @TempDir Path dir;

  @BeforeAll
  static void start() throws Exception {
    server = StubVllmServer.start(0, "stub-judge", 0);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** Runs the CLI; returns the exit status and everything it printed (stdout and stderr). */
  private static JudgeCommandTest.Run runAll(String... args) {
    picocli.CommandLine cl = ArbiterCli.commandLine();
    java.io.StringWriter printed = new java.io.StringWriter();
    cl.setErr(new java.io.PrintWriter(printed, true));
    cl.setOut(new java.io.PrintWriter(printed, true));
    int exit = cl.execute(args);
    return new JudgeCommandTest.Run(exit, printed.toString());
  }

  private String endpointWithPassword() {
    return server.baseUrl().replace("http://", "http://admin:hunter2@");
  }

  @Test
  void should_print_and_store_no_credential_of_the_endpoint_and_record_the_model_revision()
      throws Exception {
    Path in = dir.resolve("in.jsonl");
    Files.write(in, List.of("{\"id\":\"q1\",\"query\":\"Name a prime.\",\"response\":\"7\"}"));
    Path out = dir.resolve("out.jsonl");

    JudgeCommandTest.Run r =
        JudgeCommandTest.run(
            "judge",
            "--in",
            in.toString(),
            "--out",
            out.toString(),
            "--endpoint",
            endpointWithPassword(),
            "--model",
            "stub-judge",
            "--model-revision",
            "3f2a9c1",
            "--protocol",
            "mt-bench",
            "--no-progress");

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err()).doesNotContain("hunter2").contains("http://***@127.0.0.1:");
    String output = Files.readString(out);
    assertThat(output).doesNotContain("hunter2");
    assertThat(
            JudgeCommandTest.lines(out).get(0).path("provenance").path("model_revision").asText())
        .isEqualTo("3f2a9c1");
  }

  @Test
  void should_keep_credentials_out_of_the_spec_it_shows_and_out_of_error_messages()
      throws Exception {
    JudgeCommandTest.Run shown =
        runAll(
            "spec",
            "show",
            "--endpoint",
            server.baseUrl() + "?api-key=ak-hunter2",
            "--model",
            "stub-judge");
    JudgeCommandTest.Run refused =
        runAll(
            "judge",
            "--in",
            dir.resolve("missing.jsonl").toString(),
            "--out",
            dir.resolve("o.jsonl").toString(),
            "--endpoint",
            "ftp://admin:hunter2@127.0.0.1/v1",
            "--model",
            "stub-judge");

    assertThat(shown.err()).doesNotContain("hunter2").contains("api-key=***");
    assertThat(refused.exit()).isNotZero();
    assertThat(refused.err()).doesNotContain("hunter2");
  }
}
