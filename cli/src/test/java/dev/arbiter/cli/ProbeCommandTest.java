package dev.arbiter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.core.internal.Json;
import dev.arbiter.eval.probe.MasterKeys;
import dev.arbiter.eval.probe.Transformations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class ProbeCommandTest {
  @RegisterExtension static final StubServer server = new StubServer("stub-judge");
  @TempDir Path dir;

  @Test
  void should_write_probe_json_and_its_page_against_the_stub_server() throws Exception {
    // given three pairs (one with a reference) and one unreadable line
    Path in = dir.resolve("pairs.jsonl");
    Files.write(
        in,
        List.of(
            "{\"id\":\"p1\",\"query\":\"Capital of France?\",\"candidates\":[\"Paris is the capital. It is on the Seine.\",\"- Lyon\\n- Marseille\"],\"reference\":\"- Paris\"}",
            "{\"id\":\"p2\",\"query\":\"2+2?\",\"candidates\":[\"**4**\",\"It is 5. Surely.\"]}",
            "{\"id\":\"p3\",\"query\":\"Name a prime.\",\"candidates\":[\"7\",\"9 is prime.\"]}",
            "{\"id\":\"bad\",\"query\":\"q\",\"candidates\":\"not a list\"}"));
    Path out = dir.resolve("probe");

    // when
    Cli.Run r =
        Cli.run(
            "probe",
            "--in",
            in.toString(),
            "--out",
            out.toString(),
            "--endpoint",
            server.baseUrl(),
            "--model",
            "stub-judge",
            "--protocol",
            "arena-hard",
            "--no-verifiers");

    // then
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode probe = Json.mapper().readTree(out.resolve("probe.json").toFile());
    assertThat(probe.get("pairs").asInt()).isEqualTo(3);
    // the stub always answers with a readable Arena-Hard label
    assertThat(probe.get("baseline_scored").asInt()).isEqualTo(3);
    assertThat(probe.get("input_errors")).hasSize(1);
    assertThat(probe.get("input_errors").get(0).asText()).startsWith("line 4:");
    JsonNode ts = probe.get("transformations");
    assertThat(ts).hasSize(Transformations.all().size());
    for (JsonNode t : ts) {
      assertThat(t.has("name")).isTrue();
      int n = t.get("n").asInt();
      assertThat(n).as(t.toString()).isBetween(0, 3).isLessThanOrEqualTo(t.get("applied").asInt());
      assertThat(t.get("flips").asInt()).isLessThanOrEqualTo(n);
      assertThat(t.get("flip_rate").asDouble())
          .isEqualTo(n == 0 ? 0.0 : t.get("flips").asDouble() / n);
    }
    JsonNode swap = null;
    for (JsonNode t : ts) {
      swap = t.get("name").asText().equals("swap-labels") ? t : swap;
    }
    assertThat(swap.get("n").asInt()).isEqualTo(3);
    JsonNode keys = probe.get("master_keys");
    assertThat(keys).hasSize(MasterKeys.ALL.size());
    for (JsonNode k : keys) {
      assertThat(k.get("n").asInt()).as(k.toString()).isEqualTo(6);
      assertThat(k.get("win_rate").asDouble()).isEqualTo(k.get("wins").asDouble() / 6);
    }
    String page = Files.readString(out.resolve("probe.html"));
    assertThat(page)
        .contains("Robustness probe", "swap-labels", "かいせつ")
        .doesNotContain("<script", "<link", "src=");
  }
}
