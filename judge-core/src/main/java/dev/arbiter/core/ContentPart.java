package dev.arbiter.core;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One piece of a query, candidate or message that mixes text and images, in reading order: the
 * OpenAI chat content part ({@code {"type": "text"}} or {@code {"type": "image_url"}}).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = ContentPart.Text.class, name = "text"),
  @JsonSubTypes.Type(value = ContentPart.ImagePart.class, name = "image")
})
public sealed interface ContentPart {

  /** A text part. */
  record Text(String text) implements ContentPart {
    public Text {
      Objects.requireNonNull(text, "text");
    }
  }

  /** An image part. */
  record ImagePart(Image image) implements ContentPart {
    public ImagePart {
      Objects.requireNonNull(image, "image");
    }
  }

  /** A text part. */
  static ContentPart text(String text) {
    return new Text(text);
  }

  /** An image part. */
  static ContentPart image(Image image) {
    return new ImagePart(image);
  }

  /**
   * The text of {@code parts} without the images: the text parts joined by a line break. This is
   * what text-only readers (verifiers, guards, logs) see of mixed content.
   */
  static String textOf(List<ContentPart> parts) {
    List<String> texts = new ArrayList<>();
    for (ContentPart p : parts) {
      if (p instanceof Text t) {
        texts.add(t.text());
      }
    }
    return String.join("\n", texts);
  }

  /** The images among {@code parts}, in order. */
  static List<Image> imagesOf(List<ContentPart> parts) {
    List<Image> images = new ArrayList<>();
    for (ContentPart p : parts) {
      if (p instanceof ImagePart i) {
        images.add(i.image());
      }
    }
    return List.copyOf(images);
  }

  /**
   * Checks a component pair used by {@link Message} and {@link Candidate}: {@code parts} are kept
   * only when they hold an image (a text-only value is its text alone), and then {@code text} must
   * be their {@link #textOf text}.
   *
   * @return the parts to store: a copy, or empty for text-only content
   */
  static List<ContentPart> normalise(String field, String text, List<ContentPart> parts) {
    if (parts == null || parts.isEmpty()) {
      return List.of();
    }
    List<ContentPart> copy = List.copyOf(parts);
    if (!textOf(copy).equals(text)) {
      throw InvalidInputException.of(
          field, "must be the text of the parts (text parts joined by a line break)");
    }
    return imagesOf(copy).isEmpty() ? List.of() : copy;
  }
}
