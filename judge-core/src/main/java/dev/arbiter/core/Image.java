package dev.arbiter.core;

import dev.arbiter.core.internal.Hashing;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * An image a judge looks at: inline as a base64 {@code data:} URL, or an {@code http(s)} URL that
 * the model server fetches (Arbiter never downloads it). This is the {@code image_url.url} of an
 * OpenAI chat content part.
 *
 * <p>{@code sha256} identifies the image in cache keys: for an inline image the SHA-256 of its
 * decoded bytes (so the same picture under another file name is the same image), for a remote one
 * the SHA-256 of the URL (Arbiter cannot see what is behind it; a URL whose content changes keeps
 * its key). The compact constructor computes it; a caller may pass {@code null}, and a non-null
 * value that does not match is rejected.
 *
 * <p>An inline image must be PNG, JPEG, GIF or WebP, and its declared MIME type must be the one its
 * first bytes show. {@link #toString()} never prints the base64 data nor a remote URL's query or
 * user info (either may hold a token).
 *
 * @param url a {@code data:image/...;base64,...} URL or an absolute http(s) URL
 * @param sha256 lower-case hex SHA-256 (see above); {@code null} to have it computed
 */
public record Image(String url, String sha256) {

  /** The default size limit of one inline image: 20 MiB of decoded bytes. */
  public static final long DEFAULT_MAX_BYTES = 20L * 1024 * 1024;

  private static final String DATA_PREFIX = "data:";
  private static final String BASE64_MARK = ";base64,";

  public Image {
    if (url == null || url.isBlank()) {
      throw InvalidInputException.of("image.url", "must be a data: URL or an http(s) URL");
    }
    String computed;
    if (url.regionMatches(true, 0, DATA_PREFIX, 0, DATA_PREFIX.length())) {
      Inline inline = Inline.parse(url);
      String sniffed = sniff(inline.bytes());
      if (sniffed == null) {
        throw InvalidInputException.of(
            "image.url",
            "the data URL does not hold a PNG, JPEG, GIF or WebP image (it starts with "
                + firstBytes(inline.bytes())
                + ")");
      }
      // "image/jpg" is a common misspelling of image/jpeg; servers read both the same way.
      String declared = inline.mimeType().equals("image/jpg") ? "image/jpeg" : inline.mimeType();
      if (!sniffed.equals(declared)) {
        throw InvalidInputException.of(
            "image.url",
            "the data URL says " + inline.mimeType() + " but its bytes are " + sniffed);
      }
      computed = sha256(inline.bytes());
    } else {
      checkRemote(url);
      computed = Hashing.sha256(url);
    }
    if (sha256 != null && !sha256.equals(computed)) {
      throw InvalidInputException.of(
          "image.sha256", "does not match the image (expected " + computed + ")");
    }
    sha256 = computed;
  }

  /**
   * An inline image from raw bytes; the MIME type comes from the bytes themselves.
   *
   * @param bytes the encoded image (PNG, JPEG, GIF or WebP)
   * @param maxBytes the size limit
   * @throws InvalidInputException when the bytes are not such an image or exceed the limit
   */
  public static Image fromBytes(byte[] bytes, long maxBytes) {
    if (bytes.length > maxBytes) {
      throw InvalidInputException.of("image", tooLarge(bytes.length, maxBytes));
    }
    String mime = sniff(bytes);
    if (mime == null) {
      throw InvalidInputException.of(
          "image",
          "is not a PNG, JPEG, GIF or WebP image (it starts with " + firstBytes(bytes) + ")");
    }
    return new Image(
        DATA_PREFIX + mime + BASE64_MARK + Base64.getEncoder().encodeToString(bytes), null);
  }

  /** {@link #fromBytes(byte[], long)} with {@link #DEFAULT_MAX_BYTES}. */
  public static Image fromBytes(byte[] bytes) {
    return fromBytes(bytes, DEFAULT_MAX_BYTES);
  }

  /**
   * Reads an image file into an inline image. The type is detected from the file's first bytes, not
   * its extension; the size is checked before the file is read.
   *
   * @throws InvalidInputException naming the file when it is missing, unreadable, too large or not
   *     a PNG, JPEG, GIF or WebP image
   */
  public static Image fromFile(Path file, long maxBytes) {
    byte[] bytes;
    try {
      long size = Files.size(file);
      if (size > maxBytes) {
        throw InvalidInputException.of("image", file + ": " + tooLarge(size, maxBytes));
      }
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw InvalidInputException.of("image", "no such image file: " + file);
    } catch (IOException e) {
      throw InvalidInputException.of("image", "cannot read image file " + file + ": " + e);
    }
    if (bytes.length > maxBytes) { // the file grew between the two looks
      throw InvalidInputException.of("image", file + ": " + tooLarge(bytes.length, maxBytes));
    }
    if (sniff(bytes) == null) {
      throw InvalidInputException.of(
          "image",
          file
              + " is not a PNG, JPEG, GIF or WebP image (it starts with "
              + firstBytes(bytes)
              + ")");
    }
    return fromBytes(bytes, maxBytes);
  }

  /** {@link #fromFile(Path, long)} with {@link #DEFAULT_MAX_BYTES}. */
  public static Image fromFile(Path file) {
    return fromFile(file, DEFAULT_MAX_BYTES);
  }

  /**
   * An image given by URL: an http(s) URL is passed to the model server as it is; a {@code data:}
   * URL is checked like a file (type from its bytes, size limit).
   *
   * @throws InvalidInputException for another scheme, a malformed URL, a data URL that is not a
   *     supported image, or one over {@code maxBytes}
   */
  public static Image fromUrl(String url, long maxBytes) {
    if (url != null && url.regionMatches(true, 0, DATA_PREFIX, 0, DATA_PREFIX.length())) {
      int comma = url.indexOf(',');
      if (comma >= 0) {
        // The decoded size follows from the base64 length: refuse before decoding a huge payload.
        int len = url.length() - comma - 1;
        int padding = url.endsWith("==") ? 2 : url.endsWith("=") ? 1 : 0;
        long decoded = (long) len / 4 * 3 - padding;
        if (decoded > maxBytes) {
          throw InvalidInputException.of("image.url", tooLarge(decoded, maxBytes));
        }
      }
    }
    return new Image(url, null);
  }

  /** {@link #fromUrl(String, long)} with {@link #DEFAULT_MAX_BYTES}. */
  public static Image fromUrl(String url) {
    return fromUrl(url, DEFAULT_MAX_BYTES);
  }

  /** Whether the image travels inline as a {@code data:} URL (else the server fetches it). */
  public boolean inline() {
    return url.regionMatches(true, 0, DATA_PREFIX, 0, DATA_PREFIX.length());
  }

  /** The MIME type of an inline image ({@code image/png}, ...); empty for a remote one. */
  public Optional<String> mimeType() {
    return inline() ? Optional.of(Inline.mimeOf(url)) : Optional.empty();
  }

  /** The base64 payload of an inline image; empty for a remote one. */
  public Optional<String> base64() {
    return inline() ? Optional.of(url.substring(url.indexOf(',') + 1)) : Optional.empty();
  }

  /** A short description safe to print: type and hash, or the URL without query or user info. */
  @Override
  public String toString() {
    if (inline()) {
      return "Image[" + Inline.mimeOf(url) + ", sha256=" + sha256.substring(0, 12) + "]";
    }
    try {
      URI u = new URI(url);
      return "Image["
          + u.getScheme()
          + "://"
          + u.getHost()
          + (u.getPort() >= 0 ? ":" + u.getPort() : "")
          + (u.getRawPath() == null ? "" : u.getRawPath())
          + "]";
    } catch (URISyntaxException e) {
      return "Image[remote, sha256=" + sha256.substring(0, 12) + "]";
    }
  }

  /**
   * The MIME type the bytes show, from their signature: PNG, JPEG, GIF or WebP (the formats vLLM's
   * image loader and OpenAI's API both take); {@code null} for anything else.
   */
  static String sniff(byte[] b) {
    if (startsWith(b, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
      return "image/png";
    }
    if (startsWith(b, 0, 0xFF, 0xD8, 0xFF)) {
      return "image/jpeg";
    }
    if (startsWith(b, 0, 'G', 'I', 'F', '8', '7', 'a')
        || startsWith(b, 0, 'G', 'I', 'F', '8', '9', 'a')) {
      return "image/gif";
    }
    if (startsWith(b, 0, 'R', 'I', 'F', 'F') && startsWith(b, 8, 'W', 'E', 'B', 'P')) {
      return "image/webp";
    }
    return null;
  }

  private static boolean startsWith(byte[] b, int offset, int... sig) {
    if (b.length < offset + sig.length) {
      return false;
    }
    for (int i = 0; i < sig.length; i++) {
      if ((b[offset + i] & 0xFF) != sig[i]) {
        return false;
      }
    }
    return true;
  }

  private static String firstBytes(byte[] b) {
    if (b.length == 0) {
      return "nothing: it is empty";
    }
    StringBuilder s = new StringBuilder("bytes");
    for (int i = 0; i < Math.min(8, b.length); i++) {
      s.append(' ').append(String.format(Locale.ROOT, "%02x", b[i] & 0xFF));
    }
    return s.toString();
  }

  private static String tooLarge(long size, long max) {
    return "the image has " + size + " bytes, more than the limit of " + max + " bytes";
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  private static void checkRemote(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      // Not echoed: a URL may carry a token.
      throw InvalidInputException.of("image.url", "is not a valid URL (" + e.getReason() + ")");
    }
    String scheme = uri.getScheme();
    if (scheme == null
        || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
        || uri.getHost() == null) {
      throw InvalidInputException.of(
          "image.url",
          "must be a data:image/...;base64 URL or an absolute http(s) URL but has scheme "
              + (scheme == null ? "(none)" : "'" + scheme + "'"));
    }
  }

  /** A parsed {@code data:<mime>;base64,<payload>} URL. */
  private record Inline(String mimeType, byte[] bytes) {
    static Inline parse(String url) {
      int comma = url.indexOf(',');
      String header = comma < 0 ? "" : url.substring(DATA_PREFIX.length(), comma);
      if (comma < 0 || !header.toLowerCase(Locale.ROOT).endsWith(";base64")) {
        throw InvalidInputException.of(
            "image.url", "a data URL must look like data:image/png;base64,<base64 bytes>");
      }
      byte[] bytes;
      try {
        bytes = Base64.getDecoder().decode(url.substring(comma + 1));
      } catch (IllegalArgumentException e) {
        throw InvalidInputException.of(
            "image.url", "the data URL's payload is not base64: " + e.getMessage());
      }
      return new Inline(mimeOf(url), bytes);
    }

    static String mimeOf(String url) {
      int semi = url.indexOf(';');
      return url.substring(DATA_PREFIX.length(), semi < 0 ? url.length() : semi)
          .strip()
          .toLowerCase(Locale.ROOT);
    }
  }
}
