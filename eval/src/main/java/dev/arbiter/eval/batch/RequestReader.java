package dev.arbiter.eval.batch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.core.Candidate;
import dev.arbiter.core.ContentPart;
import dev.arbiter.core.Image;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.JudgeRequest;
import dev.arbiter.core.Message;
import dev.arbiter.core.Mode;
import dev.arbiter.core.Role;
import dev.arbiter.core.Rubric;
import dev.arbiter.core.internal.Hashing;
import dev.arbiter.core.internal.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;

/**
 * Reads judge requests from a JSONL file as a stream, one line at a time (a file is never loaded
 * whole). A line that cannot be read becomes a {@link BatchInput} error naming the file, line and
 * field; reading goes on. So does a line longer than the limit ({@link #DEFAULT_MAX_LINE_BYTES} by
 * default) or one that is not valid UTF-8. A file that cannot be read to its end (a truncated
 * {@code .gz}) ends the input after its last complete line; {@link #endedEarly()} says why.
 *
 * <p>A record without an id gets one derived from its content ({@link #contentId}), never from its
 * position, so inserting a line above it does not give it another record's verdict.
 *
 * <p>Formats: {@code arbiter} (see docs/cli.md) and {@code judgebench} (JudgeBench pair files:
 * {@code pair_id, question, response_A, response_B}, plus {@code label} and {@code source} kept as
 * metadata).
 */
public final class RequestReader implements Iterator<BatchInput>, AutoCloseable {

  /** Input formats. */
  public enum Format {
    ARBITER,
    JUDGEBENCH;

