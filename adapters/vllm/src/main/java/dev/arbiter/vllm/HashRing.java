package dev.arbiter.vllm;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.function.IntUnaryOperator;

/**
 * Consistent hashing with bounded loads (Mirrokni, Thorup and Zadimoghaddam, "Consistent Hashing
 * with Bounded Loads", SODA 2018): a key goes to the first replica clockwise from its hash whose
 * load is below {@code ceil(c * (total load + 1) / replicas)}. Keys keep their replica while it has
 * room, and when it has none they spill to the next replica on the ring, the same one each time, so
 * the spilled keys' prefixes warm one other cache rather than all of them.
 *
 * <p>Each replica sits on the ring at {@link #POINTS_PER_REPLICA} points so that the arcs, and so
 * the keys, are spread evenly (a few replicas at one point each would split keys very unevenly).
 * Immutable; the loads are read through the caller's functions at each pick.
 */
final class HashRing {
  /** Ring points per replica; as in ketama-style rings, 100–200 keep arcs within a few percent. */
  static final int POINTS_PER_REPLICA = 160;

  private final long[] points;
  private final int[] owners;
  private final int replicas;

  /**
   * @param names the replicas' stable names (their endpoints); a replica keeps its arcs by name
   */
  HashRing(List<String> names) {
    this.replicas = names.size();
    int n = replicas * POINTS_PER_REPLICA;
    long[] pts = new long[n];
    int[] own = new int[n];
    Integer[] order = new Integer[n];
    for (int r = 0; r < replicas; r++) {
      for (int v = 0; v < POINTS_PER_REPLICA; v++) {
        int i = r * POINTS_PER_REPLICA + v;
        pts[i] = hash(names.get(r) + "#" + v);
        own[i] = r;
        order[i] = i;
      }
    }
    Arrays.sort(order, (a, b) -> Long.compareUnsigned(pts[a], pts[b]));
    this.points = new long[n];
    this.owners = new int[n];
    for (int i = 0; i < n; i++) {
      points[i] = pts[order[i]];
      owners[i] = own[order[i]];
    }
  }

  /**
   * The replica for {@code key}: the first one clockwise from the key's hash that is {@code
   * eligible} and whose load is below the bound; -1 when none is eligible.
   *
   * @param loadFactor c in the bound, at least 1 (1.25 lets a replica carry a quarter more than the
   *     mean before keys spill)
   * @param load each replica's current load (calls in flight)
   */
  int pick(String key, double loadFactor, IntPredicate eligible, IntUnaryOperator load) {
    int live = 0;
    long total = 0;
    for (int r = 0; r < replicas; r++) {
      if (eligible.test(r)) {
        live++;
        total += load.applyAsInt(r);
      }
    }
    if (live == 0) {
      return -1;
    }
    long bound = (long) Math.ceil(loadFactor * (total + 1) / live);
    int start = firstPointAtOrAfter(hash(key));
    boolean[] seen = new boolean[replicas];
    int firstEligible = -1;
    for (int step = 0; step < points.length; step++) {
      int r = owners[(start + step) % points.length];
      if (seen[r]) {
        continue;
      }
      seen[r] = true;
      if (!eligible.test(r)) {
        continue;
      }
      if (firstEligible < 0) {
        firstEligible = r;
      }
      if (load.applyAsInt(r) < bound) {
        return r;
      }
    }
    // Loads moved between the sum and the walk: no replica is under the bound any more.
    return firstEligible;
  }

  private int firstPointAtOrAfter(long h) {
    int lo = 0;
    int hi = points.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (Long.compareUnsigned(points[mid], h) < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo == points.length ? 0 : lo;
  }

  /** The first 8 bytes of the SHA-256 of {@code s}: keys are often hex hashes, names are URLs. */
  static long hash(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.wrap(d, 0, 8).getLong();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
