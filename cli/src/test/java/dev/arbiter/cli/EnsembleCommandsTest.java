package dev.arbiter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.core.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code arbiter judge --panel}, {@code --cascade} and {@code arbiter cascade calibrate} end to
 * end: spec files naming two simulated model servers, JudgeBench pairs, the verdict lines and the
 * summary read back.
 */
class EnsembleCommandsTest {
  @RegisterExtension static final StubServer cheapServer = new StubServer("cheap-judge");
  @RegisterExtension static final StubServer strongServer = new StubServer("strong-judge");

  static final int RECORDS = 16;

  @TempDir Path dir;
  Path in;
  Path cheap;
  Path strong;

  @BeforeEach
  void files() throws Exception {
    in = dir.resolve("pairs.jsonl");
    try (Stream<String> s =
        Files.lines(SharedData.file("judgebench/pairs.claude-3-5-sonnet-20240620.jsonl"))) {
      Files.write(in, s.limit(RECORDS).toList());
    }
    // Three samples at temperature 0.7, so the cheap judge's confidence varies between records.
    cheap = spec("cheap.yaml", cheapServer, "sampling: {k: 3, temperature: 0.7}\n");
    strong = spec("strong.yaml", strongServer, "");
  }

  private Path spec(String name, StubServer server, String more) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(
        p,
        "models:\n  - endpoint: "
            + server.baseUrl()
            + "\n    model: "
            + server.model()
            + "\nprotocol: {name: json}\nverifiers: {enabled: false}\n"
            + more);
    return p;
  }

  private List<String> judge(Path out, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "judge",
                "--mode",
                "pairwise",
                "--format",
                "judgebench",
                "--in",
                in.toString(),
                "--out",
                out.toString(),
                "--no-progress"));
    args.addAll(List.of(more));
    return args;
  }

  @Test
  void should_judge_every_record_with_every_panel_member_and_list_their_decisions()
      throws Exception {
    // given
    Path out = dir.resolve("panel.jsonl");
    long cheapBefore = cheapServer.calls();
    long strongBefore = strongServer.calls();

    // when
    Cli.Run r = Cli.run(judge(out, "--panel", cheap + "," + strong));

    // then
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err()).contains("panel of 2");
    List<JsonNode> verdicts = Cli.lines(out);
    assertThat(verdicts).hasSize(RECORDS);
    long cheapCalls = 0;
    for (JsonNode v : verdicts) {
      assertThat(v.path("provenance").path("model").asText()).isEqualTo("panel(cheap,strong)");
      JsonNode members = v.path("panel");
      assertThat(members).hasSize(2);
      assertThat(members.get(0).path("judge").asText()).isEqualTo("cheap");
      assertThat(members.get(0).path("model").asText()).isEqualTo("cheap-judge");
      assertThat(members.get(1).path("judge").asText()).isEqualTo("strong");
      assertThat(members.get(1).path("model").asText()).isEqualTo("strong-judge");
      assertThat(members.get(1).path("weight").asDouble()).isEqualTo(1.0);
      // One strong sample per order: two calls a record; the panel's usage sums its members'.
      assertThat(members.get(1).path("usage").path("calls").asLong()).isEqualTo(2);
      long memberCalls =
          members.get(0).path("usage").path("calls").asLong()
              + members.get(1).path("usage").path("calls").asLong();
      assertThat(v.path("usage").path("calls").asLong()).isEqualTo(memberCalls);
      cheapCalls += members.get(0).path("usage").path("calls").asLong();
      // Members that agree decide the panel.
      String a = members.get(0).path("preference").asText("");
      String b = members.get(1).path("preference").asText("");
      if (!a.isEmpty() && a.equals(b)) {
        assertThat(v.path("preference").asText()).isEqualTo(a);
      }
    }
    assertThat(strongServer.calls() - strongBefore).isEqualTo(2L * RECORDS);
    assertThat(cheapServer.calls() - cheapBefore).isEqualTo(cheapCalls);
  }

  @Test
  void should_let_the_cheap_judge_decide_where_it_is_sure_and_report_the_strong_share()
      throws Exception {
    // given
    Path out = dir.resolve("cascade.jsonl");
    long strongBefore = strongServer.calls();

    // when: the cheap verdicts with at least half of the votes behind them stand
    Cli.Run r =
        Cli.run(judge(out, "--cascade", cheap + "," + strong, "--cascade-threshold", "0.5"));

    // then
    assertThat(r.exit()).as(r.err()).isZero();
    List<JsonNode> verdicts = Cli.lines(out);
    assertThat(verdicts).hasSize(RECORDS);
    int strongDecided = 0;
    for (JsonNode v : verdicts) {
      JsonNode stages = v.path("cascade");
      JsonNode first = stages.get(0);
      assertThat(first.path("judge").asText()).isEqualTo("cheap");
      assertThat(first.path("model").asText()).isEqualTo("cheap-judge");
      if (v.path("stage").asText().equals("cheap")) {
        assertThat(stages).hasSize(1);
        assertThat(first.path("agreement").asDouble()).isGreaterThanOrEqualTo(0.5);
        assertThat(v.path("preference").asText()).isEqualTo(first.path("preference").asText());
      } else {
        assertThat(v.path("stage").asText()).isEqualTo("strong");
        strongDecided++;
        assertThat(stages).hasSize(2);
        assertThat(first.path("agreement").asDouble()).isLessThan(0.5);
        assertThat(stages.get(1).path("model").asText()).isEqualTo("strong-judge");
        assertThat(v.path("preference").asText())
            .isEqualTo(stages.get(1).path("preference").asText());
        assertThat(v.path("usage").path("calls").asLong())
            .isEqualTo(
                first.path("usage").path("calls").asLong()
                    + stages.get(1).path("usage").path("calls").asLong());
      }
    }
    // Both stages had work: the test would show nothing if either decided everything.
    assertThat(strongDecided).isBetween(1, RECORDS - 1);
    assertThat(strongServer.calls() - strongBefore).isEqualTo(2L * strongDecided);
    assertThat(r.err())
        .contains(
            String.format(
                Locale.ROOT,
                "cascade     strong judge decided %d of %d records (%.1f %%), cheap judge %d;",
                strongDecided,
                RECORDS,
                100.0 * strongDecided / RECORDS,
                RECORDS - strongDecided))
        .contains("est. strong-judge tokens saved");
  }

  @Test
  void should_calibrate_a_threshold_whose_cheap_share_the_cascade_then_reproduces()
      throws Exception {
    // when
    Cli.Run cal =
        Cli.run(
            "cascade",
            "calibrate",
            "--cascade",
            cheap + "," + strong,
            "--dev",
            in.toString(),
            "--format",
            "judgebench",
            "--mode",
            "pairwise",
            "--target",
            "0.65");

    // then: every dev record labelled by the strong judge, a curve and a chosen threshold
    assertThat(cal.exit()).as(cal.err()).isZero();
    assertThat(cal.out())
        .contains(RECORDS + " dev records, " + RECORDS + " decided by the strong judge")
        .contains("threshold  cheap_share  agreement_with_strong");
    Matcher chosen =
        Pattern.compile(
                "threshold (\\S+): cheap judge decides (\\S+) % of records, agreement with the"
                    + " strong judge (\\S+) \\(target 0.650\\)")
            .matcher(cal.out());
    assertThat(chosen.find()).as(cal.out()).isTrue();
    assertThat(Double.parseDouble(chosen.group(3))).isGreaterThanOrEqualTo(0.65);
    assertThat(Double.parseDouble(chosen.group(2))).isStrictlyBetween(0.0, 100.0);
    Matcher use =
        Pattern.compile("use: --cascade \\S+ --cascade-threshold (\\S+)").matcher(cal.out());
    assertThat(use.find()).isTrue();

    // and judging the dev records with that threshold lets the cheap judge decide that share
    Path out = dir.resolve("calibrated.jsonl");
    Cli.Run r =
        Cli.run(judge(out, "--cascade", cheap + "," + strong, "--cascade-threshold", use.group(1)));
    assertThat(r.exit()).as(r.err()).isZero();
    Map<String, JsonNode> verdicts = Cli.byId(out);
    long cheapDecided =
        verdicts.values().stream().filter(v -> v.path("stage").asText().equals("cheap")).count();
    assertThat(String.format(Locale.ROOT, "%.1f", 100.0 * cheapDecided / RECORDS))
        .isEqualTo(chosen.group(2));
  }
}
