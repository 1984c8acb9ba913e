package dev.arbiter.onnx.reward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arbiter.core.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreferencePairsTest {
  @TempDir Path dir;

  @Test
  void should_take_the_last_assistant_turn_of_an_hh_dialogue_as_the_response() throws Exception {
    Path f = dir.resolve("hh.jsonl");
    Files.writeString(
        f,
        "{\"chosen\": \"\\n\\nHuman: hi\\n\\nAssistant: hello\\n\\nHuman: a joke?\\n\\nAssistant: Why did...\","
            + " \"rejected\": \"\\n\\nHuman: hi\\n\\nAssistant: hello\\n\\nHuman: a joke?\\n\\nAssistant: No.\"}\n");

    PreferencePair p = PreferencePairs.read(f).get(0);

    assertThat(p.query()).isEqualTo("\n\nHuman: hi\n\nAssistant: hello\n\nHuman: a joke?");
    assertThat(p.chosen()).isEqualTo("Why did...");
    assertThat(p.rejected()).isEqualTo("No.");
    assertThat(p.line()).isEqualTo(1);
  }

  @Test
  void should_read_arbiter_pairs_with_query_or_prompt() throws Exception {
    Path f = dir.resolve("pairs.jsonl");
    Files.write(
        f,
        List.of(
            "{\"id\": \"1\", \"query\": \"2+2?\", \"chosen\": \"4\", \"rejected\": \"5\"}",
            "",
            "{\"prompt\": \"3+3?\", \"chosen\": \"6\", \"rejected\": \"7\"}"));

    List<PreferencePair> ps = PreferencePairs.read(f);

    assertThat(ps)
        .extracting(PreferencePair::query)
        .containsExactly("\n\nHuman: 2+2?", "\n\nHuman: 3+3?");
    assertThat(ps.get(1).line()).isEqualTo(3);
  }

  @Test
  void should_name_file_line_and_field_of_bad_input() throws Exception {
    Path f = dir.resolve("bad.jsonl");
    Files.write(
        f,
        List.of(
            "{\"query\": \"q\", \"chosen\": \"a\", \"rejected\": \"b\"}",
            "{\"query\": \"q\", \"chosen\": \"a\"}"));
    Path noTurn = dir.resolve("noturn.jsonl");
    Files.writeString(
        noTurn, "{\"chosen\": \"just text\", \"rejected\": \"\\n\\nAssistant: x\"}\n");
    Path unknown = dir.resolve("unknown.jsonl");
    Files.writeString(unknown, "{\"chosen\": \"a\", \"rejected\": \"b\", \"winner\": 1}\n");
    Path notJson = dir.resolve("notjson.jsonl");
    Files.writeString(notJson, "{\"chosen\": \n");

    assertThatThrownBy(() -> PreferencePairs.read(f))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(f + ":2")
        .hasMessageContaining("field 'rejected': missing");
    assertThatThrownBy(() -> PreferencePairs.read(noTurn))
        .hasMessageContaining(noTurn + ":1")
        .hasMessageContaining("field 'chosen'")
        .hasMessageContaining("Assistant:");
    assertThatThrownBy(() -> PreferencePairs.read(unknown))
        .hasMessageContaining("field 'winner': unknown field");
    assertThatThrownBy(() -> PreferencePairs.read(notJson))
        .hasMessageContaining(notJson + ":1")
        .hasMessageContaining("not valid JSON");
  }
}
