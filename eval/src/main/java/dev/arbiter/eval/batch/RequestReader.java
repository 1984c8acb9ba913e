package dev.arbiter.eval.batch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.core.Candidate;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.JudgeRequest;
import dev.arbiter.core.Message;
import dev.arbiter.core.Mode;
import dev.arbiter.core.Role;
import dev.arbiter.core.Rubric;
import dev.arbiter.core.internal.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
import java.util.zip.GZIPInputStream;

/**
 * Reads judge requests from a JSONL file as a stream, one line at a time (a file is never loaded
 * whole). A line that cannot be read becomes a {@link BatchInput} error naming the file, line and
 * field; reading goes on.
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
          "metadata");

  private final String source;
  private final BufferedReader in;
  private final Format format;
  private final Mode mode;
  private final Optional<Rubric> defaultRubric;
  private long lineNo;
  private BatchInput next;

  private RequestReader(
      String source, BufferedReader in, Format format, Mode mode, Optional<Rubric> rubric) {
    this.source = source;
    this.in = in;
    this.format = format;
    this.mode = mode;
    this.defaultRubric = rubric;
  }

  /** Opens a file (plain or .gz). */
  public static RequestReader open(Path file, Format format, Mode mode, Optional<Rubric> rubric)
      throws IOException {
    InputStream raw = Files.newInputStream(file);
    if (file.getFileName().toString().endsWith(".gz")) {
      raw = new GZIPInputStream(raw, 1 << 16);
    }
    return new RequestReader(
        file.toString(),
        new BufferedReader(new InputStreamReader(raw, StandardCharsets.UTF_8), 1 << 16),
        format,
        mode,
        rubric);
  }

  /**
   * Reads one record given as JSON text, exactly as a line of a file is read: a record that cannot
   * be read becomes a {@link BatchInput} error naming {@code source}, the line and the field. For
   * callers that get records one by one (the Spark adapter, the server).
   */
  public static BatchInput parseLine(
      String source, String json, long line, Format format, Mode mode, Optional<Rubric> rubric) {
    return new RequestReader(source, null, format, mode, rubric).parse(json, line);
  }

  @Override
  public boolean hasNext() {
    while (next == null) {
      String line;
      try {
        line = in.readLine();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + source + " after line " + lineNo, e);
      }
      if (line == null) {
        return false;
      }
      lineNo++;
      if (line.isBlank()) {
        continue;
      }
      next = parse(line, lineNo);
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

  BatchInput parse(String line, long no) {
    String fallbackId = "line-" + no;
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
    String id = node.hasNonNull(idField) ? node.get(idField).asText() : fallbackId;
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
    if (mode != Mode.PAIRWISE) {
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
        conv.add(new Message(role, m.get("content").asText()));
      }
      b.conversation(conv);
    } else {
      b.query(text(n, "query", no, true));
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
        if (c.isTextual()) {
          cs.add(
              Candidate.of(
                  String.valueOf((char) ('A' + Math.min(i, 25))) + (i >= 26 ? i : ""), c.asText()));
        } else if (c.isObject() && c.hasNonNull("text")) {
          cs.add(
              Candidate.of(
                  c.hasNonNull("id") ? c.get("id").asText() : "c" + i, c.get("text").asText()));
        } else {
          throw new InvalidInputException(
              source, no, field, "expected a string or {\"id\": ..., \"text\": ...}");
        }
        i++;
      }
    } else if (n.has("response")) {
      cs.add(Candidate.of("A", text(n, "response", no, true)));
    } else if (n.has("response_a") || n.has("response_b")) {
      cs.add(Candidate.of("A", text(n, "response_a", no, true)));
      cs.add(Candidate.of("B", text(n, "response_b", no, true)));
    } else {
      throw new InvalidInputException(
          source,
          no,
          "candidates",
          "missing: give candidates, response, or response_a and response_b");
    }
    b.candidates(cs);
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
    if (n.has("principles")) {
      JsonNode ps = n.get("principles");
      if (!ps.isArray() || ps.isEmpty()) {
        throw new InvalidInputException(
            source, no, "principles", "expected a non-empty array of strings");
      }
      List<String> list = new ArrayList<>();
      ps.forEach(p -> list.add(p.asText()));
      b.rubric(Rubric.ofPrinciples(list));
    } else {
      defaultRubric.ifPresent(b::rubric);
    }
    return b.build();
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
