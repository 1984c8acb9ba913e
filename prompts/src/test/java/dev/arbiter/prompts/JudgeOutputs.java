package dev.arbiter.prompts;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Judge outputs for property tests: real-looking replies of every built-in protocol, and the same
 * replies mutated (characters inserted, deleted, replaced; pieces duplicated or cut off), the way a
 * truncated, garbled or adversarial generation looks.
 */
final class JudgeOutputs {
  private JudgeOutputs() {}

  static final List<String> SEEDS =
      List.of(
          "```json\n{\"score\": 7, \"critique\": \"Correct but terse.\"}\n```",
          "{\"preference\": \"A>B\", \"critique\": \"A cites {sources}.\"}",
          "{\"ranking\": [\"B\", \"A\", \"C\"], \"critique\": \"\"}",
          "The response is fine.\n{\"criteria\": [{\"id\": \"correctness\", \"score\": 4}], \"score\": 8}",
          "My final verdict is tie: [[A=B]]",
          "Assistant A is better. [[A>>B]] but see [[B>A]]",
          "Rating: [[8]]",
          "The answer [5] is close. Rating: [9.5]",
          "[[A]]",
          "$ERROR$",
          "Feedback: clear and correct. [RESULT] 4",
          "Both fail. [RESULT] B",
          "Good answer.\nScore: 3 out of 5.",
          "Result: Response A",
          "Right answer.\nScore: 9");

  private static final String NOISE = "{}[]\":,\\ \n\tAB<>=0123456789.RESULTScore[[]]```json";

  /** A seed, possibly mutated a few times. */
  static Arbitrary<String> mutated() {
    Arbitrary<String> seed = Arbitraries.of(SEEDS);
    return seed.flatMap(s -> mutations(s, 0));
  }

  private static Arbitrary<String> mutations(String s, int depth) {
    if (depth >= 4) {
      return Arbitraries.just(s);
    }
    Arbitrary<String> once = mutateOnce(s);
    return Arbitraries.oneOf(Arbitraries.just(s), once.flatMap(m -> mutations(m, depth + 1)));
  }

  private static Arbitrary<String> mutateOnce(String s) {
    int len = s.length();
    Arbitrary<Integer> at = Arbitraries.integers().between(0, len);
    Arbitrary<Character> ch = Arbitraries.of(NOISE.toCharArray());
    Arbitrary<String> insert =
        Combinators.combine(at, ch).as((i, c) -> s.substring(0, i) + c + s.substring(i));
    if (len == 0) {
      return insert;
    }
    Arbitrary<Integer> in = Arbitraries.integers().between(0, len - 1);
    Arbitrary<String> delete = in.map(i -> s.substring(0, i) + s.substring(i + 1));
    Arbitrary<String> replace =
        Combinators.combine(in, ch).as((i, c) -> s.substring(0, i) + c + s.substring(i + 1));
    Arbitrary<String> cut = in.map(i -> s.substring(0, i));
    Arbitrary<String> duplicate =
        Combinators.combine(in, in).as((a, b) -> s + s.substring(Math.min(a, b), Math.max(a, b)));
    return Arbitraries.oneOf(insert, delete, replace, cut, duplicate);
  }
}
