package dev.arbiter.rubrics.personal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.internal.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Reads a JSONL file (plain or .gz) object by object, with errors naming file and line. */
final class JsonLines {
  interface LineHandler {
    void accept(JsonNode object, long line);
  }

  private JsonLines() {}

  static void read(Path file, LineHandler handler) {
    String source = file.toString();
    try (InputStream raw = Files.newInputStream(file);
        BufferedReader r =
            new BufferedReader(
                new InputStreamReader(
                    source.endsWith(".gz") ? new GZIPInputStream(raw) : raw,
                    StandardCharsets.UTF_8))) {
      long no = 0;
      for (String line; (line = r.readLine()) != null; ) {
        no++;
        if (line.isBlank()) {
          continue;
        }
        JsonNode n;
        try {
          n = Json.mapper().readTree(line);
        } catch (JsonProcessingException e) {
          throw new InvalidInputException(
              source, no, null, "not valid JSON: " + e.getOriginalMessage());
        }
        if (n == null || !n.isObject()) {
          throw new InvalidInputException(source, no, null, "expected a JSON object");
        }
        handler.accept(n, no);
      }
    } catch (IOException e) {
      throw new InvalidInputException(source, 0, null, "cannot read: " + e.getMessage());
    }
  }
}
