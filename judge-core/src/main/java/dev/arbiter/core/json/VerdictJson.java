package dev.arbiter.core.json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.core.Composition;
import dev.arbiter.core.CriterionScore;
import dev.arbiter.core.OrderDecision;
import dev.arbiter.core.Preference;
import dev.arbiter.core.Sample;
import dev.arbiter.core.Usage;
import dev.arbiter.core.Verdict;
import dev.arbiter.core.guard.GuardFinding;
import dev.arbiter.core.internal.Json;
import dev.arbiter.core.verify.Evidence;

/**
 * The verdict wire format: one JSON object per judged record, the same for a CLI output line, a
 * server response and a Spark row. Field names are snake_case and stable; see docs/cli.md for the
 * full list.
 */
public final class VerdictJson {
  private VerdictJson() {}

  /** A verdict as an output line; {@code withSamples} adds every sample's raw text. */
  public static ObjectNode of(long line, Verdict v, boolean withSamples) {
    ObjectNode o = Json.mapper().createObjectNode();
    o.put("id", v.requestId());
    o.put("line", line);
    o.put("mode", v.mode().name().toLowerCase(java.util.Locale.ROOT));
    o.put("status", v.status().name());
    if (!v.reason().isEmpty()) {
      o.put("reason", v.reason());
    }
    v.score().ifPresent(s -> o.put("score", s));
    v.normalizedScore().ifPresent(s -> o.put("normalized_score", s));
    v.preference().ifPresent(p -> o.put("preference", p.label()));
    if (!v.orders().isEmpty()) {
      ArrayNode orders = o.putArray("orders");
      for (OrderDecision d : v.orders()) {
        ObjectNode od = orders.addObject();
        od.put("order", d.order() == 0 ? "original" : "swapped");
        od.put("decision", d.decision().map(Preference::label).orElse(null));
        od.put("vote", d.vote());
        od.set("votes", Json.mapper().valueToTree(d.confidence().distribution()));
      }
    }
    v.positionConsistent().ifPresent(c -> o.put("position_consistent", c));
    if (!v.ranking().isEmpty()) {
      o.set("ranking", Json.mapper().valueToTree(v.ranking()));
    }
    if (!v.candidateScores().isEmpty()) {
      o.set("candidate_scores", Json.mapper().valueToTree(v.candidateScores()));
    }
    if (!v.criterionScores().isEmpty()) {
      ArrayNode cs = o.putArray("criteria");
      for (CriterionScore c : v.criterionScores()) {
        ObjectNode n = cs.addObject();
        n.put("name", c.criterion());
        n.put("score", c.score());
        if (!c.critique().isEmpty()) {
          n.put("critique", c.critique());
        }
      }
    }
    ObjectNode conf = o.putObject("confidence");
    conf.put("agreement", v.confidence().agreement());
    conf.put("entropy", v.confidence().entropy());
    v.confidence().stdDev().ifPresent(s -> conf.put("std_dev", s));
    conf.put("scored_samples", v.confidence().scoredSamples());
    conf.put("unscored_samples", v.confidence().unscoredSamples());
    conf.set("distribution", Json.mapper().valueToTree(v.confidence().distribution()));
    if (!v.evidence().isEmpty()) {
      ArrayNode ev = o.putArray("evidence");
      for (Evidence e : v.evidence()) {
        ObjectNode n = ev.addObject();
        n.put("verifier", e.verifierId());
        n.put("version", e.verifierVersion());
        n.put("candidate", e.candidateId());
        n.put("outcome", e.outcome().name());
        e.score().ifPresent(s -> n.put("score", s));
        n.put("detail", e.detail());
        n.put("millis", e.duration().toMillis());
      }
    }
    if (!v.guard().isEmpty()) {
      ArrayNode gs = o.putArray("guard");
      for (GuardFinding g : v.guard()) {
        gs.addObject()
            .put("candidate", g.candidateId())
            .put("kind", g.kind().name())
            .put("start", g.start())
            .put("end", g.end())
            .put("excerpt", g.excerpt());
      }
    }
    if (!v.critiques().isEmpty()) {
      o.put("critique", v.critiques().get(0).text());
    }
    if (withSamples && !v.samples().isEmpty()) {
      ArrayNode ss = o.putArray("samples");
      for (Sample s : v.samples()) {
        ObjectNode n = ss.addObject();
        n.put("index", s.index());
        n.put("order", s.order());
        n.put("text", s.text());
        if (!s.reasoning().isEmpty()) {
          // The judge's thinking, kept for audit; the verdict was read from "text" alone.
          n.put("reasoning", s.reasoning());
        }
        n.put("finish_reason", s.finishReason());
        n.put("scored", s.judgement().scored());
        if (!s.judgement().scored()) {
          n.put("unscored_reason", s.judgement().reason());
        }
        n.put("cached", s.cached());
        s.verdictDistribution().ifPresent(d -> verdictToken(n.putObject("verdict_token"), d));
        if (!s.transcript().isEmpty()) {
          ArrayNode t = n.putArray("transcript");
          for (dev.arbiter.core.Message m : s.transcript()) {
            ObjectNode turn = t.addObject();
            turn.put("role", m.role().wireName());
            turn.put("content", m.content());
            m.toolCallId().ifPresent(id -> turn.put("tool_call_id", id));
            if (!m.toolCalls().isEmpty()) {
              ArrayNode calls = turn.putArray("tool_calls");
              m.toolCalls()
                  .forEach(
                      c ->
                          calls
                              .addObject()
                              .put("id", c.id())
                              .put("name", c.name())
                              .put("arguments", c.argumentsJson()));
            }
          }
        }
      }
    }
    v.composition().ifPresent(c -> composition(o, c));
    o.set("usage", usage(v.usage()));
    ObjectNode p = o.putObject("provenance");
    p.put("model", v.provenance().model());
    v.provenance().modelRevision().ifPresent(r -> p.put("model_revision", r));
    p.put("protocol", v.provenance().protocolId() + "@" + v.provenance().protocolVersion());
    v.provenance().rubricHash().ifPresent(h -> p.put("rubric_hash", h));
    p.put("samples", v.provenance().sampling().samples());
    p.put("temperature", v.provenance().sampling().temperature());
    return o;
  }

