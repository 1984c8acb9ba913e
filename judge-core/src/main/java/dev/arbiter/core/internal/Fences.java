package dev.arbiter.core.internal;

import java.util.Collection;

/**
 * Boundary codes for fenced sections of a prompt. A code is derived from the fenced texts
 * themselves (no randomness, so identical requests render identical prompts and hit the same
 * caches) and is checked not to occur in any of them, so a fenced text can never close its own
 * fence, whatever it contains. Internal: may change without notice.
 */
public final class Fences {
  private static final int CODE_LENGTH = 10;

  private Fences() {}

  /**
   * A code of ten hex digits that none of {@code texts} contains.
   *
   * @param salt separates two fences of the same prompt
   * @param texts every text the fence will enclose
   */
  public static String boundary(String salt, Collection<String> texts) {
    String joined = String.join("\u0000", texts);
    for (int attempt = 0; ; attempt++) {
      String code =
          Hashing.sha256(salt + '\u0000' + attempt + '\u0000' + joined).substring(0, CODE_LENGTH);
      if (!joined.contains(code)) {
        return code;
      }
    }
  }
}
