package dev.arbiter.core.vote;

import dev.arbiter.core.Judgement;
import dev.arbiter.core.Preference;
import dev.arbiter.core.Scale;
import dev.arbiter.core.VerdictDistribution;
import dev.arbiter.core.model.TokenLogprob;
import dev.arbiter.core.protocol.VerdictSlot;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a {@link VerdictDistribution} from one sample's token logprobs at the {@link VerdictSlot}
 * its protocol pointed to.
 *
 * <p><b>Alignment.</b> The tokens are concatenated; the final answer (the text the protocol parsed,
 * thinking removed) must be what they end with, so a server that also returns the thinking's tokens
 * (vLLM with a reasoning parser, or inline {@code <think>} blocks) still aligns, and the slot is
 * counted from where the answer begins: a token in the thinking can never be the one read. Tokens
 * that do not end with the answer (a detokenizer that changed the text, a multi-byte character
 * split over tokens) give no distribution.
 *
 * <p><b>The token.</b> The one token holding the slot's first character must hold the whole slot: a
 * score spelt over two tokens (a tokenizer writing "10" as "1", "0") gives none. Around the slot
 * the token may carry other text (a leading space, brackets); an alternative counts when, white
 * space aside, it carries the same text around a verdict: an integer on the scale for a score slot,
 * one of the slot's labels for a label slot. The sampled token counts too, even when the server did
 * not list it among the top alternatives. Alternatives that spell the same verdict add up; the
 * result is renormalised.
 *
 * <p>The sampled token must spell the verdict the protocol parsed; otherwise the slot and the parse
 * disagree and no distribution is given.
 */
public final class VerdictDistributions {
  private VerdictDistributions() {}

  private static final Pattern INTEGER = Pattern.compile("-?\\d{1,6}");

  /**
   * The distribution at {@code slot} of {@code answer}, or empty when the logprobs cannot be
   * aligned with the answer, the slot is not inside one token, or no alternative spells a verdict.
   *
   * @param tokens the sample's logprobs (may cover the thinking too)
   * @param answer the final answer the protocol parsed
   * @param slot where the protocol read the verdict in {@code answer}
   * @param judgement what the protocol parsed
   * @param scale the scale a score must lie on
   */
  public static Optional<VerdictDistribution> of(
      List<TokenLogprob> tokens,
      String answer,
      VerdictSlot slot,
      Judgement judgement,
      Scale scale) {
    if (tokens.isEmpty() || !judgement.scored() || slot.end() > answer.length()) {
      return Optional.empty();
    }
    TokenText joined = TokenText.of(tokens);
    int[] starts = joined.starts();
    int offset = answerOffset(joined.text(), answer);
    if (offset < 0) {
      return Optional.empty();
    }
    int from = offset + slot.start();
    int to = offset + slot.end();
    int t = tokenAt(starts, tokens, from);
    if (t < 0) {
      return Optional.empty();
    }
    TokenLogprob tok = tokens.get(t);
    if (to > starts[t] + tok.token().length()) {
      return Optional.empty();
    }
    String before = tok.token().substring(0, from - starts[t]).strip();
    String after = tok.token().substring(to - starts[t]).strip();

    Optional<Object> sampled = meaning(tok.token(), before, after, slot, scale);
    Object parsed =
        slot.isLabel()
            ? judgement.preference().orElse(null)
            : judgement.score().map(Double::doubleValue).orElse(null);
    if (sampled.isEmpty() || !sampled.get().equals(parsed)) {
      return Optional.empty();
    }
    Map<Object, Double> mass = new HashMap<>();
    Set<String> seen = new LinkedHashSet<>();
    List<TokenLogprob.TopLogprob> alternatives = new ArrayList<>(tok.top());
    alternatives.add(new TokenLogprob.TopLogprob(tok.token(), tok.logprob()));
    for (TokenLogprob.TopLogprob alt : alternatives) {
      if (!seen.add(alt.token()) || !Double.isFinite(alt.logprob())) {
        continue;
      }
      double p = Math.exp(alt.logprob());
      meaning(alt.token(), before, after, slot, scale)
          .ifPresent(v -> mass.merge(v, p, Double::sum));
    }
    double total = mass.values().stream().mapToDouble(Double::doubleValue).sum();
    if (!(total > 0)) {
      return Optional.empty();
    }
    Map<Double, Double> scores = new HashMap<>();
    Map<Preference, Double> preferences = new EnumMap<>(Preference.class);
    for (var en : mass.entrySet()) {
      double p = en.getValue() / total;
      if (en.getKey() instanceof Preference pref) {
        preferences.put(pref, p);
      } else {
        scores.put((Double) en.getKey(), p);
      }
    }
    return Optional.of(new VerdictDistribution(t, scores, preferences, Math.min(1.0, total)));
  }

  /** Where {@code answer} starts in the tokens' text, or -1 when the tokens do not end with it. */
  static int answerOffset(String joined, String answer) {
    if (answer.isEmpty()) {
      return -1;
    }
    if (joined.endsWith(answer)) {
      return joined.length() - answer.length();
    }
    String j = joined.stripTrailing();
    String a = answer.stripTrailing();
    return !a.isEmpty() && j.endsWith(a) ? j.length() - a.length() : -1;
  }

  /** The token holding character {@code offset} (the last non-empty one starting there). */
  private static int tokenAt(int[] starts, List<TokenLogprob> tokens, int offset) {
    for (int i = starts.length - 1; i >= 0; i--) {
      if (starts[i] <= offset && offset < starts[i] + tokens.get(i).token().length()) {
        return i;
      }
    }
    return -1;
  }

  /** What a token spells at the slot: a score (Double) or a preference, or empty. */
  private static Optional<Object> meaning(
      String token, String before, String after, VerdictSlot slot, Scale scale) {
    String core = token.strip();
    if (core.length() < before.length() + after.length()
        || !core.startsWith(before)
        || !core.endsWith(after)) {
      return Optional.empty();
    }
    String middle = core.substring(before.length(), core.length() - after.length()).strip();
    if (slot.isLabel()) {
      return Optional.ofNullable(slot.labels().get(middle));
    }
    if (!INTEGER.matcher(middle).matches()) {
      return Optional.empty();
    }
    double v = Integer.parseInt(middle);
    return scale.contains(v) ? Optional.of(v) : Optional.empty();
  }
}
