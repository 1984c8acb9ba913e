package dev.arbiter.prompts;

import dev.arbiter.core.Candidate;
import dev.arbiter.core.Criterion;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.Message;
import dev.arbiter.core.Mode;
import dev.arbiter.core.Role;
import dev.arbiter.core.protocol.PromptContext;
import dev.arbiter.core.verify.Evidence;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The values a template sees, built from a {@link PromptContext}. The names are part of the
 * documented template contract (docs/protocols.md), so user templates can rely on them.
 */
final class PromptView {
  /** Candidates are shown as the letters A to Z. */
  static final int MAX_CANDIDATES = 26;

  private PromptView() {}

  /** Checks the candidate count against the mode; names the mode and the count when it is off. */
  static void checkCandidates(PromptContext ctx) {
    int n = ctx.candidates().size();
    boolean ok =
        switch (ctx.mode()) {
          case POINTWISE -> n == 1;
          case PAIRWISE -> n == 2;
          case LISTWISE -> n >= 2 && n <= MAX_CANDIDATES;
        };
    if (!ok) {
      String expected =
          switch (ctx.mode()) {
            case POINTWISE -> "exactly 1";
            case PAIRWISE -> "exactly 2";
            case LISTWISE -> "2 to " + MAX_CANDIDATES;
          };
      throw InvalidInputException.of(
          "candidates",
          ctx.mode().name().toLowerCase(Locale.ROOT)
              + " judging needs "
              + expected
              + " candidates but got "
              + n);
    }
  }

  static Map<String, Object> of(PromptContext ctx) {
    return of(ctx, ImageSlots.forContext(ctx));
  }

  /**
   * The view, with each image of the context as a marker of {@code images} where it sits (see
   * {@link ImageSlots}).
   */
  static Map<String, Object> of(PromptContext ctx, ImageSlots images) {
    if (ctx.conversation().isEmpty()) {
      throw InvalidInputException.of("conversation", "must contain the user's query");
    }
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("pointwise", ctx.mode() == Mode.POINTWISE);
    v.put("pairwise", ctx.mode() == Mode.PAIRWISE);
    v.put("listwise", ctx.mode() == Mode.LISTWISE);
    v.put("count", ctx.candidates().size());
    v.put("scaleMin", Numbers.format(ctx.scale().min()));
    v.put("scaleMax", Numbers.format(ctx.scale().max()));
    // An example score for format lines ("Rating: [[5]]") that lies on the declared scale.
    v.put("scaleExample", Numbers.format(Math.ceil((ctx.scale().min() + ctx.scale().max()) / 2)));

    List<String> sharedTexts = new ArrayList<>();
    int lastUser = lastUserTurn(ctx.conversation());
    List<Map<String, Object>> history = new ArrayList<>();
    for (int i = 0; i < lastUser; i++) {
      Message m = ctx.conversation().get(i);
      history.add(Map.of("role", roleName(m.role()), "content", images.text(m.contentParts())));
      sharedTexts.add(m.content());
    }
    v.put("hasHistory", !history.isEmpty());
    v.put("history", history);
    Message last = ctx.conversation().get(lastUser);
    v.put("query", images.text(last.contentParts()));
    sharedTexts.add(last.content());
    v.put("hasReference", ctx.reference().isPresent());
    v.put("reference", ctx.reference().orElse(""));
    ctx.reference().ifPresent(sharedTexts::add);

    v.put("hasRubric", ctx.rubric().isPresent());
    List<Map<String, Object>> criteria = new ArrayList<>();
    ctx.rubric()
        .ifPresent(
            r -> {
              for (Criterion c : r.criteria()) {
                criteria.add(criterion(c));
                sharedTexts.add(c.description());
                sharedTexts.addAll(c.levels().values());
              }
            });
    v.put("criteria", criteria);
    v.put("rubricId", ctx.rubric().map(r -> r.id()).orElse(""));
    v.put("shared", Fence.boundary("shared", sharedTexts));

    List<String> candidateTexts = new ArrayList<>();
    List<Map<String, Object>> candidates = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    boolean anyEvidence = false;
    for (int i = 0; i < ctx.candidates().size(); i++) {
      Candidate c = ctx.candidates().get(i);
      List<Map<String, Object>> evidence = new ArrayList<>();
      for (Evidence e : ctx.evidence()) {
        if (e.candidateId().equals(c.id()) && e.informative()) {
          evidence.add(evidence(e));
          candidateTexts.add(e.detail());
        }
      }
      anyEvidence |= !evidence.isEmpty();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("label", Numbers.label(i));
      m.put("text", images.text(c.contentParts()));
      m.put("hasEvidence", !evidence.isEmpty());
      m.put("evidence", evidence);
      m.put("last", i == ctx.candidates().size() - 1);
      candidates.add(m);
      labels.add(Numbers.label(i));
      candidateTexts.add(c.text());
    }
    v.put("candidates", candidates);
    v.put("hasEvidence", anyEvidence);
    v.put("labels", String.join(", ", labels));
    v.put("firstLabel", labels.get(0));
    v.put("lastLabel", labels.get(labels.size() - 1));
    v.put("cand", Fence.boundary("candidates", candidateTexts));
    v.put("hasImages", images.any());
    return v;
  }

  private static Map<String, Object> criterion(Criterion c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", c.name());
    m.put("description", c.description());
    m.put("hasDescription", !c.description().isBlank());
    m.put("hardRule", c.kind() == Criterion.Kind.HARD_RULE);
    m.put("principle", c.kind() == Criterion.Kind.PRINCIPLE);
    m.put("binary", c.binary());
    m.put("graded", !c.binary());
    m.put("min", Numbers.format(c.scale().min()));
    m.put("max", Numbers.format(c.scale().max()));
    m.put("weight", Numbers.format(c.weight()));
    List<Map<String, Object>> levels = new ArrayList<>();
    c.levels().forEach((k, d) -> levels.add(Map.of("level", k, "description", d)));
    m.put("hasLevels", !levels.isEmpty());
    m.put("levels", levels);
    return m;
  }

  private static Map<String, Object> evidence(Evidence e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("verifier", e.verifierId());
    m.put("outcome", e.outcome().name().toLowerCase(Locale.ROOT));
    m.put("hasScore", e.score().isPresent() && e.outcome() == Evidence.Outcome.SCORE);
    m.put("score", e.score().map(Numbers::format).orElse(""));
    m.put("detail", e.detail());
    m.put("hasDetail", !e.detail().isBlank());
    return m;
  }

  private static int lastUserTurn(List<Message> conversation) {
    for (int i = conversation.size() - 1; i >= 0; i--) {
      if (conversation.get(i).role() == Role.USER) {
        return i;
      }
    }
    return conversation.size() - 1;
  }

  private static String roleName(Role r) {
    return switch (r) {
      case SYSTEM -> "System";
      case USER -> "User";
      case ASSISTANT -> "Assistant";
      case TOOL -> "Tool";
    };
  }
}
