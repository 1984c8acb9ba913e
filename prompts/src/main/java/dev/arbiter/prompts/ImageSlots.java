package dev.arbiter.prompts;

import dev.arbiter.core.ContentPart;
import dev.arbiter.core.Criterion;
import dev.arbiter.core.Image;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.Message;
import dev.arbiter.core.protocol.PromptContext;
import dev.arbiter.core.verify.Evidence;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Carries images through a text template. Mustache renders text, so each image enters the view as a
 * marker ({@code <<image-N-CODE>>}) where it sits in its query, turn or candidate; after rendering,
 * {@link #split} cuts the text at the markers and puts the images back as content parts, in place.
 * So a candidate's image lands inside that candidate's fence, and a template that shows candidates
 * last shows their images last too.
 *
 * <p>The code is derived from every text of the prompt and checked to occur in none of them (as the
 * fences are): a candidate cannot write a marker that would pull an image into another place.
 */
final class ImageSlots {
  private final String code;
  private final Pattern marker;
  private final List<Image> images = new ArrayList<>();

  private ImageSlots(String code) {
    this.code = code;
    this.marker = Pattern.compile("<<image-(\\d+)-" + code + ">>");
  }

  /** Slots whose code none of the context's texts contains. */
  static ImageSlots forContext(PromptContext ctx) {
    List<String> texts = new ArrayList<>();
    for (Message m : ctx.conversation()) {
      texts.add(m.content());
    }
    ctx.reference().ifPresent(texts::add);
    ctx.rubric()
        .ifPresent(
            r -> {
              for (Criterion c : r.criteria()) {
                texts.add(c.name());
                texts.add(c.description());
                texts.addAll(c.levels().values());
              }
            });
    ctx.candidates().forEach(c -> texts.add(c.text()));
    ctx.evidence().stream().map(Evidence::detail).forEach(texts::add);
    return new ImageSlots(Fence.boundary("images", texts));
  }

  /** The text of {@code parts} with a marker for each image, parts joined by a line break. */
  String text(List<ContentPart> parts) {
    List<String> out = new ArrayList<>(parts.size());
    for (ContentPart p : parts) {
      switch (p) {
        case ContentPart.Text t -> out.add(t.text());
        case ContentPart.ImagePart i -> {
          out.add("<<image-" + images.size() + "-" + code + ">>");
          images.add(i.image());
        }
      }
    }
    return String.join("\n", out);
  }

  /** Whether any image was given a marker. */
  boolean any() {
    return !images.isEmpty();
  }

  /** Whether {@code rendered} holds a marker. */
  boolean marks(String rendered) {
    return any() && marker.matcher(rendered).find();
  }

  /**
   * The rendered text as content parts: text between markers, each marker replaced by its image.
   * Text without markers stays one text part.
   */
  List<ContentPart> split(String rendered) {
    List<ContentPart> parts = new ArrayList<>();
    Matcher m = marker.matcher(rendered);
    int from = 0;
    while (m.find()) {
      if (m.start() > from) {
        parts.add(ContentPart.text(rendered.substring(from, m.start())));
      }
      int index = Integer.parseInt(m.group(1));
      if (index >= images.size()) {
        throw InvalidInputException.of("template", "refers to an image the prompt does not have");
      }
      parts.add(ContentPart.image(images.get(index)));
      from = m.end();
    }
    if (from < rendered.length() || parts.isEmpty()) {
      parts.add(ContentPart.text(rendered.substring(from)));
    }
    return parts;
  }
}
