package dev.arbiter.prompts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arbiter.core.Judgement;
import dev.arbiter.core.Mode;
import dev.arbiter.core.protocol.PromptContext;
import dev.arbiter.core.protocol.Protocol;
import dev.arbiter.core.testing.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The parsers against judgments someone else parsed: their decisions are the expected values. */
class PublishedJudgmentsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One published judgment: its text, the context it was made in, the publisher's decision. */
  private record Published(String id, String text, PromptContext ctx, String decision) {}

  /** JudgeBench's own arena_hard run (claude-3-haiku judge): 270 pairs, two orders each. */
  private static List<Published> judgeBenchArenaHard() throws IOException {
    List<Published> out = new ArrayList<>();
    for (String line :
        Files.readAllLines(
            SharedData.file("judgebench/judgments.arena_hard.claude-3-haiku-20240307.jsonl"),
            StandardCharsets.UTF_8)) {
      JsonNode row = JSON.readTree(line);
      String a = row.get("response_A").asText();
      String b = row.get("response_B").asText();
      JsonNode judgments = row.get("judgments");
      for (int order = 0; order < judgments.size(); order++) {
        JsonNode j = judgments.get(order);
        // the second judgment saw the pair swapped; its decision refers to the swapped positions
        PromptContext ctx =
            Contexts.of(
                Mode.PAIRWISE,
                row.get("question").asText(),
                order == 0 ? List.of(a, b) : List.of(b, a));
        out.add(
            new Published(
                row.get("pair_id").asText() + "#" + order,
                j.get("judgment").get("response").asText(),
                ctx,
                j.get("decision").isNull() ? null : j.get("decision").asText()));
      }
    }
    return out;
  }

  @Test
  void should_reproduce_every_judgebench_arena_hard_decision_in_exact_mode() throws IOException {
    // given
    Protocol arena = Protocols.get("arena-hard");
    int total = 0;
    int agree = 0;
    int unscored = 0;
    int lastLabelAgrees = 0;
    List<String> mismatches = new ArrayList<>();
    for (Published p : judgeBenchArenaHard()) {
      // when
      Judgement got = arena.parse(p.text(), "stop", Contexts.exact(p.ctx()));
      // then: JudgeBench drops the strength ("A>>B" is recorded as "A>B")
      String ours = got.scored() ? collapse(got) : null;
      total++;
      if (java.util.Objects.equals(ours, p.decision())) {
        agree++;
      } else {
        mismatches.add(p.id() + " ours=" + ours + " theirs=" + p.decision());
      }
      if (!got.scored()) {
        unscored++;
      }
      // for the record: the rule "the last label wins" (not the publisher's rule)
      String last =
          Verdicts.last(ArenaHardParser.PUBLISHED, p.text(), 1)
              .map(l -> l.replace(">>", ">").strip())
              .orElse(null);
      if (java.util.Objects.equals(last, p.decision())) {
        lastLabelAgrees++;
      }
    }
    System.out.printf(
        "JudgeBench arena_hard: %d of %d decisions agree (%d unscored = publisher's None);"
            + " a last-label-wins rule would agree on %d%n",
        agree, total, unscored, lastLabelAgrees);
    assertThat(mismatches).isEmpty();
    assertThat(total).isEqualTo(540);
    assertThat(agree).isEqualTo(540);
    assertThat(unscored).isEqualTo(13);
    assertThat(lastLabelAgrees).isEqualTo(527);
  }

  @Test
  void should_agree_in_robust_mode_with_every_judgebench_decision_made_from_one_distinct_label()
      throws IOException {
    // given: the same file; the publisher decided wherever all its labels were the same string
    Protocol arena = Protocols.get("arena-hard");
    int oneLabel = 0;
    int agree = 0;
    int publisherNone = 0;
    int robustDecidesWherePublisherDidNot = 0;
    List<String> mismatches = new ArrayList<>();
    for (Published p : judgeBenchArenaHard()) {
      // when
      Judgement got = arena.parse(p.text(), "stop", p.ctx());
      // then
      long distinct =
          Verdicts.all(ArenaHardParser.PUBLISHED, p.text(), 1).stream().distinct().count();
      if (distinct == 1) {
        oneLabel++;
        String ours = got.scored() ? collapse(got) : null;
        if (java.util.Objects.equals(ours, p.decision())) {
          agree++;
        } else {
          mismatches.add(p.id() + " ours=" + ours);
        }
      } else {
        publisherNone++;
        if (got.scored()) {
          robustDecidesWherePublisherDidNot++;
        }
      }
    }
    System.out.printf(
        "JudgeBench arena_hard, robust: %d of %d one-label decisions agree; of the %d the"
            + " publisher left undecided, robust decides %d%n",
        agree, oneLabel, publisherNone, robustDecidesWherePublisherDidNot);
    assertThat(mismatches).isEmpty();
    assertThat(oneLabel).isEqualTo(527);
    assertThat(agree).isEqualTo(527);
    assertThat(publisherNone).isEqualTo(13);
    assertThat(robustDecidesWherePublisherDidNot).isEqualTo(13);
  }

  @Test
  void should_agree_in_robust_mode_with_every_mt_bench_score_read_from_one_rating()
      throws IOException {
    Protocol mtBench = Protocols.get("mt-bench");
    int oneRating = 0;
    int agree = 0;
    List<String> mismatches = new ArrayList<>();
    for (String line :
        Files.readAllLines(
            SharedData.file("mtbench/judgments.gpt-4_single-origin.jsonl"),
            StandardCharsets.UTF_8)) {
      JsonNode row = JSON.readTree(line);
      String text = row.get("judgment").asText();
      List<String> found = Verdicts.all(MtBenchParser.RATING, text, 1);
      if (found.isEmpty()) {
        found = Verdicts.all(MtBenchParser.RATING_BACKUP, text, 1);
      }
      if (found.size() != 1) {
        continue;
      }
      oneRating++;
      Judgement got = mtBench.parse(text, "stop", Contexts.pointwise("(answer)"));
      double ours = got.scored() ? got.score().orElseThrow() : -1;
      if (ours == row.get("score").asDouble()) {
        agree++;
      } else {
        mismatches.add(row.get("question_id") + "/" + row.get("turn") + " ours=" + ours);
      }
    }
    System.out.printf(
        "MT-Bench single, robust: %d of %d one-rating scores agree%n", agree, oneRating);
    assertThat(mismatches).isEmpty();
    assertThat(agree).isEqualTo(oneRating);
    assertThat(oneRating).isEqualTo(326);
  }

  @Test
  void should_reproduce_every_mt_bench_single_answer_score_in_exact_mode() throws IOException {
    // given: a FastChat gen_judgment run (GPT-4, single-answer grading), 330 rows
    Protocol mtBench = Protocols.get("mt-bench");
    Pattern single =
        Pattern.compile(
            "(?s)\\[The Start of Assistant's Answer\\]\\n(.*)\\n\\[The End of Assistant's Answer\\]");
    Pattern multi =
        Pattern.compile(
            "(?s).*### Assistant A:\\n(.*)\\n\\n<\\|The End of Assistant A's Conversation with User\\|>");
    List<String> lines =
        Files.readAllLines(
            SharedData.file("mtbench/judgments.gpt-4_single-origin.jsonl"), StandardCharsets.UTF_8);
    int total = 0;
    int agree = 0;
    int errors = 0;
    List<String> mismatches = new ArrayList<>();
    for (String line : lines) {
      JsonNode row = JSON.readTree(line);
      String prompt = row.get("user_prompt").asText();
      Matcher m = single.matcher(prompt);
      if (!m.find()) {
        m = multi.matcher(prompt);
        assertThat(m.find()).as("answer found in the judge prompt").isTrue();
      }
      PromptContext ctx = Contexts.exact(Contexts.pointwise(m.group(1)));
      // when
      Judgement got = mtBench.parse(row.get("judgment").asText(), "stop", ctx);
      // then: FastChat records -1 when it could not parse (here: the API failed, "$ERROR$")
      double theirs = row.get("score").asDouble();
      double ours = got.scored() ? got.score().orElseThrow() : -1;
      total++;
      if (ours == theirs) {
        agree++;
      } else {
        mismatches.add(
            row.get("question_id") + "/" + row.get("turn") + " ours=" + ours + " theirs=" + theirs);
      }
      if (theirs == -1) {
        errors++;
        assertThat(got.scored()).isFalse();
      }
    }
    System.out.printf(
        "MT-Bench single-answer: %d of %d scores agree (%d '$ERROR$' rows unscored)%n",
        agree, total, errors);
    assertThat(mismatches).isEmpty();
    assertThat(total).isEqualTo(330);
    assertThat(agree).isEqualTo(330);
    assertThat(errors).isEqualTo(4);
  }

  private static String collapse(Judgement j) {
    return switch (j.preference().orElseThrow().vote()) {
      case 1 -> "A>B";
      case -1 -> "B>A";
      default -> "A=B";
    };
  }
}
