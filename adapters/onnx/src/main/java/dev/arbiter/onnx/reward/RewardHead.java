package dev.arbiter.onnx.reward;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.internal.Hashing;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A trained reward head: a linear function of {@link RewardFeatures}, {@code reward = w · f +
 * bias}, with what it was trained on. Stored as JSON (a few KB).
 *
 * @param format always {@value #FORMAT}
 * @param version the file layout's version, 1
 * @param name a short name, part of the model id ({@code embedding-rm:NAME@SHA})
 * @param embeddingModel the embedding model the features came from, e.g. {@code
 *     all-MiniLM-L6-v2-q@1.8.0-beta15}
 * @param features the feature layout ({@value RewardFeatures#LAYOUT})
 * @param bias centres the rewards of the training responses on 0 (a Bradley-Terry fit leaves the
 *     offset free); it never changes a pairwise decision
 * @param weights one weight per feature
 * @param training how the head was made: command, data and its SHA-256, seed, split, accuracies
 */
@JsonPropertyOrder({
  "format",
  "version",
  "name",
  "embedding_model",
  "features",
  "bias",
  "weights",
  "training"
})
public record RewardHead(
    String format,
    int version,
    String name,
    @JsonProperty("embedding_model") String embeddingModel,
    String features,
    double bias,
    List<Float> weights,
    Map<String, Object> training) {
  /** The value of {@code format} in every head file. */
  public static final String FORMAT = "arbiter-embedding-rm";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .propertyNamingStrategy(
              com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .build();

  public RewardHead {
    if (!FORMAT.equals(format)) {
      throw InvalidInputException.of(
          "format", "expected '" + FORMAT + "' but was '" + format + "'");
    }
    if (version != 1) {
      throw InvalidInputException.of("version", "expected 1 but was " + version);
    }
    if (name == null || !NAME.matcher(name).matches()) {
      throw InvalidInputException.of(
          "name", "expected 1 to 64 letters, digits, '.', '_' or '-' but was '" + name + "'");
    }
    Objects.requireNonNull(embeddingModel, "embedding_model");
    if (!RewardFeatures.LAYOUT.equals(features)) {
      throw InvalidInputException.of(
          "features",
          "this Arbiter reads heads over features '"
              + RewardFeatures.LAYOUT
              + "' but the head has '"
              + features
              + "'");
    }
    if (!Double.isFinite(bias)) {
      throw InvalidInputException.of("bias", "must be a finite number but was " + bias);
    }
    if (weights == null || weights.isEmpty()) {
      throw InvalidInputException.of("weights", "missing");
    }
    for (int i = 0; i < weights.size(); i++) {
      Float w = weights.get(i);
      if (w == null || !Float.isFinite(w)) {
        throw InvalidInputException.of(
            "weights[" + i + "]", "must be a finite number but was " + w);
      }
    }
    weights = List.copyOf(weights);
    training =
        training == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(training));
  }

  /** A head with these weights (stored as floats: seven digits are plenty for a linear head). */
  static RewardHead of(
      String name,
      String embeddingModel,
      double bias,
      double[] weights,
      Map<String, Object> training) {
    List<Float> w = new java.util.ArrayList<>(weights.length);
    for (double v : weights) {
      w.add((float) v);
    }
    return new RewardHead(
        FORMAT, 1, name, embeddingModel, RewardFeatures.LAYOUT, bias, w, training);
  }

  /**
   * The first 12 hex digits of the SHA-256 of what decides rewards (embedding model, features,
   * bias, weights), so two heads with the same id score alike whatever their training notes say.
   */
  public String sha() {
    Map<String, Object> decisive = new LinkedHashMap<>();
    decisive.put("embedding_model", embeddingModel);
    decisive.put("features", features);
    decisive.put("bias", bias);
    decisive.put("weights", weights);
    return Hashing.sha256Json(decisive).substring(0, 12);
  }

  /** The model id verdicts carry: {@code embedding-rm:NAME@SHA}. */
  public String modelId() {
    return "embedding-rm:" + name + "@" + sha();
  }

  /** The weights as doubles. */
  double[] weightArray() {
    double[] w = new double[weights.size()];
    for (int i = 0; i < w.length; i++) {
      w[i] = weights.get(i);
    }
    return w;
  }

  /** A copy with other training notes (the weights, hence the model id, unchanged). */
  public RewardHead withTraining(Map<String, Object> notes) {
    return new RewardHead(format, version, name, embeddingModel, features, bias, weights, notes);
  }

  /**
   * Writes the head as JSON.
   *
   * @throws java.io.UncheckedIOException when the file cannot be written
   */
  public void write(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, MAPPER.writeValueAsString(this) + "\n");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads a head file.
   *
   * @throws InvalidInputException naming the file, line and field when it is not a head
   */
  public static RewardHead read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw InvalidInputException.of("--model", "no such file: " + file);
    }
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file.toString());
    } catch (IOException e) {
      throw new InvalidInputException(
          file.toString(), -1, null, "cannot read: " + e.getMessage(), e);
    }
  }

  /** Reads a head from a stream; {@code source} names it in errors. */
  static RewardHead read(InputStream in, String source) {
    try {
      return MAPPER.readValue(in, RewardHead.class);
    } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
      Throwable cause = e.getCause();
      String field =
          e.getPath().stream()
              .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
              .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b)
              .orElse(null);
      if (cause instanceof InvalidInputException ie) {
        field = ie.field().orElse(field);
        return rethrow(source, e, field, ie.problem());
      }
      return rethrow(source, e, field, e.getOriginalMessage());
    } catch (IOException e) {
      throw new InvalidInputException(source, -1, null, "not a reward head: " + e.getMessage(), e);
    }
  }

  private static RewardHead rethrow(
      String source,
      com.fasterxml.jackson.databind.JsonMappingException e,
      String field,
      String problem) {
    long line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
    throw new InvalidInputException(source, line, field, problem, e);
  }
}
