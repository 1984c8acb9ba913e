package dev.arbiter.prompts;

import dev.arbiter.core.internal.Fences;
import java.util.Collection;

/**
 * Chooses the boundary code that closes a fenced section of a prompt (see {@link Fences}): derived
 * from the fenced texts, and checked not to occur in any of them.
 */
final class Fence {
  private Fence() {}

  /**
   * A code of ten hex digits that none of {@code texts} contains.
   *
   * @param salt separates the shared fence from the candidate fence of the same prompt
   * @param texts every text the fence will enclose
   */
  static String boundary(String salt, Collection<String> texts) {
    return Fences.boundary(salt, texts);
  }
}
