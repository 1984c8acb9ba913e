package dev.arbiter.prompts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.resource.DisallowSchemaLoader;
import com.samskivert.mustache.MustacheException;
import com.samskivert.mustache.Template;
import dev.arbiter.core.Candidate;
import dev.arbiter.core.Criterion;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.Message;
import dev.arbiter.core.Mode;
import dev.arbiter.core.Preference;
import dev.arbiter.core.Rubric;
import dev.arbiter.core.Scale;
import dev.arbiter.core.model.ResponseSchema;
import dev.arbiter.core.protocol.PromptContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Loads user-brought protocols: a Mustache template plus an output grammar. */
final class UserProtocols {
  private static final ObjectMapper YAML = new YAMLMapper();
  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final Set<String> DESCRIPTOR_KEYS =
      Set.of("id", "version", "modes", "system", "template", "grammar");
  private static final Set<String> GRAMMAR_KEYS =
      Set.of("regex", "flags", "labels", "pick", "jsonSchema", "fields");
  private static final Set<String> FIELD_NAMES =
      Set.of("score", "preference", "ranking", "critique");
  private static final Pattern MUSTACHE_LINE = Pattern.compile("@ line (\\d+)");

  private UserProtocols() {}

  static TemplatedProtocol fromFiles(Path template, Path grammar) {
    String name = template.getFileName().toString();
    int dot = name.indexOf('.');
    String id = dot > 0 ? name.substring(0, dot) : name;
    Grammar g = grammarFile(grammar);
    Set<Mode> modes = g.modes(grammar.toString(), Optional.empty());
    return build(id, "1", modes, Optional.empty(), template, g);
  }

  static TemplatedProtocol fromDescriptor(Path descriptor) {
    String src = descriptor.toString();
    JsonNode d = readTree(descriptor);
    if (!d.isObject()) {
      throw new InvalidInputException(src, -1, null, "expected a mapping of protocol fields");
    }
    checkKeys(src, d, DESCRIPTOR_KEYS, "");
    String id = requiredText(src, d, "id");
    String version = d.hasNonNull("version") ? d.get("version").asText() : "1";
    if (version.isBlank()) {
      throw new InvalidInputException(src, -1, "version", "must not be blank");
    }
    Path dir = descriptor.toAbsolutePath().getParent();
    Path template = dir.resolve(requiredText(src, d, "template"));
    Optional<Path> system =
        d.hasNonNull("system")
            ? Optional.of(dir.resolve(d.get("system").asText()))
            : Optional.empty();
    JsonNode gNode = d.get("grammar");
    if (gNode == null || gNode.isNull()) {
      throw new InvalidInputException(src, -1, "grammar", "is required");
    }
    Grammar g =
        gNode.isTextual()
            ? grammarFile(dir.resolve(gNode.asText()))
            : grammar(src, gNode, dir, "grammar.");
    Optional<Set<Mode>> declared = Optional.empty();
    if (d.has("modes")) {
      JsonNode ms = d.get("modes");
      if (!ms.isArray() || ms.isEmpty()) {
        throw new InvalidInputException(
            src, -1, "modes", "expected a non-empty list of pointwise, pairwise, listwise");
      }
      Set<Mode> set = EnumSet.noneOf(Mode.class);
      for (JsonNode m : ms) {
        try {
          Mode mode = Mode.parse(m.asText());
          if (mode == Mode.STEPS) {
            throw InvalidInputException.of(
                "modes",
                "steps mode has its own built-in protocol 'steps'; a user protocol cannot"
                    + " declare it");
          }
          set.add(mode);
        } catch (InvalidInputException e) {
          throw new InvalidInputException(src, -1, "modes", e.problem());
        }
      }
      declared = Optional.of(set);
    }
    Set<Mode> modes = g.modes(src, declared);
    return build(id, version, modes, system, template, g);
  }

