package dev.arbiter.prompts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;

/**
 * {@link JsonExtractor} finds exactly the objects the former quadratic extractor found ({@link
 * ReferenceJsonExtractor}), in linear time.
 */
class JsonExtractorTest {

  private static List<String> raw(JsonExtractor.Found f) {
    return f.objects().stream().map(JsonExtractor.Region::raw).toList();
  }

  private static List<String> raw(ReferenceJsonExtractor.Found f) {
    return f.objects().stream().map(ReferenceJsonExtractor.Region::raw).toList();
  }

  @Property(tries = 3000)
  void should_find_the_same_objects_as_the_reference_in_brace_and_quote_soup(
      @ForAll
          @StringLength(max = 80)
          @Chars({'{', '}', '[', ']', '"', ':', ',', '\\', 'a', '1', ' '})
          String text) {
    JsonExtractor.Found found = JsonExtractor.objects(text);
    ReferenceJsonExtractor.Found expected = ReferenceJsonExtractor.objects(text);
    assertThat(raw(found)).isEqualTo(raw(expected));
    // "Not closed" now means the text ended inside an object: never claimed when the old rule
    // (brackets never balanced) would not have claimed it either.
    if (found.unclosed()) {
      assertThat(expected.unclosed()).isTrue();
    }
  }

  @Property(tries = 1000, edgeCases = EdgeCasesMode.NONE)
  void should_find_the_same_objects_as_the_reference_in_mutated_judge_outputs(
      @ForAll("mutatedOutputs") String text) {
    assertThat(raw(JsonExtractor.objects(text)))
        .isEqualTo(raw(ReferenceJsonExtractor.objects(text)));
  }

  @Provide
  Arbitrary<String> mutatedOutputs() {
    return JudgeOutputs.mutated();
  }

  @Example
  void should_resume_after_an_object_and_skip_braces_inside_strings() {
    String text =
        "Set {a, b}. He wrote `{\"` here.\n```json\n{\"score\": 4, \"critique\": \"{not}\"}\n```"
            + " and {\"score\": 4,}";
    assertThat(raw(JsonExtractor.objects(text)))
        .containsExactly("{\"score\": 4, \"critique\": \"{not}\"}", "{\"score\": 4,}");
  }

  @Example
  void should_say_not_closed_only_when_the_text_ends_inside_an_object() {
    assertThat(JsonExtractor.objects("{\"score\": 5, \"critique\": \"The ans").unclosed()).isTrue();
    assertThat(JsonExtractor.objects("{\"score\": 5").unclosed()).isTrue();
    assertThat(JsonExtractor.objects("{\"score\": 5} {\"score\"").unclosed()).isFalse();
    assertThat(JsonExtractor.objects("no object").unclosed()).isFalse();
  }

  @Example
  void should_not_take_an_object_nested_deeper_than_the_limit_but_find_its_shallow_parts() {
    String deep = "{\"a\":".repeat(JsonExtractor.MAX_DEPTH + 5) + "1" + "}".repeat(205);
    List<String> found = raw(JsonExtractor.objects(deep));
    assertThat(found).hasSize(1);
    assertThat(found.get(0)).startsWith("{\"a\":{").hasSizeLessThan(deep.length());
  }

  /**
   * Shapes that made the former extractor quadratic (each '{' re-scanned to the end of the text) or
   * that make two parses of opposite string phase run side by side. At 200 000 characters the
   * former one needs minutes; the time limit is a guard against a regression to quadratic time, far
   * above what the linear scan needs (milliseconds; docs/benchmarks.md has the measurements).
   */
  @Example
  void should_stay_linear_on_adversarial_brace_and_quote_runs() {
    int n = 200_000;
    List<String> inputs =
        List.of(
            "{".repeat(n),
            "{\"a\":".repeat(n / 5),
            "\"{".repeat(n / 2),
            "{\"".repeat(n / 2),
            "[{".repeat(n / 2),
            "{\"k\":\"{\\\"".repeat(n / 8),
            "{\"a\":1,".repeat(n / 7) + "x");
    assertTimeoutPreemptively(
        Duration.ofSeconds(5),
        () -> {
          for (String text : inputs) {
            JsonExtractor.objects(text);
          }
        });
  }
}