    public static Format parse(String s) {
      return switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
        case "arbiter" -> ARBITER;
        case "judgebench" -> JUDGEBENCH;
        default ->
            throw InvalidInputException.of(
                "format", "expected arbiter or judgebench but was '" + s + "'");
      };
    }
  }

  private static final Set<String> ARBITER_FIELDS =
      Set.of(
          "id",
          "query",
          "messages",
          "candidates",
          "response",
          "response_a",
          "response_b",
          "reference",
          "principles",
          "user",
          "metadata");

  /** The longest input line read as a record (16 MiB); a longer one becomes an error record. */
  public static final int DEFAULT_MAX_LINE_BYTES = 16 << 20;

  private final String source;
  private final Path folder;
  private final LineReader in;
  private final Format format;
  private final Mode mode;
  private final Optional<Rubric> defaultRubric;
  private BatchInput next;
  private Function<String, UserRubric> userRubrics;
  private boolean inferMode;

  /**
   * The rubric a record's {@code user} field selects (a learned profile, see {@code arbiter profile
   * fit}): the profile's name, and whether the user was unknown and got a fallback.
   *
   * @param rubric the user's rubric
   * @param profile the profile's name
   * @param fallback whether the user had no profile of their own
   */
  public record UserRubric(Rubric rubric, String profile, boolean fallback) {}

  /** Request metadata keys with the profile a record's user got (copied into its verdict line). */
  public static final String PROFILE_KEY = "arbiter.profile";

  public static final String PROFILE_FALLBACK_KEY = "arbiter.profile_fallback";

  private RequestReader(
      String source,
      Path folder,
      LineReader in,
      Format format,
      Mode mode,
      Optional<Rubric> rubric) {
    this.source = source;
    this.folder = folder;
    this.in = in;
    this.format = format;
    this.mode = mode;
    this.defaultRubric = rubric;
  }

  /** Opens a file (plain or .gz) with the default line-length limit. */
  public static RequestReader open(Path file, Format format, Mode mode, Optional<Rubric> rubric)
      throws IOException {
    return open(file, format, mode, rubric, DEFAULT_MAX_LINE_BYTES);
  }

  /**
   * Opens a file (plain or .gz); a line longer than {@code maxLineBytes} becomes an error record.
   *
   * @throws IOException when the file cannot be opened (or its gzip header cannot be read)
   */
  public static RequestReader open(
      Path file, Format format, Mode mode, Optional<Rubric> rubric, int maxLineBytes)
      throws IOException {
    if (maxLineBytes < 1) {
      throw InvalidInputException.of("max line bytes", "must be >= 1 but was " + maxLineBytes);
    }
    InputStream raw = Files.newInputStream(file);
    try {
      if (file.getFileName().toString().endsWith(".gz")) {
        raw = new GZIPInputStream(raw, 1 << 16);
      }
    } catch (IOException e) {
      raw.close();
      throw new IOException("cannot read " + file + " as gzip: " + e.getMessage(), e);
    }
    Path folder = file.toAbsolutePath().getParent();
    return new RequestReader(
        file.toString(),
        folder == null ? Path.of("").toAbsolutePath() : folder,
        new LineReader(raw, maxLineBytes),
        format,
        mode,
        rubric);
  }

  /**
   * Why the input ended before the end of its file (a truncated or corrupt {@code .gz}, a read
   * error), when it did; every complete line before that was returned.
   */
  public Optional<String> endedEarly() {
    return in.endedEarly().map(why -> source + ": " + why);
  }

  /**
   * Reads one record (one JSONL line) without a file: what the server does with a request body.
   * Problems name {@code source}, {@code line} and the field, as for a file. Image parts must be
   * URLs: a path would be a file of this machine.
   */
  public static BatchInput parseRecord(
      String source, String record, long line, Format format, Mode mode, Optional<Rubric> rubric) {
    return new RequestReader(source, null, null, format, mode, rubric).parse(record, line);
  }

  /**
   * {@link #parseRecord(String, String, long, Format, Mode, Optional)}, with a record's {@code
   * user} judged by that user's rubric as {@link #withUserRubrics} says, when {@code userRubrics}
   * is given.
   */
  public static BatchInput parseRecord(
      String source,
      String record,
      long line,
      Format format,
      Mode mode,
      Optional<Rubric> rubric,
      Optional<Function<String, UserRubric>> userRubrics) {
    RequestReader r = new RequestReader(source, null, null, format, mode, rubric);
    userRubrics.ifPresent(r::withUserRubrics);
    return r.parse(record, line);
  }

  /**
   * Adds to a verdict line which learned profile judged the record, when its {@code user} chose
   * one: {@code "profile": {"user", "name", "fallback"}} ({@code fallback} true when the user had
   * no profile and got the population prior). A no-op for other records.
   */
  public static void profileNote(JudgeRequest request, ObjectNode line) {
    String profile = request.metadata().get(PROFILE_KEY);
    if (profile != null) {
      ObjectNode p = line.putObject("profile");
      p.put("user", request.metadata().get("user"));
      p.put("name", profile);
      p.put("fallback", Boolean.parseBoolean(request.metadata().get(PROFILE_FALLBACK_KEY)));
    }
  }

  /**
   * Judges records that carry a {@code user} with that user's rubric: the profile's criteria first,
   * then the record's own {@code principles} appended (weight 1, named {@code record-principle-N}).
   * Records without a user keep today's rule (their principles, else the default rubric). The
   * function may throw {@link InvalidInputException} (the record becomes an error line).
   */
  public RequestReader withUserRubrics(Function<String, UserRubric> byUser) {
    this.userRubrics = java.util.Objects.requireNonNull(byUser, "byUser");
    return this;
  }

  /**
   * Takes each record's mode from its candidates instead of the mode given to {@code open}: one
   * candidate ({@code response}) is judged pointwise, two ({@code response_a}/{@code response_b},
   * or two {@code candidates}) pairwise, more listwise; JudgeBench pairs pairwise. What {@code
   * arbiter judge} does without {@code --mode}.
   */
  public RequestReader inferModeFromRecords() {
    this.inferMode = true;
    return this;
  }

  @Override
  public boolean hasNext() {
    while (next == null) {
      Optional<LineReader.Line> read = in.next();
      if (read.isEmpty()) {
        return false;
      }
      LineReader.Line line = read.get();
      if (line.problem().isPresent()) {
        next =
            BatchInput.failed(
                line.no(),
                CONTENT_ID_PREFIX + line.sha256().substring(0, CONTENT_ID_HEX),
                new InvalidInputException(source, line.no(), null, line.problem().get()));
        continue;
      }
      String text = line.text().orElseThrow();
      if (text.isBlank()) {
        continue;
      }
      next = parse(text, line.no());
    }
    return true;
  }

  @Override
  public BatchInput next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    BatchInput n = next;
    next = null;
    return n;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  /** The prefix of ids derived from a record's content. */
  public static final String CONTENT_ID_PREFIX = "content-";

  private static final int CONTENT_ID_HEX = 16;

  /**
   * The id of a record that has none: {@value #CONTENT_ID_PREFIX} and 16 hex digits (64 bits) of
   * the SHA-256 of its canonical JSON (object keys sorted, no spaces), so reformatting the file or
   * moving the record keeps its id, and two records with the same content share one (the second is
   * then a duplicate).
   */
  public static String contentId(JsonNode record) {
    return CONTENT_ID_PREFIX
        + Hashing.sha256(Json.write(canonical(record))).substring(0, CONTENT_ID_HEX);
  }

  private static Object canonical(JsonNode n) {
    if (n.isObject()) {
      Map<String, Object> sorted = new TreeMap<>();
      n.fields().forEachRemaining(e -> sorted.put(e.getKey(), canonical(e.getValue())));
      return sorted;
    }
    if (n.isArray()) {
      List<Object> list = new ArrayList<>();
      n.forEach(e -> list.add(canonical(e)));
      return list;
    }
    return n;
  }

  BatchInput parse(String line, long no) {
    String fallbackId =
        CONTENT_ID_PREFIX + Hashing.sha256(line.strip()).substring(0, CONTENT_ID_HEX);
    JsonNode node;
    try {
      node = Json.mapper().readTree(line);
    } catch (JsonProcessingException e) {
      return BatchInput.failed(
          no,
          fallbackId,
          new InvalidInputException(source, no, null, "not valid JSON: " + e.getOriginalMessage()));
    }
    if (node == null || !node.isObject()) {
      return BatchInput.failed(
          no, fallbackId, new InvalidInputException(source, no, null, "expected a JSON object"));
    }
    String idField = format == Format.JUDGEBENCH ? "pair_id" : "id";
    String id = node.hasNonNull(idField) ? node.get(idField).asText() : contentId(node);
    try {
      JudgeRequest r =
          format == Format.JUDGEBENCH ? judgebench(node, id, no) : arbiter(node, id, no);
      return BatchInput.of(no, r);
    } catch (InvalidInputException e) {
      // Re-anchor errors raised by the domain's own validation at this file and line.
      InvalidInputException located =
          e.source().isPresent()
              ? e
              : new InvalidInputException(source, no, e.field().orElse(null), e.problem(), e);
      return BatchInput.failed(no, id, located);
    }
  }

  private JudgeRequest judgebench(JsonNode n, String id, long no) {
    if (mode != Mode.PAIRWISE && !inferMode) {
      throw new InvalidInputException(
          source, no, null, "JudgeBench pairs are judged pairwise; use --mode pairwise");
    }
    String q = text(n, "question", no, true);
    JudgeRequest.Builder b =
        JudgeRequest.builder()
            .id(id)
            .mode(Mode.PAIRWISE)
            .query(q)
            .candidate("A", text(n, "response_A", no, true))
            .candidate("B", text(n, "response_B", no, true));
    for (String f : List.of("label", "source", "original_id", "response_model")) {
      if (n.hasNonNull(f)) {
        b.metadata(f, n.get(f).asText());
      }
    }
    defaultRubric.ifPresent(b::rubric);
    return b.build();
  }

  private JudgeRequest arbiter(JsonNode n, String id, long no) {
    for (var it = n.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!ARBITER_FIELDS.contains(f)) {
        throw new InvalidInputException(
            source,
            no,
            f,
            "unknown field; expected one of " + new java.util.TreeSet<>(ARBITER_FIELDS));
      }
    }
    JudgeRequest.Builder b = JudgeRequest.builder().id(id).mode(mode);
    if (n.has("messages")) {
      JsonNode ms = n.get("messages");
      if (!ms.isArray() || ms.isEmpty()) {
        throw new InvalidInputException(
            source, no, "messages", "expected a non-empty array of {role, content}");
      }
      List<Message> conv = new ArrayList<>();
      int i = 0;
      for (JsonNode m : ms) {
        String field = "messages[" + i++ + "]";
        if (!m.hasNonNull("role") || !m.hasNonNull("content")) {
          throw new InvalidInputException(
              source, no, field, "expected {\"role\": ..., \"content\": ...}");
        }
        Role role;
        try {
          role = Role.valueOf(m.get("role").asText().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
          throw new InvalidInputException(
              source,
              no,
              field + ".role",
              "expected system, user or assistant but was '" + m.get("role").asText() + "'");
        }
        List<ContentPart> parts = content(m.get("content"), field + ".content", no);
        try {
          conv.add(Message.of(role, parts));
        } catch (InvalidInputException e) {
          throw new InvalidInputException(source, no, field + ".content", e.problem(), e);
        }
      }
      b.conversation(conv);
    } else {
      b.query(content(required(n, "query", no), "query", no));
    }
    List<Candidate> cs = new ArrayList<>();
    if (n.has("candidates")) {
      JsonNode arr = n.get("candidates");
      if (!arr.isArray()) {
        throw new InvalidInputException(
            source, no, "candidates", "expected an array of strings or {id, text} objects");
      }
      int i = 0;
      for (JsonNode c : arr) {
        String field = "candidates[" + i + "]";
        String letter = String.valueOf((char) ('A' + Math.min(i, 25))) + (i >= 26 ? i : "");
        if (c.isTextual() || c.isArray() || isPart(c)) {
          // A bare part is a candidate of one part (an image, typically); it may carry an id.
          String cid = isPart(c) && c.hasNonNull("id") ? c.get("id").asText() : letter;
          cs.add(Candidate.of(cid, content(c, field, no)));
        } else if (c.isObject() && (c.hasNonNull("text") || c.hasNonNull("content"))) {
          if (c.hasNonNull("text") && c.hasNonNull("content")) {
            throw new InvalidInputException(
                source, no, field, "give either \"text\" or \"content\", not both");
          }
          String cid = c.hasNonNull("id") ? c.get("id").asText() : "c" + i;
          cs.add(
              c.hasNonNull("text")
                  ? Candidate.of(cid, c.get("text").asText())
                  : Candidate.of(cid, content(c.get("content"), field + ".content", no)));
        } else {
          throw new InvalidInputException(
              source,
              no,
              field,
              "expected a string, an array of content parts, an image part, or {\"id\": ...,"
                  + " \"text\" or \"content\": ...}");
        }
        i++;
      }
    } else if (n.has("response")) {
      cs.add(Candidate.of("A", content(required(n, "response", no), "response", no)));
    } else if (n.has("response_a") || n.has("response_b")) {
      cs.add(Candidate.of("A", content(required(n, "response_a", no), "response_a", no)));
      cs.add(Candidate.of("B", content(required(n, "response_b", no), "response_b", no)));
    } else {
      throw new InvalidInputException(
          source,
          no,
          "candidates",
          "missing: give candidates, response, or response_a and response_b");
    }
    b.candidates(cs);
    if (inferMode) {
      b.mode(cs.size() == 1 ? Mode.POINTWISE : cs.size() == 2 ? Mode.PAIRWISE : Mode.LISTWISE);
    }
    if (n.hasNonNull("reference")) {
      b.reference(n.get("reference").asText());
    }
    if (n.has("metadata")) {
      JsonNode md = n.get("metadata");
      if (!md.isObject()) {
        throw new InvalidInputException(
            source, no, "metadata", "expected an object of string values");
      }
      Map<String, String> m = new LinkedHashMap<>();
      md.fields()
          .forEachRemaining(
              e ->
                  m.put(
                      e.getKey(),
                      e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()));
      m.forEach(b::metadata);
    }
    Optional<Rubric> own = Optional.empty();
    if (n.has("principles")) {
      JsonNode ps = n.get("principles");
      if (!ps.isArray() || ps.isEmpty()) {
        throw new InvalidInputException(
            source, no, "principles", "expected a non-empty array of strings");
      }
      List<String> list = new ArrayList<>();
      ps.forEach(p -> list.add(p.asText()));
      own = Optional.of(Rubric.ofPrinciples(list));
    }
    if (userRubrics != null && n.hasNonNull("user")) {
      UserRubric ur = userRubric(n.get("user").asText(), no);
      Rubric r = ur.rubric();
      if (own.isPresent()) {
        // The profile is the user's standing preference; the record's principles add to it.
        List<dev.arbiter.core.Criterion> extra = new ArrayList<>();
        int i = 1;
        for (dev.arbiter.core.Criterion c : own.get().criteria()) {
          extra.add(
              new dev.arbiter.core.Criterion(
                  "record-principle-" + i++,
                  c.description(),
                  c.weight(),
                  c.scale(),
                  c.kind(),
                  c.levels(),
                  c.tags()));
        }
        r = r.plus(extra);
      }
      b.rubric(r);
      b.metadata(PROFILE_KEY, ur.profile());
      b.metadata(PROFILE_FALLBACK_KEY, String.valueOf(ur.fallback()));
    } else if (own.isPresent()) {
      b.rubric(own.get());
    } else {
      defaultRubric.ifPresent(b::rubric);
    }
    if (n.hasNonNull("user")) {
      b.metadata("user", n.get("user").asText());
    }
    return b.build();
  }

  private UserRubric userRubric(String user, long no) {
    try {
      return userRubrics.apply(user);
    } catch (InvalidInputException e) {
      throw new InvalidInputException(source, no, "user", e.problem(), e);
    }
  }

  private JsonNode required(JsonNode n, String field, long no) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      throw new InvalidInputException(source, no, field, "missing");
    }
    return v;
  }

  private static boolean isPart(JsonNode v) {
    return v.isObject() && v.has("type");
  }

  /**
   * Content given as a string (text), one content part, or an array of strings and content parts
   * (text and images in order). Parts: {@code {"type": "text", "text": ...}}, {@code {"type":
   * "image", "path": ...}} (relative to the input file's folder), {@code {"type": "image", "url":
   * ...}} (http(s) or data URL), and OpenAI's {@code {"type": "image_url", "image_url": {"url":
   * ...}}}.
   */
  private List<ContentPart> content(JsonNode v, String field, long no) {
    if (v.isTextual()) {
      return List.of(ContentPart.text(v.asText()));
    }
    if (isPart(v)) {
      return List.of(part(v, field, no));
    }
    if (!v.isArray() || v.isEmpty()) {
      throw new InvalidInputException(
          source,
          no,
          field,
          "expected a string, a content part or a non-empty array of them but was "
              + (v.isArray() ? "an empty array" : nodeType(v)));
    }
    List<ContentPart> parts = new ArrayList<>();
    int i = 0;
    for (JsonNode p : v) {
      String f = field + "[" + i++ + "]";
      parts.add(p.isTextual() ? ContentPart.text(p.asText()) : part(p, f, no));
    }
    return parts;
  }

  private ContentPart part(JsonNode p, String field, long no) {
    if (!isPart(p)) {
      throw new InvalidInputException(
          source, no, field, "expected a string or an object with a \"type\"");
    }
    String type = p.get("type").asText();
    switch (type) {
      case "text" -> {
        JsonNode t = p.get("text");
        if (t == null || !t.isTextual()) {
          throw new InvalidInputException(source, no, field + ".text", "expected a string");
        }
        return ContentPart.text(t.asText());
      }
      case "image" -> {
        boolean hasPath = p.hasNonNull("path");
        boolean hasUrl = p.hasNonNull("url");
        if (hasPath == hasUrl) {
          throw new InvalidInputException(
              source, no, field, "an image part needs exactly one of \"path\" or \"url\"");
        }
        return hasPath
            ? imageFile(p.get("path"), field + ".path", no)
            : imageUrl(p.get("url"), field + ".url", no);
      }
      case "image_url" -> {
        JsonNode u = p.get("image_url");
        if (u != null && u.isObject()) {
          u = u.get("url");
        }
        return imageUrl(u, field + ".image_url.url", no);
      }
      default ->
          throw new InvalidInputException(
              source,
              no,
              field + ".type",
              "expected text, image or image_url but was '" + type + "'");
    }
  }

  private ContentPart imageFile(JsonNode v, String field, long no) {
    if (folder == null) {
      // A record without a file (a server request) must not make this process read local files.
      throw new InvalidInputException(
          source, no, field, "image paths are not accepted here; send a data: or http(s) URL");
    }
    if (!v.isTextual() || v.asText().isBlank()) {
      throw new InvalidInputException(source, no, field, "expected a file path");
    }
    Path file;
    try {
      file = folder.resolve(v.asText());
    } catch (java.nio.file.InvalidPathException e) {
      throw new InvalidInputException(source, no, field, "not a valid path: " + e.getReason());
    }
    try {
      return ContentPart.image(Image.fromFile(file));
    } catch (InvalidInputException e) {
      throw new InvalidInputException(source, no, field, e.problem(), e);
    }
  }

  private ContentPart imageUrl(JsonNode v, String field, long no) {
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw new InvalidInputException(
          source, no, field, "expected an http(s) URL or a data:image/...;base64 URL");
    }
    try {
      return ContentPart.image(Image.fromUrl(v.asText().strip()));
    } catch (InvalidInputException e) {
      throw new InvalidInputException(source, no, field, e.problem(), e);
    }
  }

  private static String nodeType(JsonNode v) {
    return v.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }

  private String text(JsonNode n, String field, long no, boolean required) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw new InvalidInputException(source, no, field, "missing");
      }
      return null;
    }
    if (!v.isTextual()) {
      throw new InvalidInputException(
          source,
          no,
          field,
          "expected a string but was " + v.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
    }
    return v.asText();
  }
}
