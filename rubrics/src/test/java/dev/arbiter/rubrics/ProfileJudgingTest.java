package dev.arbiter.rubrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.core.Criterion;
import dev.arbiter.core.CriterionScore;
import dev.arbiter.core.Judge;
import dev.arbiter.core.JudgeRequest;
import dev.arbiter.core.Mode;
import dev.arbiter.core.Rubric;
import dev.arbiter.core.Verdict;
import dev.arbiter.core.internal.Json;
import dev.arbiter.core.model.ChatRequest;
import dev.arbiter.core.model.ScriptedJudgeModel;
import dev.arbiter.core.protocol.PromptContext;
import dev.arbiter.core.protocol.Protocol;
import dev.arbiter.prompts.Protocols;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Principle-conditioned judging: the same two responses, judged under two users' profiles, rank in
 * opposite orders, and each verdict's per-criterion critiques speak of that user's principles.
 */
class ProfileJudgingTest {
  static final String SHORT = "Use a hash map: O(n) time.";
  static final String LONG =
      "A hash map gives O(n) time. Reasoning: each lookup is O(1) on average, so one pass suffices. "
          + "Worked example: for [2, 7, 11] and target 9, we store 2, then see 7 and find 9 - 7 = 2. "
          + "A common misconception is that sorting first is faster; it costs O(n log n).";
  static final Pattern CONCISE =
      Pattern.compile("(?i)first sentence|under 120 words|leaves out background");
  static final Pattern DEPTH = Pattern.compile("(?i)reasoning|worked example|misconception");

  /**
   * A stand-in judge model that follows the rubric it is shown: for every criterion in the response
   * schema it scores whether the shown response fits that criterion's description.
   */
  static ScriptedJudgeModel ruleFollowingModel(Rubric rubric) {
    return ScriptedJudgeModel.of(
        "rule-follower",
        (ChatRequest r, int i) -> {
          String prompt = r.messages().get(r.messages().size() - 1).content();
          boolean isLong = prompt.contains("Worked example: for [2, 7, 11]");
          JsonNode schema = readTree(r.responseSchema().orElseThrow().schemaJson());
          ObjectNode out = Json.mapper().createObjectNode();
          ObjectNode criteria = out.putObject("criteria");
          schema
              .path("properties")
              .path("criteria")
              .path("properties")
              .fieldNames()
              .forEachRemaining(
                  name -> {
                    Criterion c = rubric.criterion(name).orElseThrow();
                    boolean fits =
                        CONCISE.matcher(c.description()).find()
                            ? !isLong
                            : DEPTH.matcher(c.description()).find() ? isLong : true;
                    ObjectNode one = criteria.putObject(name);
                    one.put(
                        "critique",
                        "Principle \""
                            + c.description()
                            + "\": the response "
                            + (fits ? "follows it." : "does not follow it."));
                    one.put("score", fits ? c.scale().max() : c.scale().min());
                  });
          out.put("critique", "Judged against the user's principles.");
          out.put("score", 5);
          return out.toString();
        });
  }

  static JsonNode readTree(String s) {
    try {
      return Json.mapper().readTree(s);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static Verdict judge(Rubric rubric, String response) {
    Judge judge =
        Judge.builder().model(ruleFollowingModel(rubric)).protocol(Protocols.get("json")).build();
    JudgeRequest req =
        JudgeRequest.builder()
            .id("two-sum")
            .query("How do I solve two-sum efficiently?")
            .candidate("r", response)
            .rubric(rubric)
            .build();
    return judge.judge(req);
  }

  @Test
  void should_rank_the_same_two_responses_in_opposite_orders_under_two_profiles() {
    Rubric concise =
        Rubrics.loadProfile(Path.of("../examples/rubrics/profiles/concise-user.yaml")).rubric();
    Rubric depth =
        Rubrics.loadProfile(Path.of("../examples/rubrics/profiles/depth-user.yaml")).rubric();

    Verdict conciseShort = judge(concise, SHORT);
    Verdict conciseLong = judge(concise, LONG);
    Verdict depthShort = judge(depth, SHORT);
    Verdict depthLong = judge(depth, LONG);

    assertThat(conciseShort.score().orElseThrow()).isGreaterThan(conciseLong.score().orElseThrow());
    assertThat(depthLong.score().orElseThrow()).isGreaterThan(depthShort.score().orElseThrow());
    // every criterion of each profile is scored and critiqued in that profile's own words
    for (var pair : List.of(List.of(conciseShort, concise), List.of(depthLong, depth))) {
      Verdict v = (Verdict) pair.get(0);
      Rubric r = (Rubric) pair.get(1);
      assertThat(v.criterionScores())
          .extracting(CriterionScore::criterion)
          .containsExactlyInAnyOrderElementsOf(r.criteria().stream().map(Criterion::name).toList());
      for (CriterionScore cs : v.criterionScores()) {
        assertThat(cs.critique()).contains(r.criterion(cs.criterion()).orElseThrow().description());
      }
      assertThat(v.provenance().rubricHash()).contains(r.hash());
    }
  }

  // The published prompts of these pack protocols have no place for a rubric (docs/protocols.md);
  // deepseek-grm shows it as its evaluation criteria, rewardanything as its principle.
  private static final java.util.Set<String> NO_RUBRIC_SLOT =
      java.util.Set.of(
          "rm-r1", "judgelrm", "skywork-critic", "auto-j", "judgelm", "pandalm", "compass-judger");

  @Test
  void should_load_validate_and_render_every_built_in_rubric_into_every_protocol() {
    for (String id : RubricLibrary.ids()) {
      Rubric rubric = RubricLibrary.get(id);
      assertThat(rubric.criteria()).as(id).isNotEmpty();
      for (String protocolId : Protocols.ids()) {
        if (NO_RUBRIC_SLOT.contains(protocolId)) {
          continue;
        }
        Protocol p = Protocols.get(protocolId);
        for (Mode mode : p.modes()) {
          List<dev.arbiter.core.Candidate> cs =
              mode == Mode.POINTWISE
                  ? List.of(dev.arbiter.core.Candidate.of("A", SHORT))
                  : List.of(
                      dev.arbiter.core.Candidate.of("A", SHORT),
                      dev.arbiter.core.Candidate.of("B", LONG));
          PromptContext ctx =
              new PromptContext(
                  mode,
                  List.of(dev.arbiter.core.Message.user("How do I solve two-sum?")),
                  cs,
                  Optional.empty(),
                  Optional.of(rubric),
                  dev.arbiter.core.Scale.ONE_TO_TEN,
                  List.of());
          String rendered =
              String.join(
                  "\n", p.render(ctx).stream().map(dev.arbiter.core.Message::content).toList());
          for (Criterion c : rubric.criteria()) {
            // Prometheus shows criteria by description only, as its rubric format does; the others
            // name them too.
            // rewardanything's user message is JSON, so the description appears escaped there.
            String shown =
                protocolId.equals("rewardanything") ? jsonBody(c.description()) : c.description();
            assertThat(rendered).as(id + " in " + protocolId + "/" + mode).contains(shown);
          }
        }
      }
    }
  }

  private static String jsonBody(String s) {
    try {
      String quoted = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(s);
      return quoted.substring(1, quoted.length() - 1);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new AssertionError(e);
    }
  }
}
