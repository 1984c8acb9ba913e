package dev.arbiter.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbiter.core.NonRetriableException;
import dev.arbiter.core.Provenance;
import dev.arbiter.core.RetriableException;
import dev.arbiter.core.SamplingParams;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedactionTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "http://user:hunter2@127.0.0.1:8000/v1 | http://***@127.0.0.1:8000/v1",
        "https://hunter2@judge.example/v1 | https://***@judge.example/v1",
        "http://h/v1?api-key=hunter2 | http://h/v1?api-key=***",
        "http://h/v1?api_key=hunter2&model=x | http://h/v1?api_key=***&model=x",
        "http://h/v1?model=x&key=hunter2 | http://h/v1?model=x&key=***",
        "http://h/v1?token=hunter2 | http://h/v1?token=***",
        "http://h/v1?access_token=hunter2#frag | http://h/v1?access_token=***#frag",
        "http://h/v1?X-Api-Key=hunter2 | http://h/v1?X-Api-Key=***",
        "http://h/v1?sig=hunter2&sv=2024 | http://h/v1?sig=***&sv=2024",
        "http://h/v1#access_token=hunter2 | http://h/v1#access_token=***",
        "http://h/v1?password=hunter2;secret=hunter2 | http://h/v1?password=***;secret=***",
        "redis://:hunter2@127.0.0.1:6379/2 | redis://***@127.0.0.1:6379/2",
        "http://127.0.0.1:8000/v1 | http://127.0.0.1:8000/v1",
        "http://h/v1?model=x | http://h/v1?model=x",
        "not a url | not a url",
      })
  void should_mask_credentials_and_keep_the_rest_of_the_url(String in, String out) {
    assertThat(Redaction.url(in)).isEqualTo(out);
  }

  @Test
  void should_mask_every_url_inside_free_text() {
    String text =
        "model m at http://u:hunter2@10.0.0.1/v1 failed; retried \"https://h/v1?key=hunter2\""
            + " <a href='http://h/?token=hunter2'>";
    String out = Redaction.text(text);
    assertThat(out).doesNotContain("hunter2");
    assertThat(out)
        .contains("http://***@10.0.0.1/v1 failed")
        .contains("\"https://h/v1?key=***\"")
        .contains("'http://h/?token=***'");
    assertThat(Redaction.text("no url here")).isEqualTo("no url here");
  }

  @Test
  void should_keep_credentials_out_of_exception_messages_and_endpoints() {
    var e =
        new RetriableException(
            "call to http://u:hunter2@h/v1/chat/completions failed",
            "http://h/v1/chat/completions?api-key=hunter2",
            503,
            null,
            null);
    assertThat(e.getMessage()).doesNotContain("hunter2").contains("http://***@h/v1");
    assertThat(e.endpoint()).contains("http://h/v1/chat/completions?api-key=***");
    assertThat(new NonRetriableException("bad http://h/?token=hunter2").getMessage())
        .doesNotContain("hunter2");
  }

  @Test
  void should_store_no_credential_in_provenance() {
    Provenance p =
        new Provenance(
            "http://u:hunter2@h/v1#model",
            Optional.of("root=https://h/ckpt?token=hunter2"),
            "json",
            "1",
            Optional.empty(),
            SamplingParams.DEFAULT);
    assertThat(p.toString()).doesNotContain("hunter2");
  }
}
