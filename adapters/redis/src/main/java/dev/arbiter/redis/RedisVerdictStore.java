package dev.arbiter.redis;

import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.NonRetriableException;
import dev.arbiter.core.RetriableException;
import dev.arbiter.core.cache.VerdictStore;
import dev.arbiter.core.internal.Redaction;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A {@link VerdictStore} in Redis, so that many processes and machines (batch workers, Spark
 * executors) share one sample cache and never pay twice for the same sample. Keys are the
 * pipeline's sample keys under a prefix (default {@code arbiter:sample:}); values are the samples'
 * JSON; entries expire after an optional TTL.
 *
 * {@snippet :
 * try (VerdictStore store = RedisVerdictStore.builder("redis://127.0.0.1:6379")
 *     .ttl(Duration.ofDays(7))
 *     .build()) {
 *   SampleCache cache = TieredSampleCache.builder().store(store).build();
 *   // ... judge ...
 * }
 * }
 *
 * <p>One connection is shared by all threads (Lettuce connections are thread-safe). Failures name
 * the server (never its password): an unreachable server or a timed-out command gives a {@link
 * RetriableException}, a server that refuses the command (wrong password, wrong type) a {@link
 * NonRetriableException}; never an empty answer.
 */
public final class RedisVerdictStore implements VerdictStore {

  private final String where;
  private final String prefix;
  private final Duration ttl;
  private final RedisClient client;
  private final StatefulRedisConnection<String, String> connection;
  private final RedisCommands<String, String> commands;

  private RedisVerdictStore(Builder b) {
    RedisURI uri;
    try {
      uri = RedisURI.create(b.uri);
    } catch (IllegalArgumentException e) {
      throw InvalidInputException.of(
          "cache",
          "not a Redis URI: '"
              + Redaction.url(b.uri)
              + "' ("
              + Redaction.text(e.getMessage())
              + ")");
    }
    uri.setTimeout(b.timeout);
    this.where = describe(uri);
    this.prefix = b.prefix;
    this.ttl = b.ttl;
    this.client = RedisClient.create(uri);
    try {
      this.connection = client.connect();
    } catch (RuntimeException e) {
      client.shutdown(0, 2, TimeUnit.SECONDS);
      throw failure("connect to", e);
    }
    this.commands = connection.sync();
  }

  /**
   * Connects to {@code uri} ({@code redis://[password@]host:port[/db]}, or {@code rediss://} for
   * TLS) with no TTL.
   *
   * @throws RetriableException when the server cannot be reached
   */
  public static RedisVerdictStore open(String uri) {
    return builder(uri).build();
  }

  /** A builder for the store at {@code uri}. */
  public static Builder builder(String uri) {
    return new Builder(uri);
  }

  @Override
  public Optional<String> get(String key) {
    Objects.requireNonNull(key, "key");
    try {
      return Optional.ofNullable(commands.get(prefix + key));
    } catch (RuntimeException e) {
      throw failure("read from", e);
    }
  }

  @Override
  public void put(String key, String value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    try {
      if (ttl == null) {
        commands.set(prefix + key, value);
      } else {
        commands.set(prefix + key, value, SetArgs.Builder.px(ttl.toMillis()));
      }
    } catch (RuntimeException e) {
      throw failure("write to", e);
    }
  }

  /** The key prefix under which samples are stored. */
  public String prefix() {
    return prefix;
  }

  /** The TTL of new entries, when set. */
  public Optional<Duration> ttl() {
    return Optional.ofNullable(ttl);
  }

  @Override
  public String describe() {
    return where;
  }

  @Override
  public void close() {
    connection.close();
    client.shutdown(0, 2, TimeUnit.SECONDS);
  }

  private RuntimeException failure(String what, RuntimeException e) {
    String msg = "cannot " + what + " the sample cache " + where + ": " + e.getMessage();
    if (e instanceof RedisConnectionException
        || e instanceof RedisCommandTimeoutException
        || (e instanceof RedisException && e.getCause() instanceof java.io.IOException)) {
      return new RetriableException(msg, where, -1, null, e);
    }
    return new NonRetriableException(msg, where, -1, null, e);
  }

  private static String describe(RedisURI uri) {
    return (uri.isSsl() ? "rediss://" : "redis://")
        + uri.getHost()
        + ":"
        + uri.getPort()
        + (uri.getDatabase() == 0 ? "" : "/" + uri.getDatabase());
  }

  @Override
  public String toString() {
    return "RedisVerdictStore[" + where + " prefix=" + prefix + "]";
  }

  /** Builds a {@link RedisVerdictStore}; validates eagerly and names the bad value. */
  public static final class Builder {
    private final String uri;
    private String prefix = "arbiter:sample:";
    private Duration ttl;
    private Duration timeout = Duration.ofSeconds(10);

    private Builder(String uri) {
      this.uri = Objects.requireNonNull(uri, "uri");
    }

    /** How long an entry lives (default: forever, or until Redis evicts it). */
    public Builder ttl(Duration ttl) {
      Objects.requireNonNull(ttl, "ttl");
      if (ttl.isNegative() || ttl.isZero() || ttl.toMillis() == 0) {
        throw InvalidInputException.of("ttl", "must be at least 1 ms but was " + ttl);
      }
      this.ttl = ttl;
      return this;
    }

    /** The key prefix (default {@code arbiter:sample:}); separates caches sharing one server. */
    public Builder prefix(String prefix) {
      this.prefix = Objects.requireNonNull(prefix, "prefix");
      return this;
    }

    /** The connect and command timeout (default 10 s). */
    public Builder timeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw InvalidInputException.of("timeout", "must be > 0 but was " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * Connects.
     *
     * @throws RetriableException when the server cannot be reached
     * @throws InvalidInputException when the URI is malformed
     */
    public RedisVerdictStore build() {
      return new RedisVerdictStore(this);
    }
  }
}
