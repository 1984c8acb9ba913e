package dev.arbiter.redis;

import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.cache.VerdictStore;
import dev.arbiter.core.cache.VerdictStoreProvider;
import dev.arbiter.core.internal.Redaction;
import java.time.Duration;

/**
 * Opens a {@link RedisVerdictStore} for {@code redis://[password@]host:port[/db][?ttl=SECONDS]} (or
 * {@code rediss://} for TLS). Registered for {@link dev.arbiter.core.cache.VerdictStores#open}.
 */
public final class RedisVerdictStoreProvider implements VerdictStoreProvider {

  @Override
  public boolean accepts(String spec) {
    return spec.startsWith("redis://") || spec.startsWith("rediss://");
  }

  @Override
  public VerdictStore open(String spec) {
    String uri = spec;
    Duration ttl = null;
    int q = spec.indexOf('?');
    if (q >= 0) {
      uri = spec.substring(0, q);
      for (String param : spec.substring(q + 1).split("&")) {
        if (param.startsWith("ttl=")) {
          try {
            ttl = Duration.ofSeconds(Long.parseLong(param.substring(4)));
          } catch (NumberFormatException e) {
            throw InvalidInputException.of(
                "cache", "ttl must be whole seconds but was '" + param.substring(4) + "'");
          }
        } else if (!param.isEmpty()) {
          throw InvalidInputException.of(
              "cache",
              "unknown parameter '"
                  + Redaction.query(param)
                  + "' in "
                  + Redaction.url(spec)
                  + "; known: ttl=SECONDS");
        }
      }
    }
    RedisVerdictStore.Builder b = RedisVerdictStore.builder(uri);
    if (ttl != null) {
      b.ttl(ttl);
    }
    return b.build();
  }

  @Override
  public String specs() {
    return "redis://host:port[/db][?ttl=SECONDS] (arbiter-redis)";
  }
}
