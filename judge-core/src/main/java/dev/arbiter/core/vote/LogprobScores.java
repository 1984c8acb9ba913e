package dev.arbiter.core.vote;

import dev.arbiter.core.Sample;
import dev.arbiter.core.Scale;
import dev.arbiter.core.model.TokenLogprob;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * G-Eval's probability-weighted score (Liu et al. 2023, "G-Eval: NLG Evaluation using GPT-4 with
 * Better Human Alignment"): instead of the one score the judge wrote, the expectation over the
 * scores it could have written at that token, weighted by their probabilities.
 *
 * <p>How the score token is found: the token texts are concatenated, and the parsed score is looked
 * for where protocols write it — the last {@code [[n]]} (MT-Bench "Rating: [[n]]"), else the last
 * JSON {@code "score": n}, else the last {@code [RESULT] n} (Prometheus), else the last {@code
 * Rating:/Score: n}, else the last standalone occurrence of the number. Whatever text the token
 * carries around the digits (a leading space, {@code "[["}) must also surround the digits of an
 * alternative for it to count; alternatives whose digits form an integer on the scale are kept,
 * their probabilities renormalised, and the expectation taken.
 */
public final class LogprobScores {
  private LogprobScores() {}

  private static final String NUM = "(-?\\d+(?:\\.\\d+)?)";
  private static final List<Pattern> WHERE_SCORES_ARE_WRITTEN =
      List.of(
          Pattern.compile("\\[\\[\\s*" + NUM + "\\s*\\]\\]"),
          Pattern.compile("\"score\"\\s*:\\s*\"?" + NUM),
          Pattern.compile("\\[RESULT\\]\\s*" + NUM),
          Pattern.compile("(?i)(?:rating|score)\\s*[:=]\\s*" + NUM),
          Pattern.compile("(?<![\\d.])" + NUM + "(?![\\d.])"));
  private static final Pattern INTEGER = Pattern.compile("\\s*(-?\\d+)\\s*");

  /**
   * The expected score of one sample, or empty — and then callers use the parsed score — when the
   * sample is unscored, has no logprobs (or no top alternatives at the score token), its parsed
   * score is not an integer, the score cannot be located in the tokens, its digits are split over
   * several tokens (e.g. "1","0" for 10), or no alternative is an integer on {@code scale}.
   */
  public static Optional<Double> expected(Sample sample, Scale scale) {
    if (!sample.judgement().scored() || sample.judgement().score().isEmpty()) {
      return Optional.empty();
    }
    double parsed = sample.judgement().score().get();
    List<TokenLogprob> tokens = sample.logprobs();
    if (tokens.isEmpty() || parsed != Math.rint(parsed)) {
      return Optional.empty();
    }
    TokenText joined = TokenText.of(tokens);
    int[] starts = joined.starts();
    int[] span = locate(joined.text(), parsed);
    if (span == null) {
      return Optional.empty();
    }
    int t = tokenAt(starts, span[0]);
    TokenLogprob tok = tokens.get(t);
    int tokEnd = starts[t] + tok.token().length();
    if (span[1] > tokEnd) {
      return Optional.empty();
    }
    String prefix = tok.token().substring(0, span[0] - starts[t]);
    String suffix = tok.token().substring(span[1] - starts[t]);
    TreeMap<Integer, Double> mass = new TreeMap<>();
    for (TokenLogprob.TopLogprob alt : tok.top()) {
      String s = alt.token();
      if (s.length() < prefix.length() + suffix.length()
          || !s.startsWith(prefix)
          || !s.endsWith(suffix)) {
        continue;
      }
      Matcher m = INTEGER.matcher(s.substring(prefix.length(), s.length() - suffix.length()));
      if (!m.matches()) {
        continue;
      }
      int v;
      try {
        v = Integer.parseInt(m.group(1));
      } catch (NumberFormatException e) {
        continue;
      }
      if (scale.contains(v) && Double.isFinite(alt.logprob())) {
        // Distinct tokens can spell one score (" 7" and "7"): their probabilities add up.
        mass.merge(v, Math.exp(alt.logprob()), Double::sum);
      }
    }
    double total = mass.values().stream().mapToDouble(Double::doubleValue).sum();
    if (mass.isEmpty() || total <= 0) {
      return Optional.empty();
    }
    double e = 0;
    for (var en : mass.entrySet()) {
      e += en.getKey() * en.getValue() / total;
    }
    return Optional.of(e);
  }

  /** [start, end) of the digits of {@code value} where the score is written, or null. */
  private static int[] locate(String text, double value) {
    for (Pattern p : WHERE_SCORES_ARE_WRITTEN) {
      Matcher m = p.matcher(text);
      int[] last = null;
      while (m.find()) {
        try {
          if (Double.parseDouble(m.group(1)) == value) {
            last = new int[] {m.start(1), m.end(1)};
          }
        } catch (NumberFormatException e) {
          // not a number after all: keep looking
        }
      }
      if (last != null) {
        return last;
      }
    }
    return null;
  }

  private static int tokenAt(int[] starts, int offset) {
    int i = java.util.Arrays.binarySearch(starts, offset);
    if (i >= 0) {
      // Empty tokens share a start: take the last token that begins here, the one with the text.
      while (i + 1 < starts.length && starts[i + 1] == offset) {
        i++;
      }
      return i;
    }
    return -i - 2;
  }
}