  private static TemplatedProtocol build(
      String id, String version, Set<Mode> modes, Optional<Path> system, Path template, Grammar g) {
    Template user = compile(template);
    Optional<Template> sys = system.map(UserProtocols::compile);
    Map<Mode, Template> users = new EnumMap<>(Mode.class);
    Map<Mode, Template> systems = new EnumMap<>(Mode.class);
    for (Mode m : modes) {
      users.put(m, user);
      sys.ifPresent(s -> systems.put(m, s));
    }
    // Render once per mode now, so a misspelt variable fails here with its file and line.
    for (Mode m : modes) {
      for (boolean full : new boolean[] {false, true}) {
        Map<String, Object> view = PromptView.of(sample(m, full));
        tryRender(template, user, view);
        if (sys.isPresent()) {
          tryRender(system.get(), sys.get(), view);
        }
      }
    }
    return new TemplatedProtocol(id, version, systems, users, g.parser(), g.schema(id));
  }

  private static Template compile(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InvalidInputException(file.toString(), -1, null, "cannot read template: " + e, e);
    }
    try {
      return Templates.file(file, text);
    } catch (MustacheException e) {
      throw new InvalidInputException(
          file.toString(), mustacheLine(e), "template", e.getMessage(), e);
    }
  }

  private static void tryRender(Path file, Template t, Map<String, Object> view) {
    try {
      Templates.render(t, view);
    } catch (MustacheException.Context e) {
      throw new InvalidInputException(
          file.toString(),
          e.lineNo,
          e.key,
          "no such template variable (see docs/protocols.md for the variables a template sees)",
          e);
    } catch (MustacheException e) {
      throw new InvalidInputException(
          file.toString(), mustacheLine(e), "template", e.getMessage(), e);
    }
  }

  private static long mustacheLine(MustacheException e) {
    if (e instanceof MustacheException.Context c) {
      return c.lineNo;
    }
    Matcher m = MUSTACHE_LINE.matcher(String.valueOf(e.getMessage()));
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  private static PromptContext sample(Mode mode, boolean full) {
    int n =
        switch (mode) {
          case POINTWISE -> 1;
          case PAIRWISE -> 2;
          case LISTWISE -> 3;
          case STEPS -> 1;
        };
    List<Candidate> cs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      cs.add(Candidate.of("c" + i, "answer " + i));
    }
    List<Message> conversation =
        full
            ? List.of(Message.user("earlier"), Message.assistant("reply"), Message.user("query"))
            : List.of(Message.user("query"));
    Optional<Rubric> rubric =
        full
            ? Optional.of(
                Rubric.of(
                    "sample",
                    List.of(
                        Criterion.hardRule("rule", "a rule"),
                        new Criterion(
                            "quality",
                            "a principle",
                            1,
                            Scale.ONE_TO_FIVE,
                            Criterion.Kind.PRINCIPLE,
                            Map.of(1, "bad", 5, "good"),
                            List.of()))))
            : Optional.empty();
    return new PromptContext(
        mode,
        conversation,
        cs,
        full ? Optional.of("reference") : Optional.empty(),
        rubric,
        Scale.ONE_TO_TEN,
        List.of());
  }

  // ---------------------------------------------------------------- grammars

  /** A parsed grammar: how to read output, and which modes it can decide. */
  private record Grammar(Set<Mode> supported, VerdictParser parser, Optional<String> schemaJson) {
    Set<Mode> modes(String src, Optional<Set<Mode>> declared) {
      if (supported.isEmpty()) {
        throw new InvalidInputException(
            src,
            -1,
            "grammar",
            "decides nothing: name a 'score', 'preference' or 'ranking' group or field");
      }
      if (declared.isEmpty()) {
        return supported;
      }
      for (Mode m : declared.get()) {
        if (!supported.contains(m)) {
          throw new InvalidInputException(
              src,
              -1,
              "modes",
              m.name().toLowerCase(Locale.ROOT)
                  + " needs a '"
                  + decisionField(m)
                  + "' group or field in the grammar");
        }
      }
      return declared.get();
    }

    Function<PromptContext, Optional<ResponseSchema>> schema(String id) {
      return ctx -> schemaJson.map(s -> new ResponseSchema(id, s));
    }
  }

  private static String decisionField(Mode m) {
    return switch (m) {
      case POINTWISE -> "score";
      case PAIRWISE -> "preference";
      case LISTWISE -> "ranking";
      case STEPS -> "steps";
    };
  }

  private static Grammar grammarFile(Path file) {
    String src = file.toString();
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json")) {
      JsonNode node = readTree(file);
      boolean isGrammar = node.isObject() && (node.has("regex") || node.has("jsonSchema"));
      if (!isGrammar && node.isObject()) {
        // A bare JSON Schema file: default fields /score, /preference, /ranking, /critique.
        return schemaGrammar(src, node, Map.of(), Map.of(), "");
      }
      return grammar(src, node, file.toAbsolutePath().getParent(), "");
    }
    try {
      String regex = Files.readString(file, StandardCharsets.UTF_8).strip();
      return regexGrammar(src, regex, List.of(), Map.of(), null, "");
    } catch (IOException e) {
      throw new InvalidInputException(src, -1, null, "cannot read grammar: " + e, e);
    }
  }

  private static Grammar grammar(String src, JsonNode g, Path dir, String prefix) {
    if (!g.isObject()) {
      throw new InvalidInputException(
          src,
          -1,
          prefix.isEmpty() ? "grammar" : prefix.substring(0, prefix.length() - 1),
          "expected a mapping with 'regex' or 'jsonSchema'");
    }
    checkKeys(src, g, GRAMMAR_KEYS, prefix);
    Map<String, Preference> labels = labels(src, g.get("labels"), prefix + "labels");
    if (g.has("regex") == g.has("jsonSchema")) {
      throw new InvalidInputException(
          src, -1, prefix + "regex", "give exactly one of 'regex' and 'jsonSchema'");
    }
    if (g.has("regex")) {
      List<String> flags = new ArrayList<>();
      if (g.has("flags")) {
        g.get("flags").forEach(f -> flags.add(f.asText()));
      }
      RegexGrammarParser.Pick pick = null;
      if (g.has("pick")) {
        try {
          pick = RegexGrammarParser.Pick.valueOf(g.get("pick").asText().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
          throw new InvalidInputException(
              src,
              -1,
              prefix + "pick",
              "expected unanimous, first or last but was '" + g.get("pick").asText() + "'");
        }
      }
      return regexGrammar(src, g.get("regex").asText(), flags, labels, pick, prefix);
    }
    JsonNode schema = g.get("jsonSchema");
    if (schema.isTextual()) {
      Path f = dir.resolve(schema.asText());
      schema = readTree(f);
      src = f.toString();
    }
    Map<String, String> fields = new HashMap<>();
    if (g.has("fields")) {
      JsonNode fs = g.get("fields");
      Iterator<Map.Entry<String, JsonNode>> it = fs.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!FIELD_NAMES.contains(e.getKey())) {
          throw new InvalidInputException(
              src,
              -1,
              prefix + "fields." + e.getKey(),
              "unknown field; expected one of " + FIELD_NAMES.stream().sorted().toList());
        }
        String ptr = e.getValue().asText();
        if (!ptr.startsWith("/")) {
          throw new InvalidInputException(
              src,
              -1,
              prefix + "fields." + e.getKey(),
              "expected a JSON Pointer such as /score but was '" + ptr + "'");
        }
        fields.put(e.getKey(), ptr);
      }
    }
    return schemaGrammar(src, schema, fields, labels, prefix);
  }

  private static Grammar regexGrammar(
      String src,
      String regex,
      List<String> flagNames,
      Map<String, Preference> labels,
      RegexGrammarParser.Pick pick,
      String prefix) {
    int flags = 0;
    for (String f : flagNames) {
      flags |=
          switch (f.toLowerCase(Locale.ROOT)) {
            case "dotall" -> Pattern.DOTALL;
            case "ignorecase" -> Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
            case "multiline" -> Pattern.MULTILINE;
            case "comments" -> Pattern.COMMENTS;
            default ->
                throw new InvalidInputException(
                    src,
                    -1,
                    prefix + "flags",
                    "unknown flag '" + f + "'; expected dotall, ignorecase, multiline, comments");
          };
    }
    Pattern p;
    try {
      p = Pattern.compile(regex, flags);
    } catch (PatternSyntaxException e) {
      throw new InvalidInputException(
          src, -1, prefix + "regex", "not a valid regular expression: " + e.getMessage(), e);
    }
    Set<Mode> modes = EnumSet.noneOf(Mode.class);
    for (Mode m : Mode.values()) {
      if (p.namedGroups().containsKey(decisionField(m))) {
        modes.add(m);
      }
    }
    if (modes.isEmpty()) {
      throw new InvalidInputException(
          src,
          -1,
          prefix + "regex",
          "has no named group (?<score>...), (?<preference>...) or (?<ranking>...)");
    }
    return new Grammar(modes, new RegexGrammarParser(p, labels, pick), Optional.empty());
  }

  private static Grammar schemaGrammar(
      String src,
      JsonNode schemaNode,
      Map<String, String> given,
      Map<String, Preference> labels,
      String prefix) {
    JsonSchema schema;
    try {
      // A grammar's schema is read locally only: a remote $ref is refused, never fetched.
      schema =
          JsonSchemaFactory.getInstance(
                  SpecVersion.VersionFlag.V202012,
                  b -> b.schemaLoaders(l -> l.add(DisallowSchemaLoader.getInstance())))
              .getSchema(schemaNode);
      schema.initializeValidators();
    } catch (RuntimeException e) {
      throw new InvalidInputException(
          src, -1, prefix + "jsonSchema", "not a usable JSON Schema: " + e.getMessage(), e);
    }
    Map<String, String> fields = new LinkedHashMap<>();
    JsonNode props = schemaNode.path("properties");
    Set<Mode> modes = EnumSet.noneOf(Mode.class);
    for (Mode m : Mode.values()) {
      String f = decisionField(m);
      if (given.containsKey(f)) {
        fields.put(f, given.get(f));
        modes.add(m);
      } else if (props.has(f)) {
        fields.put(f, "/" + f);
        modes.add(m);
      }
    }
    fields.put("critique", given.getOrDefault("critique", "/critique"));
    return new Grammar(
        modes, new SchemaGrammarParser(schema, fields, labels), Optional.of(schemaNode.toString()));
  }

  private static Map<String, Preference> labels(String src, JsonNode node, String field) {
    Map<String, Preference> labels = new HashMap<>();
    if (node == null || node.isNull()) {
      return labels;
    }
    if (!node.isObject()) {
      throw new InvalidInputException(
          src, -1, field, "expected a mapping from output labels to A>>B, A>B, A=B, B>A or B>>A");
    }
    Iterator<Map.Entry<String, JsonNode>> it = node.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      Preference p =
          Preference.parseLabel(e.getValue().asText())
              .orElseThrow(
                  () ->
                      new InvalidInputException(
                          src,
                          -1,
                          field + "." + e.getKey(),
                          "expected one of A>>B, A>B, A=B, B>A, B>>A but was '"
                              + e.getValue().asText()
                              + "'"));
      labels.put(e.getKey().strip().toLowerCase(Locale.ROOT), p);
    }
    return labels;
  }

  // ---------------------------------------------------------------- files

  private static JsonNode readTree(Path file) {
    String src = file.toString();
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    ObjectMapper mapper = name.endsWith(".json") ? JSON : YAML;
    try {
      JsonNode n = mapper.readTree(Files.readString(file, StandardCharsets.UTF_8));
      if (n == null || n.isMissingNode()) {
        throw new InvalidInputException(src, -1, null, "the file is empty");
      }
      return n;
    } catch (JsonProcessingException e) {
      long line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
      throw new InvalidInputException(
          src, line, null, "cannot parse: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new InvalidInputException(src, -1, null, "cannot read: " + e, e);
    }
  }

  private static void checkKeys(String src, JsonNode node, Set<String> allowed, String prefix) {
    Iterator<String> it = node.fieldNames();
    while (it.hasNext()) {
      String k = it.next();
      if (!allowed.contains(k)) {
        throw new InvalidInputException(
            src,
            -1,
            prefix + k,
            "unknown field; expected one of " + allowed.stream().sorted().toList());
      }
    }
  }

  private static String requiredText(String src, JsonNode d, String field) {
    JsonNode n = d.get(field);
    if (n == null || !n.isTextual() || n.asText().isBlank()) {
      throw new InvalidInputException(src, -1, field, "is required (a non-blank string)");
    }
    return n.asText();
  }
}
