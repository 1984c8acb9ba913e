package dev.arbiter.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.arbiter.core.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads and writes {@link JudgeSpec}s. A spec file is YAML (JSON is YAML too); field names are
 * snake_case. Unknown fields, values of the wrong type and out-of-range values are errors naming
 * the file, line and field ({@code models[0].endpoint}). Overrides (the CLI's flags) are merged
 * into the document before it is read, so they are checked the same way.
 */
public final class JudgeSpecs {
  private static final ObjectMapper YAML =
      YAMLMapper.builder(
              YAMLFactory.builder()
                  .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                  .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                  .build())
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
          .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
          .build();

  private JudgeSpecs() {}

  /**
   * Reads a spec file.
   *
   * @throws InvalidInputException naming the file, line and field of the first problem
   */
  public static JudgeSpec load(Path file) {
    String text = readText(file);
    JudgeSpec spec = parse(text, file.toString());
    if (spec.profiles() == null) {
      return spec;
    }
    return spec.withProfiles(profilesDir(file, text, spec.profiles()));
  }

  /**
   * Reads a spec file into a document, to merge overrides into before {@link #read}. Paths resolved
   * against the file's folder ({@code profiles}) are resolved here too.
   */
  public static ObjectNode tree(Path file) {
    String text = readText(file);
    ObjectNode tree = tree(text, file.toString());
    if (tree.get("profiles") instanceof JsonNode p && p.isTextual() && !p.asText().isBlank()) {
      tree.put("profiles", profilesDir(file, text, p.asText()));
    }
    return tree;
  }

  /**
   * A spec file's {@code profiles}: resolved against the file's folder (a spec moves with the
   * profiles beside it), and checked to be a directory.
   */
  private static String profilesDir(Path file, String text, String profiles) {
    Path dir = Path.of(profiles);
    if (!dir.isAbsolute()) {
      Path folder = file.toAbsolutePath().getParent();
      dir = folder == null ? dir.toAbsolutePath() : folder.resolve(dir);
    }
    dir = dir.normalize();
    if (!Files.isDirectory(dir)) {
      throw new InvalidInputException(
          file.toString(),
          lineOf(text, List.of("profiles"), -1),
          "profiles",
          "no such directory: "
              + dir
              + " (a relative path is read from the spec file's folder; arbiter profile fit --out"
              + " DIR writes one)");
    }
    return dir.toString();
  }

  private static String readText(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new InvalidInputException(file.toString(), -1, null, "no such spec file");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** Parses spec text (YAML or JSON) into a document; an empty text is an empty document. */
  public static ObjectNode tree(String text, String source) {
    JsonNode node;
    try {
      node = YAML.readTree(text);
    } catch (JsonProcessingException e) {
      throw located(e, source, text);
    }
    if (node == null || node.isMissingNode() || node.isNull()) {
      return JsonNodeFactory.instance.objectNode();
    }
    if (!node.isObject()) {
      throw new InvalidInputException(
          source, 1, null, "a spec is a mapping of fields (models, protocol, sampling, ...)");
    }
    return (ObjectNode) node;
  }

  /**
   * Parses spec text (YAML or JSON).
   *
   * @throws InvalidInputException naming the source, line and field of the first problem
   */
  public static JudgeSpec parse(String text, String source) {
    if (tree(text, source).isEmpty()) {
      return JudgeSpec.defaults();
    }
    try {
      return YAML.readValue(text, JudgeSpec.class);
    } catch (JsonProcessingException e) {
      throw located(e, source, text);
    }
  }

  /**
   * Turns a document (a spec file's tree with overrides merged in) into a spec. Errors name the
   * source and field; a document has no lines.
   */
  public static JudgeSpec read(JsonNode document, String source) {
    try {
      return YAML.readValue(YAML.treeAsTokens(document), JudgeSpec.class);
    } catch (JsonProcessingException e) {
      throw located(e, source, null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Merges {@code overrides} into {@code base}: objects merge field by field, anything else
   * (scalars, lists) replaces. Returns {@code base}.
   */
  public static ObjectNode merge(ObjectNode base, JsonNode overrides) {
    for (Iterator<Map.Entry<String, JsonNode>> it = overrides.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode mine = base.get(e.getKey());
      if (mine instanceof ObjectNode mo && e.getValue() instanceof ObjectNode eo) {
        merge(mo, eo);
      } else {
        base.set(e.getKey(), e.getValue().deepCopy());
      }
    }
    return base;
  }

  /** An empty document to build overrides in. */
  public static ObjectNode document() {
    return JsonNodeFactory.instance.objectNode();
  }

  /**
   * The spec as YAML with every default spelled out. Credentials in URLs (endpoints, cache store)
   * are redacted; API keys are never in a spec, only the names of the variables holding them.
   */
  public static String toYaml(JudgeSpec spec) {
    ObjectNode tree = YAML.valueToTree(spec);
    ArrayNode models = (ArrayNode) tree.get("models");
    if (models != null) {
      for (JsonNode m : models) {
        ((ObjectNode) m).put("endpoint", JudgeSpec.redactUrl(m.get("endpoint").asText()));
      }
    }
    JsonNode cache = tree.get("cache");
    if (cache instanceof ObjectNode c && c.hasNonNull("store")) {
      c.put("store", JudgeSpec.redactUrl(c.get("store").asText()));
    }
    try {
      return YAML.writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a spec", e);
    }
  }

  /**
   * The spec as a JSON document (snake_case fields), unredacted, to read back with {@link #read}.
   */
  public static ObjectNode toTree(JudgeSpec spec) {
    return YAML.valueToTree(spec);
  }

  private static InvalidInputException located(
      JsonProcessingException e, String source, String text) {
    // The token's own location: the parser's current one can already be past it (YAML scalars).
    JsonLocation loc =
        e.getProcessor() instanceof com.fasterxml.jackson.core.JsonParser p
            ? p.currentTokenLocation()
            : e.getLocation();
    long line = loc == null || loc.getLineNr() <= 0 ? -1 : loc.getLineNr();
    if (text == null) {
      line = -1;
    }
    if (e instanceof UnrecognizedPropertyException u) {
      TreeSet<String> known = new TreeSet<>();
      u.getKnownPropertyIds().forEach(k -> known.add(String.valueOf(k)));
      return new InvalidInputException(
          source, lineOf(text, u, line), path(u), "unknown field; expected one of " + known, e);
    }
    if (e instanceof ValueInstantiationException v
        && v.getCause() instanceof InvalidInputException bad) {
      String prefix = path(v);
      String field = bad.field().map(f -> prefix == null ? f : prefix + "." + f).orElse(prefix);
      List<String> keys = new ArrayList<>(names(v));
      bad.field().ifPresent(keys::add);
      return new InvalidInputException(source, lineOf(text, keys, line), field, bad.problem(), e);
    }
    if (e instanceof JsonMappingException m) {
      return new InvalidInputException(source, line, path(m), firstLine(m.getOriginalMessage()), e);
    }
    return new InvalidInputException(
        source, line, null, "not valid YAML or JSON: " + firstLine(e.getOriginalMessage()), e);
  }

  private static long lineOf(String text, JsonMappingException e, long fallback) {
    return lineOf(text, names(e), fallback);
  }

  /**
   * The line of the last key of a field path in the text: each key is looked for from the line of
   * the one before (Jackson reports records' errors where the enclosing mapping ends).
   */
  private static long lineOf(String text, List<String> keys, long fallback) {
    if (text == null || keys.isEmpty()) {
      return fallback;
    }
    String[] lines = text.split("\n", -1);
    int from = 0;
    for (String key : keys) {
      Pattern p = Pattern.compile("^\\s*(?:-\\s+)?[\"']?" + Pattern.quote(key) + "[\"']?\\s*:");
      int found = -1;
      for (int i = from; i < lines.length; i++) {
        if (p.matcher(lines[i]).find()) {
          found = i;
          break;
        }
      }
      if (found < 0) {
        return fallback;
      }
      from = found;
    }
    return from + 1;
  }

  private static List<String> names(JsonMappingException e) {
    List<String> names = new ArrayList<>();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        names.add(r.getFieldName());
      }
    }
    return names;
  }

  private static String path(JsonMappingException e) {
    StringBuilder b = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        if (!b.isEmpty()) {
          b.append('.');
        }
        b.append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        b.append('[').append(r.getIndex()).append(']');
      }
    }
    return b.isEmpty() ? null : b.toString();
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
