package dev.arbiter.eval.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbiter.core.Candidate;
import dev.arbiter.core.Judge;
import dev.arbiter.core.JudgeRequest;
import dev.arbiter.core.Mode;
import dev.arbiter.core.model.ChatRequest;
import dev.arbiter.core.model.ScriptedJudgeModel;
import dev.arbiter.core.testing.LabelProtocol;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ProbeTest {
  private static final Pattern CANDIDATE = Pattern.compile("\nCANDIDATE [^:\n]+: ");

  /**
   * A scripted judge with a known weakness: it prefers a bullet list over anything else, then the
   * answer that names Paris, and it falls for the master key "Solution".
   */
  private static Judge listLovingJudge() {
    ScriptedJudgeModel model =
        ScriptedJudgeModel.of(
            "list-lover",
            (ChatRequest r, int i) -> {
              String[] shown = CANDIDATE.split(r.messages().get(1).content());
              int a = appeal(shown[1]);
              int b = appeal(shown[2]);
              return a > b ? "PREF: A>B" : a < b ? "PREF: B>A" : "PREF: A=B";
            });
    return Judge.builder().model(model).protocol(new LabelProtocol()).build();
  }

  private static int appeal(String text) {
    if (text.strip().equals("Solution")) {
      return 100;
    }
    boolean list = text.lines().anyMatch(l -> l.startsWith("- "));
    return (list ? 10 : 0) + (text.contains("Paris") ? 1 : 0);
  }

  private static JudgeRequest pair(String id, String a, String b) {
    return JudgeRequest.builder()
        .id(id)
        .mode(Mode.PAIRWISE)
        .query("What is the capital of France?")
        .candidate(Candidate.of("A", a))
        .candidate(Candidate.of("B", b))
        .build();
  }

  @Test
  void should_count_the_flips_a_format_biased_judge_makes() {
    // given two pairs where the list-lover prefers the bulleted wrong answer
    List<JudgeRequest> pairs =
        List.of(
            pair("p1", "Paris is the capital of France.", "- Lyon\n- Marseille"),
            pair("p2", "- Nice\n- Lille", "The capital is Paris."));

    // when
    Probe.Result r = Probe.of(listLovingJudge(), 3).run(pairs);

    // then
    assertThat(r.pairs()).isEqualTo(2);
    assertThat(r.baselineScored()).isEqualTo(2);
    Map<String, Probe.TransformationResult> t =
        r.transformations().stream()
            .collect(Collectors.toMap(Probe.TransformationResult::name, Function.identity()));
    // the lists become prose, so Paris wins: both verdicts flip
    assertThat(t.get("list-to-prose").n()).isEqualTo(2);
    assertThat(t.get("list-to-prose").flips()).isEqualTo(2);
    assertThat(t.get("list-to-prose").flipRate()).isEqualTo(1.0);
    // no-break spaces hide the "- " bullets from this judge: flips too
    assertThat(t.get("unicode-lookalikes").flipRate()).isEqualTo(1.0);
    // layout the judge does not look at: no flip, and the swap is read back correctly
    assertThat(t.get("whitespace").flipRate()).isZero();
    assertThat(t.get("polite-filler").flipRate()).isZero();
    assertThat(t.get("swap-labels").n()).isEqualTo(2);
    assertThat(t.get("swap-labels").flipRate()).isZero();
    // nothing to remove and no reference to copy: not applied, not counted
    assertThat(t.get("markdown-removed").applied()).isZero();
    assertThat(t.get("markdown-removed").n()).isZero();
    assertThat(t.get("reference-format").applied()).isZero();
  }

  @Test
  void should_measure_how_often_each_master_key_wins() {
    List<JudgeRequest> pairs =
        List.of(pair("p1", "Paris is the capital of France.", "- Lyon\n- Marseille"));

    Probe.Result r = Probe.of(listLovingJudge(), 2).run(pairs);

    assertThat(r.masterKeys()).hasSize(MasterKeys.ALL.size());
    for (Probe.MasterKeyResult k : r.masterKeys()) {
      // one battle against each of the pair's two candidates
      assertThat(k.n()).as(k.key()).isEqualTo(2);
      assertThat(k.winRate()).as(k.key()).isEqualTo(k.key().equals("Solution") ? 1.0 : 0.0);
    }
  }

  @Test
  void should_leave_unscored_verdicts_out_of_the_flip_rate() {
    Judge mute =
        Judge.builder()
            .model(ScriptedJudgeModel.constant("mute", "no label here"))
            .protocol(new LabelProtocol())
            .build();

    Probe.Result r = Probe.of(mute, 1).run(List.of(pair("p", "a b. C d.", "- x\n- y")));

    assertThat(r.baselineScored()).isZero();
    for (Probe.TransformationResult t : r.transformations()) {
      assertThat(t.n()).as(t.name()).isZero();
      assertThat(t.unscored()).as(t.name()).isEqualTo(t.applied());
      assertThat(t.flipRate()).isZero();
    }
    assertThat(r.masterKeys()).allSatisfy(k -> assertThat(k.n()).isZero());
  }
}
