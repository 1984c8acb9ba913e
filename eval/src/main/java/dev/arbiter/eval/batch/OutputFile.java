package dev.arbiter.eval.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.internal.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A batch's output file: the lock that keeps a second run out, the compaction a resume starts with,
 * and appends that survive odd text and crashes.
 *
 * <ul>
 *   <li><b>Lock</b>: an OS lock on {@code OUT.lock}, released by the OS when the process dies (so a
 *       {@code kill -9} leaves no stale lock; the file itself stays and is harmless).
 *   <li><b>Compaction</b>: the last complete line per record key is kept; lines that are not valid
 *       UTF-8 or not JSON (a torn tail after a crash, whatever its bytes) are dropped with a
 *       warning; the rewrite is fsynced and moved into place atomically.
 *   <li><b>Appends</b>: one {@code write} per line, so a crash cuts at most the line in flight; a
 *       lone UTF-16 surrogate (legal in JSON input, not encodable in UTF-8) is written as a {@code
 *       \\uXXXX} escape and counted in the record's {@value #SURROGATES_FIELD}; {@code fsync} at
 *       checkpoints (at most one per {@link #CHECKPOINT}) and on close.
 * </ul>
 */
final class OutputFile implements AutoCloseable {

  /** The field saying how many lone surrogates a record's text had (escaped in the output). */
  static final String SURROGATES_FIELD = "lone_surrogates_escaped";

  /** The field holding the judge configuration's fingerprint. */
  static final String CONFIG_FIELD = ConfigurationCheck.FIELD;

  /** The longest output line compaction reads; a longer one is dropped with a warning. */
  private static final int MAX_OUTPUT_LINE_BYTES = 1 << 30;

  static final Duration CHECKPOINT = Duration.ofSeconds(1);

  private final Path out;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private FileChannel channel;
  private long lastForce = System.nanoTime();
  private boolean dirty;

  private OutputFile(Path out, FileChannel lockChannel, FileLock lock) {
    this.out = out;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /**
   * Takes the output's lock.
   *
   * @throws InvalidInputException when another run (in this process or another) holds it
   */
  static OutputFile lock(Path out) throws IOException {
    Path lockPath = lockPath(out);
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    FileChannel ch =
        FileChannel.open(
            lockPath, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    FileLock l;
    try {
      l = ch.tryLock();
    } catch (OverlappingFileLockException e) {
      l = null;
    }
    if (l == null) {
      String holder = "";
      try {
        holder = Files.readString(lockPath, StandardCharsets.UTF_8).strip();
      } catch (IOException | UncheckedIOException e) {
        // The holder is only named for the message.
      }
      ch.close();
      throw InvalidInputException.of(
          "--out",
          out
              + " is being written by another run"
              + (holder.isEmpty() ? "" : " (" + holder + ")")
              + " holding "
              + lockPath
              + "; wait for it to end or choose another --out");
    }
    ch.truncate(0);
    ch.write(
        StandardCharsets.UTF_8.encode(
            "pid " + ProcessHandle.current().pid() + " since " + java.time.Instant.now() + "\n"));
    ch.force(false);
    return new OutputFile(out, ch, l);
  }

  static Path lockPath(Path out) {
    return out.resolveSibling(out.getFileName() + ".lock");
  }

  /** What a resume starts from. */
  record Compacted(Set<String> done, long keptErrors, long droppedLines) {}

  /**
   * Rewrites the output keeping the last complete line per key (without error records when {@code
   * retryFailed}), and returns the keys that are done.
   *
   * @param fingerprint this run's judge configuration; kept verdicts with another one stop the run
   *     unless {@code allowMixed}
   * @throws InvalidInputException when kept verdicts were judged with another configuration
   */
  Compacted compact(
      boolean retryFailed,
      String fingerprint,
      Map<String, Object> configuration,
      boolean allowMixed,
      Consumer<String> warn)
      throws IOException {
    if (!Files.exists(out)) {
      return new Compacted(new HashSet<>(), 0, 0);
    }
    Map<String, Long> lastLine = new HashMap<>();
    Map<String, Boolean> lastIsError = new HashMap<>();
    // Per record only its fingerprint ("" when it has none); one example line per fingerprint,
    // for the message. Whole lines per record would hold the output in memory.
    Map<String, String> lastConfig = new HashMap<>();
    Map<String, JsonNode> examples = new HashMap<>();
    long dropped = 0;
    // Name the first few dropped lines; the caller reports how many there were.
    int[] named = {0};
    Consumer<String> lineWarn =
        s -> {
          if (named[0]++ < 5) {
            warn.accept(s);
          }
        };
    try (LineReader r = new LineReader(Files.newInputStream(out), MAX_OUTPUT_LINE_BYTES)) {
      for (Optional<LineReader.Line> next; (next = r.next()).isPresent(); ) {
        LineReader.Line line = next.get();
        Optional<JsonNode> n = parse(line, lineWarn);
        if (n.isEmpty()) {
          dropped += line.text().map(String::isBlank).orElse(false) ? 0 : 1;
          continue;
        }
        String key = n.get().get("id").asText();
        lastLine.put(key, line.no());
        boolean error = "ERROR".equals(n.get().path("status").asText());
        lastIsError.put(key, error);
        if (error) {
          lastConfig.remove(key);
        } else {
          JsonNode fp = n.get().get(CONFIG_FIELD);
          String config = fp != null && fp.isTextual() ? fp.asText() : "";
          lastConfig.put(key, config);
          if (!config.equals(fingerprint)) {
            examples.putIfAbsent(config, n.get());
          }
        }
      }
    }
    checkConfiguration(lastConfig, examples, fingerprint, configuration, allowMixed, warn);
    Set<String> done = new HashSet<>();
    long keptErrors = 0;
    Path tmp = out.resolveSibling(out.getFileName() + ".compacting");
    try (LineReader r = new LineReader(Files.newInputStream(out), MAX_OUTPUT_LINE_BYTES);
        FileChannel w =
            FileChannel.open(
                tmp,
                StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
      for (Optional<LineReader.Line> next; (next = r.next()).isPresent(); ) {
        LineReader.Line line = next.get();
        Optional<JsonNode> n = parse(line, s -> {});
        if (n.isEmpty()) {
          continue;
        }
        String key = n.get().get("id").asText();
        boolean error = lastIsError.get(key);
        if (lastLine.get(key) != line.no() || (retryFailed && error)) {
          continue;
        }
        writeFully(w, (line.text().orElseThrow() + "\n").getBytes(StandardCharsets.UTF_8));
        done.add(key);
        if (error) {
          keptErrors++;
        }
      }
      w.force(true);
    }
    Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    forceDirectory(out);
    return new Compacted(done, keptErrors, dropped);
  }

  private void checkConfiguration(
      Map<String, String> kept,
      Map<String, JsonNode> examples,
      String fingerprint,
      Map<String, Object> configuration,
      boolean allowMixed,
      Consumer<String> warn) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (String fp : kept.values()) {
      counts.merge(fp, 1L, Long::sum);
    }
    ConfigurationCheck.check(
        out.toString(), counts, examples::get, fingerprint, configuration, allowMixed, warn);
  }

  private Optional<JsonNode> parse(LineReader.Line line, Consumer<String> warn) {
    if (line.text().isEmpty()) {
      warn.accept(
          "warning: dropped line " + line.no() + " of " + out + ": " + line.problem().orElse(""));
      return Optional.empty();
    }
    String text = line.text().get();
    if (text.isBlank()) {
      return Optional.empty();
    }
    try {
      JsonNode n = Json.mapper().readTree(text);
      if (n != null && n.isObject() && n.hasNonNull("id")) {
        return Optional.of(n);
      }
    } catch (IOException e) {
      // Reported below.
    }
    warn.accept(
        "warning: dropped "
            + (line.terminated() ? "line " + line.no() : "the torn last line (" + line.no() + ")")
            + " of "
            + out
            + ": not a complete record"
            + (line.terminated() ? "" : " (cut short by a crash?); its record is judged again"));
    return Optional.empty();
  }

  /** Opens the file for appending (after compaction, which leaves it ending in a line break). */
  void openForAppend() throws IOException {
    channel =
        FileChannel.open(
            out, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
  }

  /** Appends one record as one line; fsyncs when the last checkpoint is old enough. */
  synchronized void write(ObjectNode rec) {
    String json = Json.write(rec);
    int lone = countLoneSurrogates(json);
    if (lone > 0) {
      rec.put(SURROGATES_FIELD, lone);
      json = escapeLoneSurrogates(Json.write(rec));
    }
    try {
      writeFully(channel, (json + "\n").getBytes(StandardCharsets.UTF_8));
      dirty = true;
      long now = System.nanoTime();
      if (now - lastForce >= CHECKPOINT.toNanos()) {
        channel.force(false);
        lastForce = now;
        dirty = false;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Forces written lines to the disk. */
  synchronized void checkpoint() throws IOException {
    if (channel != null && dirty) {
      channel.force(false);
      lastForce = System.nanoTime();
      dirty = false;
    }
  }

  @Override
  public void close() throws IOException {
    try {
      if (channel != null) {
        checkpoint();
        channel.close();
      }
    } finally {
      try {
        lock.release();
      } finally {
        lockChannel.close();
      }
    }
  }

  /** Lone (unpaired) UTF-16 surrogates in {@code s}. */
  static int countLoneSurrogates(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        n++;
      }
    }
    return n;
  }

  /**
   * Replaces every lone surrogate of a JSON text by its {@code \\uXXXX} escape. Outside strings
   * JSON is ASCII, so every such character sits inside a string literal, where the escape means
   * exactly that character again: the record reads back unchanged (ids included, so resume still
   * matches).
   */
  static String escapeLoneSurrogates(String json) {
    StringBuilder b = new StringBuilder(json.length() + 16);
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < json.length()
          && Character.isLowSurrogate(json.charAt(i + 1))) {
        b.append(c).append(json.charAt(++i));
      } else if (Character.isSurrogate(c)) {
        b.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  private static void writeFully(FileChannel ch, byte[] bytes) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    while (buf.hasRemaining()) {
      ch.write(buf);
    }
  }

  /**
   * Makes a rename durable: fsync of the directory (not possible everywhere, hence best effort).
   */
  private static void forceDirectory(Path file) {
    Path dir = file.toAbsolutePath().getParent();
    if (dir == null) {
      return;
    }
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Some file systems and platforms cannot open a directory for fsync; the rename stands.
    }
  }
}
