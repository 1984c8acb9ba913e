package dev.arbiter.eval.batch;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Splits a byte stream into lines at {@code '\n'} (a byte that never occurs inside a multi-byte
 * UTF-8 character) without trusting it: a line longer than the limit is skipped (its bytes are
 * hashed, not kept), a line that is not valid UTF-8 is reported rather than silently repaired, and
 * a stream that fails part-way (a truncated or corrupt {@code .gz}) simply ends, with the reason
 * kept in {@link #endedEarly()} and the incomplete last line dropped.
 */
final class LineReader implements AutoCloseable {

  /**
   * One physical line.
   *
   * @param no the 1-based line number
   * @param text the decoded line (without its line break) when it could be decoded
   * @param problem why the line could not be decoded (too long, not UTF-8)
   * @param sha256 hex SHA-256 of the line's bytes, for content-derived ids of unreadable lines
   * @param terminated whether the line ended with a line break (false only for the last line)
   */
  record Line(
      long no,
      Optional<String> text,
      Optional<String> problem,
      String sha256,
      boolean terminated) {}

  private final InputStream in;
  private final int maxLineBytes;
  private final byte[] buf = new byte[1 << 16];
  private int pos;
  private int limit;
  private boolean eof;
  private long lineNo;
  private String endedEarly;

  LineReader(InputStream in, int maxLineBytes) {
    if (maxLineBytes < 1) {
      throw new IllegalArgumentException("maxLineBytes must be >= 1 but was " + maxLineBytes);
    }
    this.in = in;
    this.maxLineBytes = maxLineBytes;
  }

  /** Why reading stopped before the end of the stream, when it did. */
  Optional<String> endedEarly() {
    return Optional.ofNullable(endedEarly);
  }

  /** Lines read so far (the number of the last line returned). */
  long lineNo() {
    return lineNo;
  }

  /** The next line, or empty at the end of the stream (or after a read failure). */
  Optional<Line> next() {
    if (eof) {
      return Optional.empty();
    }
    MessageDigest digest = sha256();
    byte[] line = new byte[256];
    int len = 0;
    long total = 0;
    while (true) {
      if (pos == limit && !fill()) {
        if (endedEarly != null) {
          // The bytes of an incomplete line before a read failure are not a record.
          return Optional.empty();
        }
        if (total == 0) {
          return Optional.empty();
        }
        return Optional.of(finish(line, len, total, digest, false));
      }
      int start = pos;
      int nl = -1;
      for (int i = pos; i < limit; i++) {
        if (buf[i] == '\n') {
          nl = i;
          break;
        }
      }
      int end = nl < 0 ? limit : nl;
      int n = end - start;
      digest.update(buf, start, n);
      if (total + n <= maxLineBytes) {
        if (len + n > line.length) {
          line = Arrays.copyOf(line, Math.max(len + n, Math.min(maxLineBytes, line.length * 2)));
        }
        System.arraycopy(buf, start, line, len, n);
        len += n;
      }
      total += n;
      pos = nl < 0 ? limit : nl + 1;
      if (nl >= 0) {
        return Optional.of(finish(line, len, total, digest, true));
      }
    }
  }

  private Line finish(byte[] line, int len, long total, MessageDigest digest, boolean terminated) {
    lineNo++;
    String hash = HexFormat.of().formatHex(digest.digest());
    if (total > maxLineBytes) {
      return new Line(
          lineNo,
          Optional.empty(),
          Optional.of(
              "line is "
                  + total
                  + " bytes long, over the limit of "
                  + maxLineBytes
                  + " bytes; it was skipped"),
          hash,
          terminated);
    }
    if (len > 0 && line[len - 1] == '\r') {
      len--;
    }
    CharsetDecoder dec =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer bytes = ByteBuffer.wrap(line, 0, len);
    try {
      CharBuffer chars = dec.decode(bytes);
      return new Line(lineNo, Optional.of(chars.toString()), Optional.empty(), hash, terminated);
    } catch (CharacterCodingException e) {
      String where =
          e instanceof MalformedInputException
              ? " (bad byte sequence at byte " + firstBadByte(line, len) + ")"
              : "";
      return new Line(
          lineNo,
          Optional.empty(),
          Optional.of("line is not valid UTF-8" + where),
          hash,
          terminated);
    }
  }

  /** The 0-based offset of the first byte that does not start a valid UTF-8 sequence. */
  private static int firstBadByte(byte[] line, int len) {
    CharsetDecoder dec =
        StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(line, 0, len);
    CharBuffer out = CharBuffer.allocate(len + 1);
    dec.decode(in, out, true);
    return in.position();
  }

  private boolean fill() {
    if (eof) {
      return false;
    }
    try {
      int n = in.read(buf);
      if (n < 0) {
        eof = true;
        return false;
      }
      pos = 0;
      limit = n;
      return true;
    } catch (IOException e) {
      eof = true;
      endedEarly =
          (e instanceof EOFException
                  ? "the file ends early (a truncated .gz?): "
                  : "the file could not be read further: ")
              + e.getMessage()
              + "; the incomplete line after line "
              + lineNo
              + " was not judged";
      return false;
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
