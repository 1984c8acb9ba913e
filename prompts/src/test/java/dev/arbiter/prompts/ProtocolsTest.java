package dev.arbiter.prompts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.Judgement;
import dev.arbiter.core.Mode;
import dev.arbiter.core.protocol.PromptContext;
import dev.arbiter.core.protocol.Protocol;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProtocolsTest {

  @Test
  void should_list_the_built_in_protocol_ids_sorted() {
    assertThat(Protocols.ids())
        .containsExactly(
            "arena-hard",
            "auto-j",
            "compass-judger",
            "deepseek-grm",
            "json",
            "judgelm",
            "judgelrm",
            "mt-bench",
            "pandalm",
            "prometheus",
            "rewardanything",
            "rm-r1",
            "skywork-critic");
  }

  @Test
  void should_name_the_known_ids_when_the_id_is_unknown() {
    assertThatThrownBy(() -> Protocols.get("arena-easy"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("unknown protocol 'arena-easy'")
        .hasMessageContaining("arena-hard, auto-j, compass-judger, deepseek-grm, json");
  }

  @Test
  void should_check_the_version_when_the_id_names_one() {
    assertThat(Protocols.get("Arena-Hard@1").id()).isEqualTo("arena-hard");
    assertThatThrownBy(() -> Protocols.get("arena-hard@7"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("has version 1");
  }

  @Test
  void should_default_to_json_when_no_protocol_is_named() {
    assertThat(Protocols.defaultProtocol().id()).isEqualTo("json");
    assertThat(Protocols.find("nope")).isEmpty();
  }

  @Test
  void should_declare_the_modes_each_protocol_judges() {
    assertThat(Protocols.get("json").modes())
        .isEqualTo(Set.of(Mode.POINTWISE, Mode.PAIRWISE, Mode.LISTWISE));
    assertThat(Protocols.get("arena-hard").modes()).isEqualTo(Set.of(Mode.PAIRWISE));
    assertThat(Protocols.get("mt-bench").modes()).isEqualTo(Set.of(Mode.POINTWISE, Mode.PAIRWISE));
    assertThat(Protocols.get("prometheus").modes())
        .isEqualTo(Set.of(Mode.POINTWISE, Mode.PAIRWISE));
  }

  @Test
  void should_offer_a_response_schema_only_for_json() {
    PromptContext ctx = Contexts.pointwise("4");
    assertThat(Protocols.get("json").responseSchema(ctx)).isPresent();
    assertThat(Protocols.get("mt-bench").responseSchema(ctx)).isEmpty();
  }

  @Test
  void should_never_throw_when_parsing_garbage_in_any_protocol_and_mode() {
    // given: deterministic noise made of the characters verdict formats are built from
    Random random = new Random(42);
    String alphabet = "[]{}\"':,AB<>=CR0123456789.\n RESULTrating{}score\\";
    for (String id : Protocols.ids()) {
      Protocol p = Protocols.get(id);
      for (Mode mode : p.modes()) {
        PromptContext ctx =
            Contexts.of(
                mode,
                "q",
                switch (mode) {
                  case POINTWISE -> List.of("x");
                  case PAIRWISE -> List.of("x", "y");
                  case LISTWISE -> List.of("x", "y", "z");
                });
        for (int i = 0; i < 300; i++) {
          StringBuilder b = new StringBuilder();
          int n = random.nextInt(80);
          for (int k = 0; k < n; k++) {
            b.append(alphabet.charAt(random.nextInt(alphabet.length())));
          }
          // when
          Judgement j = p.parse(b.toString(), i % 2 == 0 ? "stop" : "length", ctx);
          // then: either a decision or a reason, never an exception
          assertThat(j.scored() || !j.reason().isBlank()).isTrue();
        }
      }
    }
  }

  @Test
  void should_return_unscored_when_the_output_is_empty_or_the_mode_is_not_judged() {
    Protocol arena = Protocols.get("arena-hard");
    assertThat(arena.parse("", "stop", Contexts.pairwise("a", "b")).reason())
        .isEqualTo("empty output");
    assertThat(arena.parse("", "length", Contexts.pairwise("a", "b")).reason())
        .contains("cut short");
    assertThat(arena.parse("[[A>B]]", "stop", Contexts.pointwise("a")).reason())
        .contains("does not judge pointwise");
  }
}
