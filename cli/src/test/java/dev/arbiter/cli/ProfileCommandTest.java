package dev.arbiter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.cli.stub.StubVllmServer;
import dev.arbiter.core.internal.Json;
import dev.arbiter.rubrics.Rubrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileCommandTest {
  @TempDir Path dir;

  private static Cli.Run fit(Path verdicts, Path pairs, Path rubric, Path out) {
    return Cli.run(
        "profile",
        "fit",
        "--verdicts",
        verdicts.toString(),
        "--pairs",
        pairs.toString(),
        "--rubric",
        rubric.toString(),
        "--out",
        out.toString());
  }

  /** 40 verdicts on a 1-5 rubric; "fan-of-brief" picks the briefer, "fan-of-depth" the deeper. */
  private void writeInputs(Path verdicts, Path pairs, Path rubric) throws Exception {
    Files.writeString(
        rubric,
        """
        id: style
        criteria:
          - name: brief
            description: Short.
            weight: 1
          - name: deep
            description: Thorough.
            weight: 1
        """);
    Random rnd = new Random(9);
    List<String> v = new ArrayList<>();
    int[][] s = new int[40][2];
    for (int i = 0; i < 40; i++) {
      s[i][0] = 1 + rnd.nextInt(5);
      s[i][1] = 1 + rnd.nextInt(5);
      v.add(
          "{\"id\":\"r%d\",\"status\":\"SCORED\",\"criteria\":[{\"name\":\"brief\",\"score\":%d},{\"name\":\"deep\",\"score\":%d}]}"
              .formatted(i, s[i][0], s[i][1]));
    }
    Files.write(verdicts, v);
    List<String> p = new ArrayList<>();
    for (int k = 0; k < 60; k++) {
      int a = rnd.nextInt(40);
      int b = rnd.nextInt(40);
      for (int c = 0; c < 2; c++) {
        if (a == b || s[a][c] == s[b][c]) {
          continue;
        }
        boolean aWins = s[a][c] > s[b][c];
        p.add(
            "{\"user\":\"%s\",\"chosen\":\"r%d\",\"rejected\":\"r%d\"}"
                .formatted(c == 0 ? "fan-of-brief" : "fan-of-depth", aWins ? a : b, aWins ? b : a));
      }
    }
    Files.write(pairs, p);
  }

  @Test
  void should_fit_one_profile_per_user_that_weights_what_the_user_chose_by() throws Exception {
    // given
    Path verdicts = dir.resolve("v.jsonl");
    Path pairs = dir.resolve("pairs.jsonl");
    Path rubric = dir.resolve("style.yaml");
    writeInputs(verdicts, pairs, rubric);
    Path out = dir.resolve("profiles");

    // when
    Cli.Run r = fit(verdicts, pairs, rubric, out);

    // then
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("fan-of-brief").contains("_population").contains("wrote 3");
    var brief = Rubrics.loadProfile(out.resolve("fan-of-brief.yaml")).rubric();
    assertThat(brief.criterion("brief").orElseThrow().weight())
        .isGreaterThan(2 * brief.criterion("deep").orElseThrow().weight());
    assertThat(brief.criterion("brief").orElseThrow().description()).isEqualTo("Short.");
    var deep = Rubrics.loadProfile(out.resolve("fan-of-depth.yaml")).rubric();
    assertThat(deep.criterion("deep").orElseThrow().weight())
        .isGreaterThan(2 * deep.criterion("brief").orElseThrow().weight());
    JsonNode report = Json.mapper().readTree(out.resolve("fit-report.json").toFile());
    assertThat(report.path("fits")).hasSize(3);
    assertThat(report.path("fits").get(1).path("held_out_accuracy").asDouble()).isGreaterThan(0.8);
  }

  @Test
  void should_name_the_file_and_line_of_a_bad_pair() throws Exception {
    Path verdicts = dir.resolve("v.jsonl");
    Path pairs = dir.resolve("pairs.jsonl");
    writeInputs(verdicts, pairs, dir.resolve("style.yaml"));
    Files.writeString(pairs, "{\"user\":\"u\",\"chosen\":\"r1\"}\n");
    Cli.Run r =
        Cli.run(
            "profile",
            "fit",
            "--verdicts",
            verdicts.toString(),
            "--pairs",
            pairs.toString(),
            "--out",
            dir.resolve("o").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("pairs.jsonl:1").contains("rejected").contains("missing");
  }

  @Test
  void should_judge_each_record_with_its_users_profile_and_flag_unknown_users() throws Exception {
    // given: fitted profiles and records of a known and an unknown user
    Path verdicts = dir.resolve("v.jsonl");
    Path pairs = dir.resolve("pairs.jsonl");
    Path rubric = dir.resolve("style.yaml");
    writeInputs(verdicts, pairs, rubric);
    Path profiles = dir.resolve("profiles");
    assertThat(fit(verdicts, pairs, rubric, profiles).exit()).isZero();
    Path in = dir.resolve("in.jsonl");
    Files.write(
        in,
        List.of(
            "{\"id\":\"a\",\"user\":\"fan-of-brief\",\"query\":\"Hi?\",\"response\":\"Hello.\"}",
            "{\"id\":\"b\",\"user\":\"stranger\",\"query\":\"Hi?\",\"response\":\"Hello.\"}",
            "{\"id\":\"c\",\"user\":\"fan-of-brief\",\"query\":\"Hi?\",\"response\":\"Hello.\","
                + "\"principles\":[\"Greets back.\"]}"));
    Path out = dir.resolve("out.jsonl");

    // when
    Cli.Run r;
    try (StubVllmServer server = StubVllmServer.start(0, "stub-judge", 0)) {
      r =
          Cli.run(
              "judge",
              "--in",
              in.toString(),
              "--out",
              out.toString(),
              "--profiles",
              profiles.toString(),
              "--endpoint",
              server.baseUrl(),
              "--model",
              "stub-judge",
              "--no-progress");
    }

    // then
    assertThat(r.exit()).as(r.err()).isZero();
    var byId = Cli.byId(out);
    JsonNode a = byId.get("a");
    JsonNode b = byId.get("b");
    JsonNode c = byId.get("c");
    var own = Rubrics.loadProfile(profiles.resolve("fan-of-brief.yaml")).rubric();
    var prior = Rubrics.loadProfile(profiles.resolve("_population.yaml")).rubric();
    assertThat(a.path("profile").path("name").asText()).isEqualTo("fan-of-brief");
    assertThat(a.path("profile").path("fallback").asBoolean()).isFalse();
    assertThat(a.path("provenance").path("rubric_hash").asText()).isEqualTo(own.hash());
    assertThat(b.path("profile").path("user").asText()).isEqualTo("stranger");
    assertThat(b.path("profile").path("name").asText()).isEqualTo("_population");
    assertThat(b.path("profile").path("fallback").asBoolean()).isTrue();
    assertThat(b.path("provenance").path("rubric_hash").asText()).isEqualTo(prior.hash());
    var plus =
        own.plus(
            List.of(
                dev.arbiter.core.Criterion.binaryPrinciple("record-principle-1", "Greets back.")));
    assertThat(c.path("provenance").path("rubric_hash").asText()).isEqualTo(plus.hash());
  }
}
