package dev.arbiter.prompts;

import dev.arbiter.core.Candidate;
import dev.arbiter.core.Criterion;
import dev.arbiter.core.Message;
import dev.arbiter.core.Mode;
import dev.arbiter.core.Rubric;
import dev.arbiter.core.Scale;
import dev.arbiter.core.protocol.PromptContext;
import dev.arbiter.core.verify.Evidence;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Small builders of prompt contexts for the tests. */
final class Contexts {
  private Contexts() {}

  static final Rubric RUBRIC =
      Rubric.of(
          "test-rubric",
          List.of(
              Criterion.hardRule("cites-sources", "Every factual claim names its source."),
              new Criterion(
                  "correctness",
                  "The answer is factually right.",
                  2,
                  Scale.ONE_TO_FIVE,
                  Criterion.Kind.PRINCIPLE,
                  Map.of(1, "wrong", 5, "fully correct"),
                  List.of()),
              Criterion.binaryPrinciple("concise", "No padding.")));

  static PromptContext pointwise(String candidate) {
    return of(Mode.POINTWISE, "What is 2+2?", List.of(candidate));
  }

  static PromptContext pairwise(String a, String b) {
    return of(Mode.PAIRWISE, "What is 2+2?", List.of(a, b));
  }

  static PromptContext of(Mode mode, String query, List<String> texts) {
    return new PromptContext(
        mode,
        List.of(Message.user(query)),
        candidates(texts),
        Optional.empty(),
        Optional.empty(),
        Scale.ONE_TO_TEN,
        List.of());
  }

  static PromptContext full(Mode mode, List<String> texts, List<Evidence> evidence) {
    return new PromptContext(
        mode,
        List.of(
            Message.system("Be brief."),
            Message.user("Hi"),
            Message.assistant("Hello!"),
            Message.user("What is the boiling point of water at sea level?")),
        candidates(texts),
        Optional.of("100 degrees Celsius."),
        Optional.of(RUBRIC),
        Scale.ONE_TO_TEN,
        evidence);
  }

  static PromptContext exact(PromptContext c) {
    return c.withParseMode(dev.arbiter.core.protocol.ParseMode.EXACT);
  }

  static PromptContext withScale(PromptContext c, Scale s) {
    return new PromptContext(
        c.mode(),
        c.conversation(),
        c.candidates(),
        c.reference(),
        c.rubric(),
        s,
        c.evidence(),
        c.parseMode());
  }

  static PromptContext withRubric(PromptContext c, Rubric r) {
    return new PromptContext(
        c.mode(),
        c.conversation(),
        c.candidates(),
        c.reference(),
        Optional.of(r),
        c.scale(),
        c.evidence(),
        c.parseMode());
  }

  static List<Candidate> candidates(List<String> texts) {
    List<Candidate> cs = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      cs.add(Candidate.of("cand-" + i, texts.get(i)));
    }
    return cs;
  }
}
