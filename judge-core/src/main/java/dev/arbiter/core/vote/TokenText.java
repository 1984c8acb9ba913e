package dev.arbiter.core.vote;

import dev.arbiter.core.model.TokenLogprob;
import java.util.List;

/**
 * A sample's tokens concatenated, with where each token starts in the text.
 *
 * @param text the tokens' texts, one after another
 * @param starts the offset in {@code text} at which token i begins
 */
record TokenText(String text, int[] starts) {
  static TokenText of(List<TokenLogprob> tokens) {
    StringBuilder joined = new StringBuilder();
    int[] starts = new int[tokens.size()];
    for (int i = 0; i < tokens.size(); i++) {
      starts[i] = joined.length();
      joined.append(tokens.get(i).token());
    }
    return new TokenText(joined.toString(), starts);
  }
}
