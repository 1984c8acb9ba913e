package dev.arbiter.eval.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbiter.core.Candidate;
import dev.arbiter.core.JudgeRequest;
import dev.arbiter.core.Mode;
import java.text.Normalizer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class TransformationsTest {

  private static final String PROSE =
      "The capital of France is Paris. It has been the capital since 987! Lyon is larger? No.";
  private static final String LIST = "Three primes:\n- 2\n- 3\n* 5\nThat is all.";
  private static final String MARKDOWN = "## Result\n\n**Paris** is the *capital*; use `x = 1`.";
  private static final String REFERENCE_LIST = "- Paris\n- France";
  private static final List<String> TEXTS = List.of(PROSE, LIST, MARKDOWN, "One line only");

  /** The transformations that only touch layout: the word multiset must not change. */
  private static final Set<String> WORD_PRESERVING =
      Set.of(
          "whitespace",
          "markdown-added",
          "markdown-removed",
          "list-to-prose",
          "prose-to-list",
          "unicode-lookalikes",
          "swap-labels",
          "reference-format");

  private static JudgeRequest pair(String a, String b, String reference) {
    JudgeRequest.Builder rb =
        JudgeRequest.builder()
            .id("p")
            .mode(Mode.PAIRWISE)
            .query("q")
            .candidate(Candidate.of("A", a))
            .candidate(Candidate.of("B", b));
    if (reference != null) {
      rb.reference(reference);
    }
    return rb.build();
  }

  private static Map<String, Integer> plus(Map<String, Integer> a, String added) {
    Map<String, Integer> m = new TreeMap<>(a);
    Transformations.words(added).forEach((k, v) -> m.merge(k, v, Integer::sum));
    return m;
  }

  @Test
  void should_offer_at_least_eight_transformations_with_distinct_names() {
    List<Transformation> all = Transformations.all();
    assertThat(all).hasSizeGreaterThanOrEqualTo(8);
    assertThat(all.stream().map(Transformation::name).distinct().count()).isEqualTo(all.size());
  }

  @Test
  void should_keep_every_candidates_words_under_the_layout_transformations() {
    for (Transformation t : Transformations.all()) {
      if (!WORD_PRESERVING.contains(t.name())) {
        continue;
      }
      for (String a : TEXTS) {
        for (String ref : new String[] {null, REFERENCE_LIST, "Paris."}) {
          JudgeRequest r = pair(a, PROSE, ref);
          var out = t.apply(r);
          if (out.isEmpty()) {
            continue;
          }
          for (Candidate c : out.get().candidates()) {
            String original =
                r.candidates().stream().filter(x -> x.id().equals(c.id())).findFirst().get().text();
            assertThat(Transformations.words(c.text()))
                .as(t.name() + " on " + original)
                .isEqualTo(Transformations.words(original));
          }
        }
      }
    }
  }

  @Test
  void should_apply_every_transformation_to_some_sample_pair() {
    for (Transformation t : Transformations.all()) {
      boolean applied =
          TEXTS.stream()
              .anyMatch(
                  a ->
                      t.apply(pair(a, PROSE, REFERENCE_LIST)).isPresent()
                          || t.apply(pair(a, LIST, "Paris.")).isPresent());
      assertThat(applied).as(t.name()).isTrue();
    }
  }

  @Test
  void should_only_add_the_label_words_for_the_prefixes_and_the_filler_words_for_the_filler() {
    var before = Transformations.words(PROSE);
    String answer = Transformations.byName("answer-prefix").get().rewrite().apply(PROSE, null);
    String finalAnswer =
        Transformations.byName("final-answer-prefix").get().rewrite().apply(PROSE, null);
    String filler = Transformations.byName("polite-filler").get().rewrite().apply(PROSE, null);

    assertThat(answer).isEqualTo("Answer: " + PROSE);
    assertThat(Transformations.words(answer)).isEqualTo(plus(before, "answer"));
    assertThat(Transformations.words(finalAnswer)).isEqualTo(plus(before, "final answer"));
    assertThat(filler).startsWith(PROSE).endsWith(Transformations.FILLER);
    assertThat(Transformations.words(filler)).isEqualTo(plus(before, Transformations.FILLER));
  }

  @Test
  void should_change_only_whitespace_under_the_whitespace_transformation() {
    String out = Transformations.whitespace(LIST);
    assertThat(out).isNotEqualTo(LIST).contains("- 2\n\n- 3");
    assertThat(out.replaceAll("\\s+", " ").strip()).isEqualTo(LIST.replaceAll("\\s+", " ").strip());
  }

  @Test
  void should_map_back_to_the_original_under_nfkc_after_the_unicode_lookalikes() {
    String out = Transformations.byName("unicode-lookalikes").get().rewrite().apply(PROSE, null);
    assertThat(out).isNotEqualTo(PROSE).doesNotContain(" ");
    assertThat(Normalizer.normalize(out, Normalizer.Form.NFKC)).isEqualTo(PROSE);
  }

  @Test
  void should_turn_a_bullet_list_into_prose_and_prose_into_a_bullet_list() {
    assertThat(Transformations.listToProse(LIST))
        .isEqualTo("Three primes:\n2. 3. 5.\nThat is all.");
    assertThat(Transformations.proseToList(PROSE))
        .isEqualTo(
            "- The capital of France is Paris.\n- It has been the capital since 987!\n"
                + "- Lyon is larger?\n- No.");
  }

  @Test
  void should_remove_markdown_but_keep_its_words() {
    assertThat(Transformations.markdownRemoved(MARKDOWN))
        .isEqualTo("Result\n\nParis is the capital; use x = 1.");
  }

  @Test
  void should_lay_candidates_out_like_the_reference() {
    // a list reference turns prose candidates into lists; a plain prose one strips markdown
    assertThat(Transformations.referenceFormat(PROSE, REFERENCE_LIST)).startsWith("- The capital");
    assertThat(Transformations.referenceFormat(MARKDOWN, "Paris.")).doesNotContain("**", "##");
  }

  @Test
  void should_swap_the_candidates_without_touching_their_text() {
    JudgeRequest r = pair(PROSE, LIST, null);
    JudgeRequest out = Transformations.byName("swap-labels").get().apply(r).get();
    assertThat(out.candidates()).containsExactly(r.candidates().get(1), r.candidates().get(0));
  }

  @Test
  void should_not_apply_a_transformation_that_changes_nothing() {
    // no markdown to remove, and no reference to copy the layout of
    JudgeRequest r = pair("plain words", "more plain words", null);
    assertThat(Transformations.byName("markdown-removed").get().apply(r)).isEmpty();
    assertThat(Transformations.byName("reference-format").get().apply(r)).isEmpty();
  }

  @Test
  void should_hold_ten_master_keys_in_several_languages() {
    assertThat(MasterKeys.ALL).hasSizeGreaterThanOrEqualTo(10);
    assertThat(MasterKeys.ALL.stream().map(MasterKeys.MasterKey::language).distinct())
        .contains("en", "zh", "ja", "es");
  }
}