  /** An error record for a line that could not be judged. */
  public static ObjectNode error(long line, String id, String kind, String reason, String field) {
    ObjectNode o = Json.mapper().createObjectNode();
    o.put("id", id);
    o.put("line", line);
    o.put("status", "ERROR");
    o.put("error_kind", kind);
    o.put("reason", reason);
    if (field != null) {
      o.put("field", field);
    }
    return o;
  }

  /**
   * A panel's members ({@code panel}) or a cascade's deciding stage ({@code stage}) and the stages
   * it consulted ({@code cascade}), each member's decision in brief.
   */
  private static void composition(ObjectNode o, Composition c) {
    if (c.kind() == Composition.Kind.CASCADE) {
      c.stage().ifPresent(s -> o.put("stage", s));
    }
    ArrayNode members = o.putArray(c.kind() == Composition.Kind.PANEL ? "panel" : "cascade");
    for (Composition.Member m : c.members()) {
      Verdict v = m.verdict();
      ObjectNode n = members.addObject();
      n.put("judge", m.name());
      if (c.kind() == Composition.Kind.PANEL) {
        n.put("weight", m.weight());
      }
      n.put("model", v.provenance().model());
      n.put("status", v.status().name());
      if (!v.reason().isEmpty()) {
        n.put("reason", v.reason());
      }
      v.score().ifPresent(s -> n.put("score", s));
      v.normalizedScore().ifPresent(s -> n.put("normalized_score", s));
      v.preference().ifPresent(p -> n.put("preference", p.label()));
      if (!v.ranking().isEmpty()) {
        n.set("ranking", Json.mapper().valueToTree(v.ranking()));
      }
      n.put("agreement", v.confidence().agreement());
      n.set("usage", usage(v.usage()));
    }
  }

  static ObjectNode usage(Usage u) {
    ObjectNode n = Json.mapper().createObjectNode();
    n.put("calls", u.calls());
    n.put("prompt_tokens", u.promptTokens());
    n.put("completion_tokens", u.completionTokens());
    n.put("cached_prompt_tokens", u.cachedPromptTokens());
    n.put("cache_hits", u.cacheHits());
    n.put("cache_misses", u.cacheMisses());
    n.put("reasoning_tokens", u.reasoningTokens());
    return n;
  }

  /**
   * A sample's probabilities at its verdict token: the token's index, the probability mass the
   * verdict alternatives held, and per score (with the expected score) or per preference label.
   */
  private static void verdictToken(ObjectNode o, dev.arbiter.core.VerdictDistribution d) {
    o.put("token", d.token());
    o.put("mass", d.mass());
    if (!d.scores().isEmpty()) {
      ObjectNode scores = o.putObject("scores");
      d.scores()
          .forEach(
              (k, p) ->
                  scores.put(k == Math.rint(k) ? Long.toString(k.longValue()) : k.toString(), p));
      d.expectedScore().ifPresent(e -> o.put("expected_score", e));
    } else {
      ObjectNode prefs = o.putObject("preferences");
      d.preferences().forEach((k, p) -> prefs.put(k.label(), p));
      o.put("preference_for_a", d.preferenceForA());
    }
  }
}
