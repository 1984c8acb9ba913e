package dev.arbiter.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.Judge;
import dev.arbiter.core.JudgeRequest;
import dev.arbiter.core.Message;
import dev.arbiter.core.Mode;
import dev.arbiter.core.model.ScriptedJudgeModel;
import dev.arbiter.core.testing.LabelProtocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProtocolSpiTest {

  @Test
  void should_read_parse_modes_by_name_in_any_case_and_name_a_bad_one() {
    assertThat(ParseMode.parse("exact")).isEqualTo(ParseMode.EXACT);
    assertThat(ParseMode.parse(" Robust ")).isEqualTo(ParseMode.ROBUST);
    assertThatThrownBy(() -> ParseMode.parse("strict"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("parse")
        .hasMessageContaining("strict");
  }

  @Test
  void should_give_a_protocol_that_says_nothing_the_generic_defaults() {
    assertThat(new LabelProtocol().defaults()).isEqualTo(ProtocolDefaults.GENERIC);
    assertThat(ProtocolDefaults.GENERIC.maxCompletionTokens()).isEqualTo(1024);
  }

  @Test
  void should_refuse_defaults_without_a_budget_or_with_a_negative_temperature() {
    assertThatThrownBy(() -> new ProtocolDefaults(0, 0.0, false))
        .hasMessageContaining("maxCompletionTokens");
    assertThatThrownBy(() -> new ProtocolDefaults(100, -1, false))
        .hasMessageContaining("temperature");
  }

  @Test
  void should_hand_the_judges_parse_mode_to_the_protocol_in_the_context() {
    // given a protocol that records the context it parses with
    List<ParseMode> seen = new ArrayList<>();
    LabelProtocol label = new LabelProtocol();
    Protocol recording =
        new Protocol() {
          @Override
          public String id() {
            return label.id();
          }

          @Override
          public String version() {
            return label.version();
          }

          @Override
          public java.util.Set<Mode> modes() {
            return label.modes();
          }

          @Override
          public List<Message> render(PromptContext context) {
            return label.render(context);
          }

          @Override
          public dev.arbiter.core.Judgement parse(
              String text, String finishReason, PromptContext context) {
            seen.add(context.parseMode());
            return label.parse(text, finishReason, context);
          }
        };
    JudgeRequest req = JudgeRequest.builder().id("r").query("q").candidate("a", "x").build();
    ScriptedJudgeModel model = ScriptedJudgeModel.of("m", (r, i) -> "SCORE: 5");
    // when
    Judge.builder().model(model).protocol(recording).build().judge(req);
    Judge.builder().model(model).protocol(recording).parseMode(ParseMode.EXACT).build().judge(req);
    // then
    assertThat(seen).containsExactly(ParseMode.ROBUST, ParseMode.EXACT);
  }

  @Test
  void should_keep_everything_but_the_mode_when_a_context_changes_parse_mode() {
    PromptContext ctx =
        new PromptContext(
            Mode.POINTWISE,
            List.of(Message.user("q")),
            List.of(),
            Optional.empty(),
            Optional.empty(),
            dev.arbiter.core.Scale.ONE_TO_TEN,
            List.of());
    assertThat(ctx.parseMode()).isEqualTo(ParseMode.ROBUST);
    PromptContext exact = ctx.withParseMode(ParseMode.EXACT);
    assertThat(exact.parseMode()).isEqualTo(ParseMode.EXACT);
    assertThat(exact.withParseMode(ParseMode.ROBUST)).isEqualTo(ctx);
  }
}
