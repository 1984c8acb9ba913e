package dev.arbiter.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.core.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JudgeSpecsTest {

  static final String FULL =
      """
      models:
        - endpoint: http://127.0.0.1:8000/v1
          model: judge
          timeout_seconds: 30
      protocol:
        name: arena-hard
      scale: 1-5
      rubric:
        principles: ["Is it correct?", "Is it concise?"]
        hard_rule_cap: 0.2
      sampling:
        k: 5
        temperature: 0.9
        max_tokens: 512
        adaptive: true
      vote:
        method: median
        abstain_below: 0.5
      cache:
        store: /tmp/cache
        memory_entries: 100
      verifiers:
        enabled: false
      fusion: weighted
      tools:
        names: [calculator]
      concurrency:
        requests: 32
        model_calls: 64
      """;

  @Test
  void should_read_every_part_of_a_spec() {
    JudgeSpec s = JudgeSpecs.parse(FULL, "judge.yaml");

    assertThat(s.models())
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.endpoint()).isEqualTo("http://127.0.0.1:8000/v1");
              assertThat(m.model()).isEqualTo("judge");
              assertThat(m.apiKeyEnv()).isEqualTo("ARBITER_API_KEY");
              assertThat(m.timeoutSeconds()).isEqualTo(30);
            });
    assertThat(s.protocol().name()).isEqualTo("arena-hard");
    assertThat(s.parsedScale().max()).isEqualTo(5.0);
    assertThat(s.rubric().principles()).hasSize(2);
    assertThat(s.rubric().hardRuleCap()).isEqualTo(0.2);
    assertThat(s.sampling().k()).isEqualTo(5);
    assertThat(s.sampling().effectiveTemperature()).isEqualTo(0.9);
    assertThat(s.sampling().adaptive()).isTrue();
    assertThat(s.vote().method()).isEqualTo("median");
    assertThat(s.cache().store()).isEqualTo("/tmp/cache");
    assertThat(s.verifiers().enabled()).isFalse();
    assertThat(s.fusion()).isEqualTo("weighted");
    assertThat(s.tools().names()).containsExactly("calculator");
    assertThat(s.concurrency().requests()).isEqualTo(32);
    assertThat(s.concurrency().modelCalls()).isEqualTo(64);
  }

  @Test
  void should_give_defaults_for_an_empty_spec() {
    JudgeSpec s = JudgeSpecs.parse("", "empty.yaml");

    assertThat(s).isEqualTo(JudgeSpec.defaults());
    assertThat(s.sampling().k()).isEqualTo(1);
    assertThat(s.sampling().effectiveTemperature()).isEqualTo(0.0);
    assertThat(s.verifiers().enabled()).isTrue();
    assertThat(s.concurrency().requests()).isEqualTo(8);
  }

  @Test
  void should_name_file_line_and_field_of_an_unknown_field() {
    String text = "sampling:\n  k: 3\n  temprature: 0.5\n";

    assertThatThrownBy(() -> JudgeSpecs.parse(text, "judge.yaml"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("judge.yaml:3")
        .hasMessageContaining("sampling.temprature")
        .hasMessageContaining("temperature");
  }

  @Test
  void should_name_the_nested_field_of_a_bad_value() {
    String text = "models:\n  - endpoint: http://h:1/v1\n    model: m\nsampling:\n  k: 0\n";

    assertThatThrownBy(() -> JudgeSpecs.parse(text, "judge.yaml"))
        .isInstanceOf(InvalidInputException.class)
        .satisfies(
            e -> {
              InvalidInputException ie = (InvalidInputException) e;
              assertThat(ie.source()).contains("judge.yaml");
              assertThat(ie.field()).contains("sampling.k");
              assertThat(ie.line()).isEqualTo(5);
              assertThat(ie.problem()).isEqualTo("must be >= 1 but was 0");
            });
  }

  @Test
  void should_name_the_list_element_of_a_bad_endpoint() {
    String text = "models:\n  - endpoint: ftp://host\n    model: m\n";

    assertThatThrownBy(() -> JudgeSpecs.parse(text, "judge.yaml"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("models[0].endpoint")
        .hasMessageContaining("http://");
  }

  @Test
  void should_reject_a_value_of_the_wrong_type() {
    assertThatThrownBy(() -> JudgeSpecs.parse("sampling:\n  k: many\n", "judge.yaml"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("judge.yaml:2")
        .hasMessageContaining("sampling.k");
  }

  @Test
  void should_reject_a_guard_or_parse_mode_that_does_not_exist() {
    assertThatThrownBy(() -> JudgeSpecs.parse("guard: block\n", "s.yaml"))
        .hasMessageContaining("guard")
        .hasMessageContaining("[flag, penalize, abstain, off]");
    assertThat(JudgeSpecs.parse("guard: penalize\n", "s.yaml").guard()).isEqualTo("penalize");
    assertThat(JudgeSpecs.parse("fusion: cap\n", "s.yaml").guard()).isEqualTo("flag");
    assertThatThrownBy(() -> JudgeSpecs.parse("protocol:\n  parse: strict\n", "s.yaml"))
        .hasMessageContaining("protocol.parse");
    assertThat(JudgeSpecs.parse("protocol:\n  parse: exact\n", "s.yaml").protocol().parseMode())
        .isEqualTo(dev.arbiter.core.protocol.ParseMode.EXACT);
    assertThat(JudgeSpecs.parse("protocol:\n  parse: default\n", "s.yaml").protocol().parseMode())
        .isEqualTo(dev.arbiter.core.protocol.ParseMode.ROBUST);
  }

  @Test
  void should_let_overrides_win_over_the_file(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("judge.yaml");
    Files.writeString(file, FULL);
    ObjectNode overrides = JudgeSpecs.document();
    overrides.putObject("sampling").put("k", 9);
    overrides.put("fusion", "none");

    JudgeSpec s = JudgeSpecs.read(JudgeSpecs.merge(JudgeSpecs.tree(file), overrides), "x");

    assertThat(s.sampling().k()).isEqualTo(9);
    assertThat(s.sampling().maxTokens()).isEqualTo(512);
    assertThat(s.fusion()).isEqualTo("none");
    assertThat(s.models()).hasSize(1);
  }

  @Test
  void should_round_trip_through_yaml() {
    JudgeSpec s = JudgeSpecs.parse(FULL, "judge.yaml");

    assertThat(JudgeSpecs.parse(JudgeSpecs.toYaml(s), "shown.yaml")).isEqualTo(s);
  }

  @Test
  void should_redact_credentials_when_shown() {
    String text =
        "models:\n  - endpoint: https://user:s3cret@host/v1?api_key=abc\n    model: m\n"
            + "cache:\n  store: redis://:hunter2@127.0.0.1:6379\n";

    String shown = JudgeSpecs.toYaml(JudgeSpecs.parse(text, "s.yaml"));

    assertThat(shown)
        .doesNotContain("s3cret", "abc", "hunter2")
        .contains("***@host", "api_key=***");
  }

  @Test
  void should_report_a_missing_file() {
    assertThatThrownBy(() -> JudgeSpecs.load(Path.of("/no/such/spec.yaml")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("/no/such/spec.yaml")
        .hasMessageContaining("no such spec file");
  }

  @Test
  void should_read_a_profiles_directory_relative_to_the_spec_files_folder(@TempDir Path dir)
      throws Exception {
    // given: a spec in its own folder naming the profiles beside it
    Path profiles = Files.createDirectories(dir.resolve("judges/profiles"));
    Path file = dir.resolve("judges/judge.yaml");
    Files.writeString(file, "scale: 1-5\nprofiles: profiles\n");

    // when
    JudgeSpec s = JudgeSpecs.load(file);

    // then: the same directory whichever folder the command runs in
    assertThat(s.profiles()).isEqualTo(profiles.toString());
    assertThat(JudgeSpecs.tree(file).get("profiles").asText()).isEqualTo(profiles.toString());
    assertThat(JudgeSpecs.toYaml(s)).contains("profiles: " + profiles);
    assertThat(JudgeSpecs.toYaml(JudgeSpec.defaults())).doesNotContain("profiles");
  }

  @Test
  void should_name_file_line_and_field_of_a_profiles_directory_that_does_not_exist(
      @TempDir Path dir) throws Exception {
    Path file = dir.resolve("judge.yaml");
    Files.writeString(file, "scale: 1-5\nprofiles: nowhere\n");

    assertThatThrownBy(() -> JudgeSpecs.load(file))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(file + ":2")
        .hasMessageContaining("'profiles'")
        .hasMessageContaining("no such directory: " + dir.resolve("nowhere"));
    assertThatThrownBy(() -> JudgeSpecs.parse("profiles: \" \"\n", "blank.yaml"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("blank.yaml:1")
        .hasMessageContaining("'profiles'");
  }
}
