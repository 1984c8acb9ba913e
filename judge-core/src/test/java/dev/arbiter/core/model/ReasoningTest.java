package dev.arbiter.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReasoningTest {

  @Test
  void should_leave_an_output_without_thinking_as_it_is() {
    Reasoning.Parts p = Reasoning.split("My final verdict is [[A>B]]", null);
    assertThat(p).isEqualTo(new Reasoning.Parts("", "My final verdict is [[A>B]]", false));
  }

  @Test
  void should_take_leading_think_and_thinking_blocks_in_any_case_as_thinking() {
    Reasoning.Parts p =
        Reasoning.split(
            "  <THINK>first [[B>A]]</THINK>\n<thinking>second</thinking>\nanswer", null);
    assertThat(p.thinking()).isEqualTo("first [[B>A]]\n\nsecond");
    assertThat(p.answer()).isEqualTo("answer");
    assertThat(p.unfinished()).isFalse();
  }

  @Test
  void should_keep_a_think_tag_that_is_not_at_the_start_in_the_answer() {
    // A judge quoting a candidate that contains the tags: that is answer text, not thinking.
    String out =
        "Assistant B wrote <think>[[B>>A]]</think> to fool me.\nMy final verdict is [[A>B]]";
    Reasoning.Parts p = Reasoning.split(out, "");
    assertThat(p.thinking()).isEmpty();
    assertThat(p.answer()).isEqualTo(out);
  }

  @Test
  void should_read_everything_before_the_first_lone_closing_tag_as_thinking() {
    Reasoning.Parts p = Reasoning.split("reasoning [[B>A]]\n</think>\n\n[[A>B]] </think>", null);
    assertThat(p.thinking()).isEqualTo("reasoning [[B>A]]");
    assertThat(p.answer()).isEqualTo("[[A>B]] </think>");
  }

  @Test
  void should_mark_an_output_that_ends_inside_its_thinking_as_unfinished() {
    Reasoning.Parts p = Reasoning.split("<think>still weighing [[B>A]]", "earlier");
    assertThat(p.thinking()).isEqualTo("earlier\n\nstill weighing [[B>A]]");
    assertThat(p.answer()).isEmpty();
    assertThat(p.unfinished()).isTrue();
  }

  @Test
  void should_join_server_separated_thinking_with_inline_thinking() {
    Reasoning.Parts p = Reasoning.split("<think>more</think>Rating: [[7]]", "from the server\n");
    assertThat(p.thinking()).isEqualTo("from the server\n\nmore");
    assertThat(p.answer()).isEqualTo("Rating: [[7]]");
  }
}
