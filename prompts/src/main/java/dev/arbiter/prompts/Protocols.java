package dev.arbiter.prompts;

import com.samskivert.mustache.Template;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.Mode;
import dev.arbiter.core.protocol.Protocol;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The registry of built-in judging protocols, and the entry point for bringing your own.
 *
 * <p>Built-ins, by id:
 *
 * <ul>
 *   <li>{@code json} (the default): the judge answers with a JSON object whose schema {@link
 *       Protocol#responseSchema} provides for structured output; pointwise, pairwise and listwise,
 *       with per-criterion scores and critiques when the context has a rubric.
 *   <li>{@code arena-hard}: pairwise; a critique ending in a label {@code [[A>>B]]} ... {@code
 *       [[B>>A]]} (Arena-Hard-Auto).
 *   <li>{@code mt-bench}: pointwise "Rating: [[n]]" and pairwise {@code [[A]]}/{@code [[B]]}/{@code
 *       [[C]]} (MT-Bench, FastChat llm_judge).
 *   <li>{@code prometheus}: pointwise "Feedback: ... [RESULT] n" and pairwise "[RESULT] A|B"
 *       (Prometheus and Prometheus 2).
 * </ul>
 *
 * <p>The pack of published judges, each with its authors' prompt and output format (see {@link
 * #card}): {@code deepseek-grm}, {@code rm-r1}, {@code judgelrm}, {@code rewardanything}, {@code
 * skywork-critic}, {@code auto-j}, {@code judgelm}, {@code pandalm}, {@code compass-judger}.
 *
 * <p>Every protocol renders the shared text (instructions, conversation, query, reference, rubric)
 * first and the candidates last, and fences untrusted text in tags whose closing code no fenced
 * text contains. Protocols are immutable and thread-safe.
 */
public final class Protocols {
  /** The id of the protocol used when none is named. */
  public static final String DEFAULT_ID = "json";

  private Protocols() {}

  /**
   * The built-in protocol with this id; "id@version" also works and checks the version.
   *
   * @throws InvalidInputException naming the known ids (and versions) when there is no such
   *     protocol
   */
  public static Protocol get(String id) {
    String name = id == null ? "" : id.strip().toLowerCase(Locale.ROOT);
    String version = null;
    int at = name.indexOf('@');
    if (at >= 0) {
      version = name.substring(at + 1);
      name = name.substring(0, at);
    }
    Protocol p = BuiltIns.ALL.get(name);
    if (p == null) {
      throw InvalidInputException.of(
          "protocol",
          "unknown protocol '" + id + "'; known protocols: " + String.join(", ", ids()));
    }
    if (version != null && !version.equals(p.version())) {
      throw InvalidInputException.of(
          "protocol",
          "protocol '" + name + "' has version " + p.version() + ", not '" + version + "'");
    }
    return p;
  }

  /** The built-in protocol with this id, or empty. */
  public static Optional<Protocol> find(String id) {
    return Optional.ofNullable(
        id == null ? null : BuiltIns.ALL.get(id.strip().toLowerCase(Locale.ROOT)));
  }

  /** The ids of the built-in protocols, sorted. */
  public static List<String> ids() {
    return BuiltIns.ALL.keySet().stream().sorted().toList();
  }

  /**
   * The card of a built-in protocol: what the judge writes, where the prompt and the parser come
   * from, and what was checked against the authors' own code ({@code arbiter protocol show}).
   *
   * @throws InvalidInputException naming the known ids when there is no such protocol
   */
  public static ProtocolCard card(String id) {
    Protocol p = get(id);
    return ProtocolPack.card(p)
        .orElseGet(() -> new ProtocolCard(p.id(), "", "", "", "", "", "no card"));
  }

  /** The default protocol ({@code json}). */
  public static Protocol defaultProtocol() {
    return get(DEFAULT_ID);
  }

  /**
   * A protocol from a Mustache template (the user message) and an output grammar file. The grammar
   * is a YAML or JSON file with either {@code regex} (named groups {@code score}, {@code
   * preference}, {@code ranking}, {@code critique}) or {@code jsonSchema}; any other file is read
   * as a bare regex. The protocol's id is the template's file name without extension, version "1".
   * See docs/protocols.md for the full format.
   *
   * @throws InvalidInputException naming the file, line and field when either file is unreadable or
   *     invalid
   */
  public static Protocol fromFiles(Path template, Path grammar) {
    return UserProtocols.fromFiles(template, grammar);
  }

  /**
   * A protocol from a descriptor file (YAML or JSON) that names its id, version, modes, templates
   * and output grammar; paths in it are relative to the descriptor. See docs/protocols.md.
   *
   * @throws InvalidInputException naming the file, line and field when the descriptor or a file it
   *     names is unreadable or invalid
   */
  public static Protocol fromDescriptor(Path descriptor) {
    return UserProtocols.fromDescriptor(descriptor);
  }

  /** Built once, on first use. */
  private static final class BuiltIns {
    static final Map<String, Protocol> ALL = build();

    private static Map<String, Protocol> build() {
      Map<String, Protocol> m = new LinkedHashMap<>();
      add(
          m,
          "json",
          "1",
          new JsonVerdictParser(),
          ctx -> Optional.of(JsonSchemas.of(ctx)),
          Mode.POINTWISE,
          Mode.PAIRWISE,
          Mode.LISTWISE);
      add(m, "arena-hard", "1", new ArenaHardParser(), ctx -> Optional.empty(), Mode.PAIRWISE);
      add(
          m,
          "mt-bench",
          "1",
          new MtBenchParser(),
          ctx -> Optional.empty(),
          Mode.POINTWISE,
          Mode.PAIRWISE);
      add(
          m,
          "prometheus",
          "1",
          new PrometheusParser(),
          ctx -> Optional.empty(),
          Mode.POINTWISE,
          Mode.PAIRWISE);
      m.putAll(ProtocolPack.protocols());
      return Map.copyOf(m);
    }

    private static void add(
        Map<String, Protocol> m,
        String id,
        String version,
        VerdictParser parser,
        java.util.function.Function<
                dev.arbiter.core.protocol.PromptContext,
                Optional<dev.arbiter.core.model.ResponseSchema>>
            schema,
        Mode... modes) {
      Map<Mode, Template> system = new EnumMap<>(Mode.class);
      Map<Mode, Template> user = new EnumMap<>(Mode.class);
      for (Mode mode : modes) {
        String base = id + "/" + mode.name().toLowerCase(Locale.ROOT);
        system.put(mode, Templates.builtin(base + ".system"));
        user.put(mode, Templates.builtin(base + ".user"));
      }
      m.put(id, new TemplatedProtocol(id, version, system, user, parser, schema));
    }
  }
}
