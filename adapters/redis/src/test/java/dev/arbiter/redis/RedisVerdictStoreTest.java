package dev.arbiter.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.RetriableException;
import dev.arbiter.core.Verdict;
import dev.arbiter.core.cache.VerdictStore;
import dev.arbiter.core.cache.VerdictStores;
import dev.arbiter.core.model.ScriptedJudgeModel;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RedisVerdictStoreTest {

  private static RedisTestServer server;
  private String prefix;

  @BeforeAll
  static void startRedis() {
    server = RedisTestServer.start();
  }

  @AfterAll
  static void stopRedis() {
    if (server != null) {
      server.close();
    }
  }

  @BeforeEach
  void freshPrefix() {
    // A prefix per test: the CI server is shared, and reruns must not see old entries.
    prefix = "arbiter-test:" + UUID.randomUUID() + ":";
  }

  private RedisVerdictStore store() {
    return RedisVerdictStore.builder(server.url).prefix(prefix).build();
  }

  @Test
  void should_return_what_was_stored_and_nothing_for_unknown_keys() {
    try (RedisVerdictStore store = store()) {
      store.put("k", "{\"text\":\"Rating: [[7]]\"}");
      assertThat(store.get("k")).contains("{\"text\":\"Rating: [[7]]\"}");
      assertThat(store.get("missing")).isEmpty();
      assertThat(store.describe()).startsWith("redis://127.0.0.1:");
    }
  }

  @Test
  void should_expire_entries_after_the_ttl_when_one_is_set() {
    try (RedisVerdictStore withTtl =
            RedisVerdictStore.builder(server.url)
                .prefix(prefix)
                .ttl(Duration.ofSeconds(60))
                .build();
        RedisVerdictStore without = store()) {
      withTtl.put("a", "1");
      without.put("b", "2");
      // Read the TTLs Redis holds rather than waiting for them to pass.
      io.lettuce.core.RedisClient raw = io.lettuce.core.RedisClient.create(server.url);
      try (var c = raw.connect()) {
        assertThat(c.sync().pttl(prefix + "a")).isBetween(1L, 60_000L);
        assertThat(c.sync().pttl(prefix + "b")).isEqualTo(-1L);
      } finally {
        raw.shutdown(0, 2, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void should_call_the_model_once_per_unique_sample_when_two_judges_share_the_store() {
    List<Verdict> first = new ArrayList<>();
    List<Verdict> second = new ArrayList<>();
    ScriptedJudgeModel m1 = SharedJudging.model();
    ScriptedJudgeModel m2 = SharedJudging.model();
    try (RedisVerdictStore s1 = store();
        RedisVerdictStore s2 = store()) {
      SharedJudging.judge(m1, s1, 1, 3, first);
      SharedJudging.judge(m2, s2, 1, 4, second);
    }
    // 3 requests × k = 4 by the first; only request 4 is new to the second.
    assertThat(m1.choicesGenerated()).isEqualTo(12);
    assertThat(m2.choicesGenerated()).isEqualTo(4);
    assertThat(m2.calls()).isEqualTo(1);
    for (int i = 0; i < 3; i++) {
      assertThat(second.get(i).score()).isEqualTo(first.get(i).score());
      assertThat(second.get(i).usage().cacheHits()).isEqualTo(4);
    }
  }

  @Test
  void should_share_samples_with_a_second_jvm() throws Exception {
    ScriptedJudgeModel here = SharedJudging.model();
    try (RedisVerdictStore store = store()) {
      SharedJudging.judge(here, store, 1, 2, new ArrayList<>());
    }
    // The other JVM judges 1..3: only request 3 is new to it.
    String out = runSecondJvm(1, 3);
    assertThat(out).contains("calls=1 choices=4");
    // And what it paid for, this one gets for free.
    ScriptedJudgeModel again = SharedJudging.model();
    try (RedisVerdictStore store = store()) {
      SharedJudging.judge(again, store, 3, 3, new ArrayList<>());
    }
    assertThat(again.calls()).isZero();
  }

  private String runSecondJvm(int from, int to) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java,
                // A short-lived JVM: the quick compiler and a small heap start it fastest.
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Xmx128m",
                "-cp",
                System.getProperty("java.class.path"),
                SharedJudging.class.getName(),
                server.url,
                prefix,
                String.valueOf(from),
                String.valueOf(to))
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(out).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  @Test
  void should_name_the_server_when_it_cannot_be_reached() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    assertThatThrownBy(
            () ->
                RedisVerdictStore.builder("redis://secret@127.0.0.1:" + port)
                    .timeout(Duration.ofSeconds(2))
                    .build())
        .isInstanceOf(RetriableException.class)
        .hasMessageContaining("redis://127.0.0.1:" + port)
        .hasMessageNotContaining("secret");
  }

  @Test
  void should_open_by_spec_with_an_optional_ttl() {
    try (VerdictStore s = VerdictStores.open(server.url + "?ttl=30")) {
      assertThat(s).isInstanceOf(RedisVerdictStore.class);
      assertThat(((RedisVerdictStore) s).ttl()).contains(Duration.ofSeconds(30));
    }
    assertThatThrownBy(() -> VerdictStores.open(server.url + "?ttl=soon"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("soon");
    assertThatThrownBy(() -> VerdictStores.open(server.url + "?size=3"))
        .hasMessageContaining("size=3");
  }

  @Test
  void should_mask_credentials_in_a_spec_it_refuses() {
    assertThatThrownBy(
            () -> VerdictStores.open("redis://:pw-hunter2@127.0.0.1:6379?password=hunter2&x=1"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("password=***")
        .hasMessageContaining("redis://***@127.0.0.1:6379")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(
            () -> RedisVerdictStore.builder("redis://:pw-hunter2@127.0.0.1:notaport").build())
        .hasMessageNotContaining("hunter2");
  }
}
