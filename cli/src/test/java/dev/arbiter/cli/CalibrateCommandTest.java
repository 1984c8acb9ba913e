package dev.arbiter.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.core.internal.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class CalibrateCommandTest {
  @RegisterExtension static final StubServer server = new StubServer("stub-judge");

  @TempDir Path dir;

  /**
   * {@code arbiter calibrate} on two files, with more arguments; the curve goes next to the
   * verdicts unless {@code --out} is given.
   */
  static Cli.Run calibrate(Path verdicts, Path labels, String... more) {
    List<String> args = new ArrayList<>(List.of("calibrate", "--verdicts", verdicts.toString()));
    args.add("--labels");
    args.add(labels.toString());
    args.addAll(List.of(more));
    if (!args.contains("--out")) {
      args.add("--out");
      args.add(verdicts.resolveSibling("calibration.json").toString());
    }
    return Cli.run(args.toArray(String[]::new));
  }

  /**
   * A pairwise verdict line as VerdictJson writes it: the pooled preference, both orders'
   * decisions, and the sample votes.
   */
  static String pairwise(String id, String preference, String o1, String o2, String votes) {
    String[] parts = votes.split(",");
    int scored = 0;
    int top = 0;
    StringBuilder dist = new StringBuilder();
    for (String p : parts) {
      String[] kv = p.split("=");
      int n = Integer.parseInt(kv[1]);
      scored += n;
      top = Math.max(top, n);
      dist.append(dist.isEmpty() ? "" : ",").append('"').append(kv[0]).append("\":").append(n);
    }
    return String.format(
        java.util.Locale.ROOT,
        "{\"id\":\"%s\",\"line\":1,\"mode\":\"pairwise\",\"status\":\"SCORED\",\"preference\":\"%s\","
            + "\"orders\":[{\"order\":\"original\",\"decision\":\"%s\",\"vote\":0,\"votes\":{}},"
            + "{\"order\":\"swapped\",\"decision\":\"%s\",\"vote\":0,\"votes\":{}}],"
            + "\"position_consistent\":%s,"
            + "\"confidence\":{\"agreement\":%s,\"entropy\":%s,\"scored_samples\":%d,"
            + "\"unscored_samples\":0,\"distribution\":{%s}}}",
        id,
        preference,
        o1,
        o2,
        o1.charAt(0) == o2.charAt(0),
        (double) top / scored,
        entropy(votes),
        scored,
        dist);
  }

  /**
   * Ten labelled verdicts whose combined confidence (direction agreement × order agreement) is
   * known: four at 1.0 and right (their votes split A>>B / A>B, which agree in direction), three at
   * 0.75 of which one is wrong, two at 0 (the orders disagree: a tie, wrong), one unscored; plus
   * one verdict without a label and one label without a verdict.
   */
  private void handMade(Path verdicts, Path labels) throws Exception {
    List<String> v = new ArrayList<>();
    List<String> l = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      v.add(pairwise("v" + i, "A>>B", "A>>B", "A>B", "A>>B=2,A>B=2"));
      l.add("{\"id\":\"v" + i + "\",\"label\":\"A>B\"}");
    }
    for (int i = 5; i <= 7; i++) {
      v.add(pairwise("v" + i, "A>B", "A>B", "A>B", "A>B=3,B>A=1"));
      l.add("{\"id\":\"v" + i + "\",\"label\":\"" + (i == 7 ? "B>A" : "A>B") + "\"}");
    }
    for (int i = 8; i <= 9; i++) {
      v.add(pairwise("v" + i, "A=B", "A>B", "B>A", "A>B=2,B>A=2"));
      l.add("{\"id\":\"v" + i + "\",\"label\":\"A>B\"}");
    }
    v.add(
        "{\"id\":\"v10\",\"mode\":\"pairwise\",\"status\":\"UNSCORED\",\"reason\":\"no sample could"
            + " be parsed\",\"confidence\":{\"agreement\":0.0,\"entropy\":0.0,\"distribution\":{}}}");
    l.add("{\"id\":\"v10\",\"label\":\"B>>A\"}");
    v.add(pairwise("v11", "A>B", "A>B", "A>B", "A>B=4"));
    l.add("{\"pair_id\":\"v12\",\"label\":\"A>B\",\"question\":\"a JudgeBench row\"}");
    Files.write(verdicts, v);
    Files.write(labels, l);
  }

  @Test
  void should_pick_the_lowest_combined_threshold_that_reaches_the_target_precision()
      throws Exception {
    // given
    Path verdicts = dir.resolve("verdicts.jsonl");
    Path labels = dir.resolve("labels.jsonl");
    handMade(verdicts, labels);
    Path out = dir.resolve("cal.json");

    // when
    Cli.Run r = calibrate(verdicts, labels, "--target-precision", "0.85", "--out", out.toString());

    // then: at 0.75 it keeps 7 of 10 labelled verdicts, 6 right (0.857 >= 0.85); at 0 it keeps 9
    // with 6 right (0.667)
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("threshold 0.7500: keeps 70.0 %");
    assertThat(r.out()).contains("use: --abstain-below 0.7500 --abstain-signal combined");
    JsonNode j = Json.mapper().readTree(out.toFile());
    assertThat(j.get("signal").asText()).isEqualTo("combined");
    assertThat(j.get("verdicts").asInt()).isEqualTo(11);
    assertThat(j.get("unlabelled_verdicts").asInt()).isEqualTo(1);
    assertThat(j.get("labels_without_verdict").asInt()).isEqualTo(1);
    assertThat(j.get("labelled").asInt()).isEqualTo(10);
    assertThat(j.get("decided").asInt()).isEqualTo(9);
    assertThat(j.get("threshold").asDouble()).isEqualTo(0.75);
    assertThat(j.get("coverage").asDouble()).isEqualTo(0.7);
    assertThat(j.get("accuracy").asDouble()).isCloseTo(6.0 / 7, within(1e-9));
    JsonNode curve = j.get("curve");
    assertThat(curve).hasSize(3);
    assertThat(curve.get(0).get("threshold").asDouble()).isEqualTo(0.0);
    assertThat(curve.get(0).get("coverage").asDouble()).isEqualTo(0.9);
    assertThat(curve.get(0).get("accuracy").asDouble()).isCloseTo(6.0 / 9, within(1e-9));
    assertThat(curve.get(2).get("threshold").asDouble()).isEqualTo(1.0);
    assertThat(curve.get(2).get("coverage").asDouble()).isEqualTo(0.4);
    assertThat(curve.get(2).get("accuracy").asDouble()).isEqualTo(1.0);
    assertThat(j.get("no_abstention").get("coverage").asDouble()).isEqualTo(0.9);
  }

  @Test
  void should_find_no_threshold_on_strength_level_agreement_where_direction_level_finds_one()
      throws Exception {
    // given: on label-level agreement the four right A>>B/A>B verdicts look unsure (0.5)
    Path verdicts = dir.resolve("verdicts.jsonl");
    Path labels = dir.resolve("labels.jsonl");
    handMade(verdicts, labels);
    Path out = dir.resolve("cal.json");

    // when
    Cli.Run r =
        calibrate(
            verdicts,
            labels,
            "--target-precision",
            "0.85",
            "--signal",
            "agreement",
            "--out",
            out.toString());

    // then
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode j = Json.mapper().readTree(out.toFile());
    assertThat(j.get("threshold").isNull()).isTrue();
    assertThat(r.out()).contains("no threshold reaches accuracy 0.850");
    JsonNode bySignal = j.get("signals");
    assertThat(bySignal.findValuesAsText("signal"))
        .containsExactly("agreement", "direction", "entropy", "order", "combined");
    assertThat(bySignal.get(1).get("threshold").asDouble()).isEqualTo(0.75);
    assertThat(bySignal.get(3).get("threshold").asDouble()).isEqualTo(1.0);
  }

  @Test
  void should_select_by_the_wilson_lower_bound_when_asked() throws Exception {
    // given
    Path verdicts = dir.resolve("verdicts.jsonl");
    Path labels = dir.resolve("labels.jsonl");
    handMade(verdicts, labels);
    Path out = dir.resolve("cal.json");

    // when: 0.55 is reached by every point's accuracy but only by 4/4's lower bound (0.596;
    // 6/7 has 0.548, 6/9 has 0.398)
    Cli.Run point =
        calibrate(verdicts, labels, "--target-precision", "0.55", "--out", out.toString());
    double pointThreshold = Json.mapper().readTree(out.toFile()).get("threshold").asDouble();
    Cli.Run bound =
        calibrate(
            verdicts,
            labels,
            "--target-precision",
            "0.55",
            "--select",
            "lower-bound",
            "--out",
            out.toString());

    // then
    assertThat(point.exit()).as(point.err()).isZero();
    assertThat(bound.exit()).as(bound.err()).isZero();
    assertThat(pointThreshold).isEqualTo(0.0);
    JsonNode j = Json.mapper().readTree(out.toFile());
    assertThat(j.get("selection").asText()).isEqualTo("lower-bound");
    assertThat(j.get("threshold").asDouble()).isEqualTo(1.0);
    assertThat(j.get("accuracy_lower_bound").asDouble()).isCloseTo(0.5964, within(1e-3));
  }

  @Test
  void should_name_the_labels_file_line_and_field_of_a_bad_label() throws Exception {
    // given
    Path verdicts = dir.resolve("verdicts.jsonl");
    Path labels = dir.resolve("labels.jsonl");
    handMade(verdicts, labels);
    Files.write(
        labels, List.of("{\"id\":\"v1\",\"label\":\"A>B\"}", "{\"id\":\"v2\",\"label\":\"A>C\"}"));

    // when
    Cli.Run r = calibrate(verdicts, labels);

    // then
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err())
        .contains(labels + ":2: field 'label': expected A>B, A>>B, B>A, B>>A or A=B");
  }

  @Test
  void should_name_both_lines_of_a_label_given_twice() throws Exception {
    // given
    Path verdicts = dir.resolve("verdicts.jsonl");
    Path labels = dir.resolve("labels.jsonl");
    handMade(verdicts, labels);
    Files.write(
        labels,
        List.of("{\"id\":\"v1\",\"label\":\"A>B\"}", "", "{\"id\":\"v1\",\"label\":\"B>A\"}"));

    // when
    Cli.Run r = calibrate(verdicts, labels);

    // then
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains(labels + ":3: field 'id': id 'v1' is already labelled on line 1");
  }

  @Test
  void should_name_the_verdicts_file_and_line_of_a_malformed_verdict() throws Exception {
    // given
    Path verdicts = dir.resolve("verdicts.jsonl");
    Path labels = dir.resolve("labels.jsonl");
    handMade(verdicts, labels);
    List<String> lines = new ArrayList<>(Files.readAllLines(verdicts));
    lines.set(2, "{\"id\":\"v3\",\"status\":\"SCORED\",\"preference\":\"A>B\"}");
    lines.set(4, "{not json");
    Files.write(verdicts, lines);

    // when
    Cli.Run missingConfidence =
        calibrate(verdicts, labels, "--out", dir.resolve("c.json").toString());

    // then: the first bad line stops the run
    assertThat(missingConfidence.exit()).isEqualTo(2);
    assertThat(missingConfidence.err())
        .contains(verdicts + ":3: field 'confidence': missing in a SCORED verdict");
    lines.set(2, pairwise("v3", "A>B", "A>B", "A>B", "A>B=4"));
    Files.write(verdicts, lines);
    Cli.Run malformed = calibrate(verdicts, labels);
    assertThat(malformed.exit()).isEqualTo(2);
    assertThat(malformed.err()).contains(verdicts + ":5: malformed JSON");
  }

  @Test
  void should_reject_a_score_label_for_a_pairwise_verdict_naming_the_label_line() throws Exception {
    // given
    Path verdicts = dir.resolve("verdicts.jsonl");
    Path labels = dir.resolve("labels.jsonl");
    handMade(verdicts, labels);
    Files.write(labels, List.of("{\"id\":\"v1\",\"label\":4}"));

    // when
    Cli.Run r = calibrate(verdicts, labels);

    // then
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err())
        .contains(labels + ":1: field 'label': a score label cannot score the pairwise verdict")
        .contains(verdicts + ":1");
  }

  @Test
  void should_calibrate_pointwise_verdicts_against_score_labels_within_the_tolerance()
      throws Exception {
    // given: scores 4.2 (label 4, right), 3.0 (label 5, wrong), 1.4 (label 1, right)
    Path verdicts = dir.resolve("verdicts.jsonl");
    Path labels = dir.resolve("labels.jsonl");
    Files.write(
        verdicts,
        List.of(
            pointwise("p1", 4.2, 1.0, "4=3"),
            pointwise("p2", 3.0, 0.5, "3=2,5=2"),
            pointwise("p3", 1.4, 2.0 / 3, "1=2,2=1")));
    Files.write(
        labels,
        List.of(
            "{\"id\":\"p1\",\"label\":4}",
            "{\"id\":\"p2\",\"label\":5}",
            "{\"id\":\"p3\",\"label\":1}"));
    Path out = dir.resolve("cal.json");

    // when
    Cli.Run r = calibrate(verdicts, labels, "--target-precision", "1.0", "--out", out.toString());

    // then: keeping 2/3 and 1.0 (p1, p3) is all right
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode j = Json.mapper().readTree(out.toFile());
    assertThat(j.get("threshold").asDouble()).isCloseTo(2.0 / 3, within(1e-9));
    assertThat(j.get("coverage").asDouble()).isCloseTo(2.0 / 3, within(1e-9));
    assertThat(j.get("signals").findValuesAsText("signal")).doesNotContain("order", "panel");
  }

  @Test
  void should_say_which_verdicts_the_order_signal_needs() throws Exception {
    // given pointwise verdicts only
    Path verdicts = dir.resolve("verdicts.jsonl");
    Path labels = dir.resolve("labels.jsonl");
    Files.write(verdicts, List.of(pointwise("p1", 4.0, 1.0, "4=3")));
    Files.write(labels, List.of("{\"id\":\"p1\",\"label\":4}"));

    // when
    Cli.Run r = calibrate(verdicts, labels, "--signal", "order");

    // then
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err())
        .contains("field '--signal'")
        .contains("it needs pairwise verdicts judged in both orders");
  }

  @Test
  void should_abstain_while_judging_below_the_threshold_on_the_chosen_signal() throws Exception {
    // given: JudgeBench pairs judged by the stub server with 3 samples per order
    Path in = dir.resolve("pairs.jsonl");
    try (java.util.stream.Stream<String> s =
        Files.lines(
            dev.arbiter.core.testing.SharedData.file(
                "judgebench/pairs.claude-3-5-sonnet-20240620.jsonl"))) {
      Files.write(in, s.limit(12).toList());
    }
    Path out = dir.resolve("verdicts.jsonl");

    // when
    Cli.Run r =
        Cli.run(
            "judge",
            "--mode",
            "pairwise",
            "--format",
            "judgebench",
            "--in",
            in.toString(),
            "--out",
            out.toString(),
            "--endpoint",
            server.baseUrl(),
            "--model",
            "stub-judge",
            "--protocol",
            "arena-hard",
            "-k",
            "3",
            "--abstain-below",
            "0.75",
            "--abstain-signal",
            "combined",
            "--no-progress");
    Cli.Run bad =
        Cli.run(
            "judge",
            "--in",
            in.toString(),
            "--out",
            dir.resolve("x.jsonl").toString(),
            "--abstain-signal",
            "panel");

    // then: every kept verdict is at least that sure, every other one says why it abstained
    assertThat(r.exit()).as(r.err()).isZero();
    int kept = 0;
    int abstained = 0;
    long line = 0;
    for (String l : Files.readAllLines(out)) {
      JsonNode v = Json.mapper().readTree(l);
      double combined =
          dev.arbiter.eval.abstain.VerdictSignals.of(
                  ((com.fasterxml.jackson.databind.node.ObjectNode) v.deepCopy())
                      .put("status", "SCORED"),
                  "verdicts",
                  ++line)
              .combined();
      if (v.get("status").asText().equals("SCORED")) {
        kept++;
        assertThat(combined).isGreaterThanOrEqualTo(0.75);
      } else {
        abstained++;
        assertThat(v.get("reason").asText()).startsWith("abstained: combined ");
        assertThat(combined).isLessThan(0.75);
      }
    }
    assertThat(kept + abstained).isEqualTo(12);
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("--abstain-signal").contains("'panel'");
  }

  private static String pointwise(String id, double score, double agreement, String votes) {
    StringBuilder dist = new StringBuilder();
    int scored = 0;
    for (String p : votes.split(",")) {
      String[] kv = p.split("=");
      scored += Integer.parseInt(kv[1]);
      dist.append(dist.isEmpty() ? "" : ",").append('"').append(kv[0]).append("\":").append(kv[1]);
    }
    return String.format(
        java.util.Locale.ROOT,
        "{\"id\":\"%s\",\"mode\":\"pointwise\",\"status\":\"SCORED\",\"score\":%s,"
            + "\"confidence\":{\"agreement\":%s,\"entropy\":%s,\"scored_samples\":%d,"
            + "\"unscored_samples\":0,\"distribution\":{%s}}}",
        id,
        score,
        agreement,
        entropy(votes),
        scored,
        dist);
  }

  /** The entropy (bits) of "outcome=count,..." votes, as Votes.confidence computes it. */
  private static double entropy(String votes) {
    List<Integer> counts = new ArrayList<>();
    for (String p : votes.split(",")) {
      counts.add(Integer.parseInt(p.split("=")[1]));
    }
    int total = counts.stream().mapToInt(Integer::intValue).sum();
    double h = 0;
    for (int c : counts) {
      double q = (double) c / total;
      h -= q * (Math.log(q) / Math.log(2));
    }
    return h == 0 ? 0.0 : h;
  }
}
