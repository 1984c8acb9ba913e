package dev.arbiter.onnx.reward;

import dev.arbiter.onnx.Embeddings;

/**
 * The features a head reads, from the sentence embeddings of the query {@code q} and of the
 * response {@code r} (both unit length, {@code d} dimensions): {@code [r, q ⊙ r, cos(q, r), ln(1 +
 * pieces(r))]}, {@code 2d + 2} values. {@code r} says what the response is about and how it is put;
 * {@code q ⊙ r} lets the head weigh agreement between query and response per dimension; the cosine
 * is their overall relatedness, and the log length in word pieces lets the head learn (and shows) a
 * length preference. A blank text embeds as the zero vector.
 *
 * <p>Features of the query alone would cancel in the Bradley-Terry difference of two responses to
 * the same query, so there are none. This follows the recipe of "Reusing Embeddings: Reproducible
 * Reward Model Research in Large Language Model Alignment without GPUs" (Sun et al., 2025): a small
 * head over frozen embeddings of query and response, here with a sentence-embedding model small
 * enough for a CPU.
 */
final class RewardFeatures {
  /** Names this feature layout in head files; a head with another layout is refused. */
  static final String LAYOUT = "r,q*r,cos,log1p-pieces/v1";

  private final Embeddings embeddings;

  RewardFeatures(Embeddings embeddings) {
    this.embeddings = embeddings;
  }

  int size() {
    return 2 * embeddings.dimension() + 2;
  }

  /** The embedding of {@code text}; zeros for blank text. */
  float[] embed(String text) {
    if (text.isBlank() || embeddings.wordPieces(text) == 0) {
      return new float[embeddings.dimension()];
    }
    return embeddings.embed(text);
  }

  /** The features of a response {@code response} to a query whose embedding is {@code q}. */
  double[] of(float[] q, String response) {
    float[] r = embed(response);
    int d = q.length;
    double[] f = new double[2 * d + 2];
    double dot = 0;
    for (int i = 0; i < d; i++) {
      f[i] = r[i];
      f[d + i] = (double) q[i] * r[i];
      dot += (double) q[i] * r[i];
    }
    f[2 * d] = dot; // both unit length (or zero): the dot product is the cosine
    f[2 * d + 1] = Math.log1p(response.isBlank() ? 0 : embeddings.wordPieces(response));
    return f;
  }
}
