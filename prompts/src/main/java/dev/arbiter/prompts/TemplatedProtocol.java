package dev.arbiter.prompts;

import com.samskivert.mustache.Template;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.Judgement;
import dev.arbiter.core.Message;
import dev.arbiter.core.Mode;
import dev.arbiter.core.model.ResponseSchema;
import dev.arbiter.core.protocol.PromptContext;
import dev.arbiter.core.protocol.Protocol;
import dev.arbiter.core.protocol.ProtocolDefaults;
import dev.arbiter.core.protocol.VerdictSlot;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A protocol made of Mustache templates (a system message and a user message per mode) and a
 * parser. Every built-in protocol and every user protocol is one of these.
 */
final class TemplatedProtocol implements Protocol {
  private final String id;
  private final String version;
  private final Map<Mode, Template> system;
  private final Map<Mode, Template> user;
  private final VerdictParser parser;
  private final Function<PromptContext, Optional<ResponseSchema>> schema;
  private final ProtocolDefaults defaults;

  TemplatedProtocol(
      String id,
      String version,
      Map<Mode, Template> system,
      Map<Mode, Template> user,
      VerdictParser parser,
      Function<PromptContext, Optional<ResponseSchema>> schema) {
    this(id, version, system, user, parser, schema, ProtocolDefaults.GENERIC);
  }

  TemplatedProtocol(
      String id,
      String version,
      Map<Mode, Template> system,
      Map<Mode, Template> user,
      VerdictParser parser,
      Function<PromptContext, Optional<ResponseSchema>> schema,
      ProtocolDefaults defaults) {
    this.defaults = defaults;
    this.id = id;
    this.version = version;
    this.system = new EnumMap<>(system);
    this.user = new EnumMap<>(user);
    this.parser = parser;
    this.schema = schema;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String version() {
    return version;
  }

  @Override
  public Set<Mode> modes() {
    return user.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(user.keySet()));
  }

  /**
   * {@inheritDoc}
   *
   * @throws InvalidInputException when the protocol does not judge the context's mode, or the
   *     number of candidates does not fit the mode
   */
  @Override
  public List<Message> render(PromptContext context) {
    checkMode(context.mode());
    PromptView.checkCandidates(context);
    ImageSlots images = ImageSlots.forContext(context);
    Map<String, Object> view = PromptView.of(context, images);
    List<Message> messages = new ArrayList<>(2);
    Template s = system.get(context.mode());
    if (s != null) {
      String text = Templates.render(s, view).strip();
      if (images.marks(text)) {
        throw InvalidInputException.of(
            "template",
            "protocol '"
                + id
                + "' shows the query or a candidate in its system message, which cannot hold"
                + " images; move them to the user template");
      }
      if (!text.isEmpty()) {
        messages.add(Message.system(text));
      }
    }
    String text = Templates.render(user.get(context.mode()), view).strip();
    // Images go back in place as content parts; text-only prompts stay one plain text turn.
    Message prompt = images.any() ? Message.user(images.split(text)) : Message.user(text);
    long shown = prompt.images().stream().map(i -> i.sha256()).distinct().count();
    long given = context.images().stream().map(i -> i.sha256()).distinct().count();
    if (shown < given) {
      throw InvalidInputException.of(
          "template",
          "protocol '"
              + id
              + "' shows "
              + shown
              + " of the "
              + given
              + " images of this request: its template leaves out the query or a candidate, so it"
              + " cannot judge images");
    }
    messages.add(prompt);
    return List.copyOf(messages);
  }

  @Override
  public Judgement parse(String text, String finishReason, PromptContext context) {
    if (text == null || text.isBlank()) {
      return Judgement.unscored(
          Verdicts.cutShort(finishReason)
              ? "output cut short (finish_reason=length) before any text"
              : "empty output",
          "");
    }
    if (!user.containsKey(context.mode())) {
      return Judgement.unscored(
          "protocol '" + id + "' does not judge " + modeName(context.mode()), text.strip());
    }
    try {
      return parser.parse(text, finishReason, context);
    } catch (RuntimeException e) {
      // The contract is "never throws for bad output"; a parser bug must not take a batch down.
      return Judgement.unscored("parser failed: " + e, text.strip());
    }
  }

  @Override
  public Optional<VerdictSlot> verdictSlot(
      String text, String finishReason, Judgement judgement, PromptContext context) {
    if (text == null || text.isBlank() || !user.containsKey(context.mode())) {
      return Optional.empty();
    }
    try {
      return parser.slot(text, finishReason, judgement, context);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  @Override
  public ProtocolDefaults defaults() {
    return defaults;
  }

  @Override
  public Optional<ResponseSchema> responseSchema(PromptContext context) {
    return user.containsKey(context.mode()) ? schema.apply(context) : Optional.empty();
  }

  @Override
  public String toString() {
    return id + "@" + version + " " + modes();
  }

  private void checkMode(Mode mode) {
    if (!user.containsKey(mode)) {
      throw InvalidInputException.of(
          "mode",
          "protocol '"
              + id
              + "' judges "
              + modes().stream().map(TemplatedProtocol::modeName).sorted().toList()
              + " but not "
              + modeName(mode));
    }
  }

  private static String modeName(Mode m) {
    return m.name().toLowerCase(Locale.ROOT);
  }
}
