package dev.arbiter.core;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;

/**
 * One response being judged. {@code id} is how verdicts refer back to it ("A", "B", a model name, a
 * row id). A candidate may be, or hold, images: then {@code parts} lists its text and images in
 * order and {@code text} is its text alone (what verifiers read).
 *
 * @param id how verdicts name the candidate
 * @param text the response's text (for one with images: its text parts joined by a line break)
 * @param parts text and images in order when the candidate has an image; empty otherwise
 */
public record Candidate(
    String id, String text, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ContentPart> parts) {
  public Candidate {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(text, "text");
    if (id.isBlank()) {
      throw InvalidInputException.of("candidate.id", "must not be blank");
    }
    parts = ContentPart.normalise("candidate.text", text, parts);
  }

  public Candidate(String id, String text) {
    this(id, text, List.of());
  }

  public static Candidate of(String id, String text) {
    return new Candidate(id, text);
  }

  /** A candidate of text and images in order. */
  public static Candidate of(String id, List<ContentPart> parts) {
    return new Candidate(id, ContentPart.textOf(parts), parts);
  }

  /** A candidate that is one image. */
  public static Candidate image(String id, Image image) {
    return of(id, List.of(ContentPart.image(image)));
  }

  /** Whether the candidate holds an image. */
  public boolean hasImages() {
    return !parts.isEmpty();
  }

  /** The candidate's images, in order. */
  @JsonIgnore
  public List<Image> images() {
    return ContentPart.imagesOf(parts);
  }

  /** The content in order: {@code parts}, or the text as one part for a text-only candidate. */
  @JsonIgnore
  public List<ContentPart> contentParts() {
    return parts.isEmpty() ? List.of(ContentPart.text(text)) : parts;
  }
}
