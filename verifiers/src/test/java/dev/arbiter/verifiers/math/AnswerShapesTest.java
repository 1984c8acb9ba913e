package dev.arbiter.verifiers.math;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The answer shapes of issue 13, decided the way Math-Verify decides them: lists of answers and
 * several boxes, solution lists, labelled answers, intervals against inequalities, tuples against
 * sets.
 */
class AnswerShapesTest {

  private static final MathEquivalence MATH = MathEquivalence.standard();
  private static final MathEquivalence SET_RELATION =
      MathEquivalence.builder().allowSetRelationComparison(true).build();

  @ParameterizedTest(name = "{0} vs {1} -> {2}")
  @CsvSource(
      delimiterString = " => ",
      value = {
        // a set against several boxes joined by "and" or commas
        "$\\{1,2,3\\}$ => \\boxed{1}, \\boxed{2}, \\boxed{3} => true",
        "$\\{1,2,3\\}$ => The roots are \\boxed{3}, \\boxed{1} and \\boxed{2}. => true",
        "$\\{1,2,3\\}$ => \\boxed{1}, \\boxed{2} => false",
        "$\\{1,2,3\\}$ => $\\boxed{1,2,4}$ => false",
        // a corrected box does not join the answer: no "and", "or" or comma in between
        "$2$ => First \\boxed{1} no no no \\boxed{2} => true",
        // solution lists
        "$x_1 = 2, x_2 = -3$ => $\\boxed{2, -3}$ => true",
        "$x_1 = 2, x_2 = -3$ => $\\boxed{-3} \\text{ and } \\boxed{2}$ => true",
        "$x_1 = 2, x_2 = -3$ => $\\boxed{2, 3}$ => false",
        "$x_{1}=\\frac{1}{2},\\quadx_{2}=3$ => \\boxed{\\frac{1}{2}} and \\boxed{3} => true",
        // labelled answers
        "$|AB| = 1$ => $1$ => true",
        "$|AB| = 1$ => $2$ => false",
        "$p=5, q=2$ => $(5, 2)$ => true",
        "$p=5, q=2$ => $(2, 5)$ => false",
        "$p=5,q=2;p=7,q=2$ => $(5,2),(7,2)$ => true",
        "$p=5,q=2;p=7,q=2$ => $(5,2),(2,7)$ => false",
        "$19, 46, and 82$ => $19, 46, \\text{ and } 82$ => true",
        // an inequality in gold is answered by its interval
        "$1 < x \\le 3$ => $(1, 3]$ => true",
        "$1 < x \\le 3$ => $[1, 3]$ => false",
        "$1\\leq|z|\\leq \\frac{3}{2}$ => $[-\\frac{3}{2}, -1] \\cup [1, \\frac{3}{2}]$ => true",
        "$1\\leq|z|\\leq \\frac{3}{2}$ => $[1, \\frac{3}{2}]$ => false",
        // gold decides the form: an interval is not answered by an inequality (Math-Verify's
        // default; allowSetRelationComparison turns it on, below)
        "$(1, 3]$ => $1 < x \\le 3$ => false",
        // ordered tuples against sets
        "$(1, 2, 3)$ => $(1, 2, 3)$ => true",
        "$(1, 2, 3)$ => $(3, 2, 1)$ => false",
        "$\\{1, 2, 3\\}$ => $\\{3, 2, 1\\}$ => true",
        "$(1,2),(3,4)$ => $(3,4),(1,2)$ => true",
        "$(1,2),(3,4)$ => $(2,1),(4,3)$ => false",
      })
  void should_decide_each_answer_shape_like_math_verify(String gold, String pred, boolean same) {
    assertThat(MATH.compare(gold, pred).equivalent()).isEqualTo(same);
  }

  @ParameterizedTest(name = "{0} vs {1} -> {2}")
  @CsvSource(
      delimiterString = " => ",
      value = {
        "$(1, 3]$ => $1 < x \\le 3$ => true",
        "$(1, 3]$ => $1 \\le x \\le 3$ => false",
        "$[2, \\infty)$ => $x \\geq 2$ => true",
        "$(-\\infty, 0) \\cup (0, \\infty)$ => $x \\neq 0$ => true",
      })
  void should_accept_an_inequality_for_an_interval_when_set_relation_comparison_is_on(
      String gold, String pred, boolean same) {
    assertThat(SET_RELATION.compare(gold, pred).equivalent()).isEqualTo(same);
  }
}
