package dev.arbiter.prompts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.Judgement;
import dev.arbiter.core.Message;
import dev.arbiter.core.Mode;
import dev.arbiter.core.Preference;
import dev.arbiter.core.protocol.PromptContext;
import dev.arbiter.core.protocol.Protocol;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserProtocolsTest {
  @TempDir Path dir;

  private Path write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  private static final String TEMPLATE =
      "Question: {{query}}\n{{#hasReference}}Reference: {{reference}}\n{{/hasReference}}"
          + "{{> common/candidates}}\n";

  @Test
  void should_render_a_user_template_with_the_built_in_candidate_fences() throws IOException {
    // given
    Protocol p =
        Protocols.fromFiles(
            write("terse.mustache", TEMPLATE),
            write("terse.txt", "(?s)(?<critique>.*)Score:\\s*(?<score>\\d+)"));
    // when
    List<Message> messages = p.render(Contexts.pointwise("Four."));
    // then
    assertThat(p.id()).isEqualTo("terse");
    assertThat(p.version()).isEqualTo("1");
    assertThat(p.modes()).isEqualTo(Set.of(Mode.POINTWISE));
    assertThat(messages).hasSize(1);
    assertThat(messages.get(0).content())
        .startsWith("Question: What is 2+2?\n")
        .containsPattern("<response-A-[0-9a-f]{10}>\nFour.\n</response-A-[0-9a-f]{10}>$");
  }

  @Test
  void should_parse_with_a_bare_regex_grammar() throws IOException {
    Protocol p =
        Protocols.fromFiles(
            write("t.mustache", TEMPLATE),
            write("g.regex", "(?s)(?<critique>.*?)Score:\\s*(?<score>\\d+(?:\\.\\d+)?)"));
    Judgement j = p.parse("Right answer.\nScore: 9", "stop", Contexts.pointwise("4"));
    assertThat(j.score()).contains(9.0);
    assertThat(j.critique()).isEqualTo("Right answer.");
    assertThat(p.parse("Score: 12", "stop", Contexts.pointwise("4")).reason()).contains("outside");
    assertThat(p.parse("nothing", "stop", Contexts.pointwise("4")).scored()).isFalse();
  }

  @Test
  void should_map_matched_labels_to_preferences_with_a_yaml_grammar() throws IOException {
    // given
    Path grammar =
        write(
            "pair.yaml",
            """
            regex: 'Winner:\\s*(?<preference>first|second|neither)'
            flags: [ignorecase]
            labels: {first: "A>B", second: "B>A", neither: "A=B"}
            """);
    Protocol p = Protocols.fromFiles(write("pair.mustache", TEMPLATE), grammar);
    PromptContext ctx = Contexts.pairwise("4", "5");
    // then
    assertThat(p.modes()).isEqualTo(Set.of(Mode.PAIRWISE));
    assertThat(p.parse("A is right. WINNER: First", "stop", ctx).preference())
        .contains(Preference.A_BETTER);
    assertThat(p.parse("Winner: neither", "stop", ctx).preference()).contains(Preference.TIE);
    // no pick declared: the last match decides; in exact mode all must agree
    assertThat(p.parse("Winner: first ... Winner: second", "stop", ctx).preference())
        .contains(Preference.B_BETTER);
    assertThat(p.parse("Winner: first ... Winner: second", "stop", Contexts.exact(ctx)).reason())
        .startsWith("conflicting preferences");
  }

  @Test
  void should_let_the_last_match_decide_when_the_grammar_says_so() throws IOException {
    Path grammar = write("g.yaml", "regex: 'Score: (?<score>\\d+)'\npick: last\n");
    Protocol p = Protocols.fromFiles(write("t.mustache", TEMPLATE), grammar);
    assertThat(p.parse("Score: 3 ... Score: 7", "stop", Contexts.pointwise("x")).score())
        .contains(7.0);
  }

  @Test
  void should_read_a_listwise_ranking_with_a_regex_grammar() throws IOException {
    Path grammar = write("g.yaml", "regex: 'Ranking: (?<ranking>[A-Z ,>]+)'\n");
    Protocol p = Protocols.fromFiles(write("t.mustache", TEMPLATE), grammar);
    PromptContext ctx = Contexts.of(Mode.LISTWISE, "q", List.of("a", "b", "c"));
    assertThat(p.parse("Ranking: C > A > B", "stop", ctx).ranking()).containsExactly(2, 0, 1);
    assertThat(p.parse("Ranking: C > A", "stop", ctx).reason()).contains("lists 2 of 3");
  }

  @Test
  void should_load_a_descriptor_with_a_json_schema_grammar() throws IOException {
    // given
    write(
        "verdict.schema.json",
        """
        {"type": "object",
         "properties": {"reasoning": {"type": "string"},
                        "winner": {"type": "string", "enum": ["1", "2", "tie"]}},
         "required": ["reasoning", "winner"]}
        """);
    write("system.mustache", "You compare answers{{#hasRubric}} with a rubric{{/hasRubric}}.");
    write("user.mustache", TEMPLATE);
    Path descriptor =
        write(
            "judge.yaml",
            """
            id: my-judge
            version: "3"
            modes: [pairwise]
            system: system.mustache
            template: user.mustache
            grammar:
              jsonSchema: verdict.schema.json
              fields: {preference: /winner, critique: /reasoning}
              labels: {"1": "A>B", "2": "B>A", tie: "A=B"}
            """);
    // when
    Protocol p = Protocols.fromDescriptor(descriptor);
    PromptContext ctx = Contexts.pairwise("4", "5");
    // then
    assertThat(p.id()).isEqualTo("my-judge");
    assertThat(p.version()).isEqualTo("3");
    assertThat(p.render(ctx).get(0).content()).isEqualTo("You compare answers.");
    assertThat(p.responseSchema(ctx).orElseThrow().schemaJson()).contains("\"winner\"");
    Judgement j =
        p.parse("```json\n{\"reasoning\": \"B is off\", \"winner\": \"1\"}\n```", "stop", ctx);
    assertThat(j.preference()).contains(Preference.A_BETTER);
    assertThat(j.critique()).isEqualTo("B is off");
    assertThat(p.parse("{\"reasoning\": \"x\", \"winner\": \"3\"}", "stop", ctx).reason())
        .startsWith("the JSON object does not match the grammar's schema");
  }

  @Test
  void should_name_the_file_line_and_variable_when_a_template_uses_an_unknown_variable()
      throws IOException {
    Path template = write("bad.mustache", "Question: {{query}}\nAnswer: {{answr}}\n");
    assertThatThrownBy(() -> Protocols.fromFiles(template, write("g.txt", "(?<score>\\d+)")))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> {
              assertThat(e.source()).contains(template.toString());
              assertThat(e.line()).isEqualTo(2);
              assertThat(e.field()).contains("answr");
            });
  }

  @Test
  void should_name_the_file_when_a_template_does_not_compile() throws IOException {
    Path template = write("broken.mustache", "Question: {{#query}}\n");
    assertThatThrownBy(() -> Protocols.fromFiles(template, write("g.txt", "(?<score>\\d+)")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(template.toString())
        .hasMessageContaining("field 'template'");
  }

  @Test
  void should_name_the_field_when_the_grammar_is_invalid() throws IOException {
    Path t = write("t.mustache", TEMPLATE);
    assertThatThrownBy(() -> Protocols.fromFiles(t, write("a.yaml", "regex: '(?<score>\\d+'\n")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("a.yaml")
        .hasMessageContaining("field 'regex': not a valid regular expression");
    assertThatThrownBy(() -> Protocols.fromFiles(t, write("b.yaml", "regex: '\\d+'\n")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("field 'regex': has no named group");
    assertThatThrownBy(
            () ->
                Protocols.fromFiles(
                    t, write("c.yaml", "regex: '(?<preference>\\w)'\nlabels: {x: 'A>>>B'}\n")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("field 'labels.x'");
    assertThatThrownBy(
            () -> Protocols.fromFiles(t, write("d.yaml", "regex: '(?<score>\\d)'\npik: last\n")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("field 'pik': unknown field");
  }

  @Test
  void should_name_the_line_when_a_descriptor_is_not_valid_yaml() throws IOException {
    Path d = write("judge.yaml", "id: x\ntemplate: t.mustache\ngrammar: [unclosed\n");
    assertThatThrownBy(() -> Protocols.fromDescriptor(d))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> {
              assertThat(e.source()).contains(d.toString());
              assertThat(e.line()).isGreaterThan(0);
            });
  }

  @Test
  void should_name_the_field_when_a_descriptor_is_incomplete_or_inconsistent() throws IOException {
    write("t.mustache", TEMPLATE);
    Path noId = write("a.yaml", "template: t.mustache\ngrammar: {regex: '(?<score>\\d)'}\n");
    assertThatThrownBy(() -> Protocols.fromDescriptor(noId))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("a.yaml: field 'id': is required");
    Path wrongMode =
        write(
            "b.yaml",
            "id: b\nmodes: [pairwise]\ntemplate: t.mustache\ngrammar: {regex: '(?<score>\\d)'}\n");
    assertThatThrownBy(() -> Protocols.fromDescriptor(wrongMode))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("field 'modes': pairwise needs a 'preference' group or field");
    Path unknownMode =
        write(
            "c.yaml",
            "id: c\nmodes: [groupwise]\ntemplate: t.mustache\ngrammar: {regex: '(?<score>\\d)'}\n");
    assertThatThrownBy(() -> Protocols.fromDescriptor(unknownMode))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("field 'modes'")
        .hasMessageContaining("groupwise");
    Path extra =
        write(
            "d.yaml",
            "id: d\ntemplate: t.mustache\nprompt: x\ngrammar: {regex: '(?<score>\\d)'}\n");
    assertThatThrownBy(() -> Protocols.fromDescriptor(extra))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("field 'prompt': unknown field");
  }
}
