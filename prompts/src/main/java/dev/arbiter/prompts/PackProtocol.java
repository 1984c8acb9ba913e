package dev.arbiter.prompts;

import com.samskivert.mustache.Template;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.Judgement;
import dev.arbiter.core.Message;
import dev.arbiter.core.Mode;
import dev.arbiter.core.Role;
import dev.arbiter.core.protocol.ParseMode;
import dev.arbiter.core.protocol.PromptContext;
import dev.arbiter.core.protocol.Protocol;
import dev.arbiter.core.protocol.ProtocolDefaults;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * A protocol of the pack of published judges ({@link ProtocolPack}): the authors' prompt as
 * Mustache templates, the authors' output format read by a parser that honours {@link
 * PromptContext#parseMode()}, the sampling defaults the authors judge with, and a {@link
 * ProtocolCard}.
 *
 * <p>Unlike Arbiter's own protocols, these render the published prompt word for word, without
 * Arbiter's fences: the trained judges among them were fine-tuned on exactly that text. Their
 * defence against a candidate's forged verdict is the parser's (only the final verdict at the
 * protocol's place counts), not the prompt's.
 */
final class PackProtocol implements Protocol {
  private final String id;
  private final String version;
  private final Map<Mode, Template> system;
  private final Map<Mode, Template> user;
  private final BiConsumer<PromptContext, Map<String, Object>> extraView;
  private final String userSuffix;
  private final VerdictParser parser;
  private final ProtocolDefaults defaults;
  private final ProtocolCard card;
  // The shared reading rules (empty output, unknown mode, a parser that throws) of every protocol.
  private final TemplatedProtocol reading;

  private PackProtocol(Builder b) {
    this.id = b.card.id();
    this.version = b.version;
    this.system = new EnumMap<>(b.system);
    this.user = new EnumMap<>(b.user);
    this.extraView = b.extraView;
    this.userSuffix = b.userSuffix;
    this.parser = b.parser;
    this.defaults = b.defaults;
    this.card = b.card;
    this.reading =
        new TemplatedProtocol(id, version, system, user, parser, c -> java.util.Optional.empty());
  }

  static Builder builder(ProtocolCard card) {
    return new Builder(card);
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
    return Set.copyOf(EnumSet.copyOf(user.keySet()));
  }

  @Override
  public ProtocolDefaults defaults() {
    return defaults;
  }

  ProtocolCard card() {
    return card;
  }

  /**
   * {@inheritDoc}
   *
   * @throws InvalidInputException when the protocol does not judge the context's mode, the number
   *     of candidates does not fit the mode, or the request carries images
   */
  @Override
  public List<Message> render(PromptContext context) {
    if (!user.containsKey(context.mode())) {
      throw InvalidInputException.of(
          "mode",
          "protocol '"
              + id
              + "' judges "
              + modes().stream().map(PackProtocol::modeName).sorted().toList()
              + " but not "
              + modeName(context.mode()));
    }
    PromptView.checkCandidates(context);
    if (!context.images().isEmpty()) {
      throw InvalidInputException.of(
          "images",
          "protocol '"
              + id
              + "' renders its authors' text-only prompt and cannot show the request's "
              + context.images().size()
              + " image(s); judge images with json, arena-hard, mt-bench or prometheus and a"
              + " vision model");
    }
    Map<String, Object> view = PromptView.of(context);
    view.put("question", question(context));
    view.put("responseA", context.candidates().get(0).text());
    view.put(
        "responseB", context.candidates().size() > 1 ? context.candidates().get(1).text() : "");
    extraView.accept(context, view);
    List<Message> messages = new ArrayList<>(2);
    Template s = system.get(context.mode());
    if (s != null) {
      messages.add(Message.system(Templates.render(s, view).strip()));
    }
    messages.add(
        Message.user(Templates.render(user.get(context.mode()), view).strip() + userSuffix));
    return List.copyOf(messages);
  }

  @Override
  public Judgement parse(String text, String finishReason, PromptContext context) {
    if (text != null
        && text.isBlank()
        && context.parseMode() == ParseMode.EXACT
        && !Verdicts.cutShort(finishReason)
        && user.containsKey(context.mode())) {
      // Exact mode hands even an empty answer to the authors' reading: some of them read it as a
      // tie, and published figures count it so.
      return parser.parse(text, finishReason, context);
    }
    return reading.parse(text, finishReason, context);
  }

  @Override
  public String toString() {
    return id + "@" + version + " " + modes();
  }

  /**
   * The user's question as the published single-turn prompts take it: the last user turn, with the
   * earlier turns of the conversation written before it ("User: ...", "Assistant: ...") so that a
   * multi-turn request loses no context.
   */
  static String question(PromptContext ctx) {
    int last = -1;
    for (int i = ctx.conversation().size() - 1; i >= 0; i--) {
      if (ctx.conversation().get(i).role() == Role.USER) {
        last = i;
        break;
      }
    }
    if (last <= 0) {
      return ctx.query();
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < last; i++) {
      Message m = ctx.conversation().get(i);
      sb.append(roleName(m.role())).append(": ").append(m.content()).append("\n\n");
    }
    return sb.append("User: ").append(ctx.query()).toString();
  }

  private static String roleName(Role r) {
    return switch (r) {
      case SYSTEM -> "System";
      case USER -> "User";
      case ASSISTANT -> "Assistant";
      case TOOL -> "Tool";
    };
  }

  private static String modeName(Mode m) {
    return m.name().toLowerCase(Locale.ROOT);
  }

  /** Builds a pack protocol; templates are the built-ins {@code <id>/<mode>.system|user}. */
  static final class Builder {
    private final ProtocolCard card;
    private String version = "1";
    private final Map<Mode, Template> system = new EnumMap<>(Mode.class);
    private final Map<Mode, Template> user = new EnumMap<>(Mode.class);
    private BiConsumer<PromptContext, Map<String, Object>> extraView = (c, v) -> {};
    private String userSuffix = "";
    private VerdictParser parser;
    private ProtocolDefaults defaults = ProtocolDefaults.GENERIC;

    private Builder(ProtocolCard card) {
      this.card = card;
    }

    /** A mode with a user template and, when {@code withSystem}, a system template. */
    Builder mode(Mode mode, boolean withSystem) {
      String base = card.id() + "/" + mode.name().toLowerCase(Locale.ROOT);
      if (withSystem) {
        system.put(mode, Templates.builtin(base + ".system"));
      }
      user.put(mode, Templates.builtin(base + ".user"));
      return this;
    }

    Builder extraView(BiConsumer<PromptContext, Map<String, Object>> extra) {
      this.extraView = extra;
      return this;
    }

    /** Text appended to the user message after the template (e.g. PandaLM's trailing newline). */
    Builder userSuffix(String suffix) {
      this.userSuffix = suffix;
      return this;
    }

    Builder parser(VerdictParser p) {
      this.parser = p;
      return this;
    }

    Builder defaults(int maxTokens, double temperature, boolean thinking) {
      this.defaults = new ProtocolDefaults(maxTokens, temperature, thinking);
      return this;
    }

    PackProtocol build() {
      if (parser == null || user.isEmpty()) {
        throw new IllegalStateException("protocol '" + card.id() + "' needs a parser and a mode");
      }
      return new PackProtocol(this);
    }
  }
}
