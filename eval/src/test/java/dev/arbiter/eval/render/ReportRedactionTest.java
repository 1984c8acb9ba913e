package dev.arbiter.eval.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbiter.eval.metrics.Bootstrap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportRedactionTest {
  @TempDir Path dir;

  @Test
  void should_write_no_endpoint_credential_into_report_json_markdown_or_html() throws Exception {
    // given: the judge line the CLI builds from --endpoint, credentials and all
    Path verdicts = Files.writeString(dir.resolve("verdicts.jsonl"), "");
    String judge =
        "model judge-8b at http://admin:hunter2@10.0.0.7:8000/v1?api-key=sk-hunter2&x=1,"
            + " protocol json@1, k=1";

    // when
    EvalReport r =
        ReportBuilder.build(
            "Arbiter evaluation: rb.jsonl",
            judge,
            "rmbench · https://data.example/rb.jsonl?token=tok-hunter2",
            verdicts,
            Map.of(),
            Bootstrap.of(10, 0.95, 0),
            1.0,
            List.of("judged at http://u:hunter2@h/v1"));
    Path html = ReportWriter.write(r, dir.resolve("report"));

    // then
    for (String file : List.of("report.json", "report.md", "report.html")) {
      String text = Files.readString(html.resolveSibling(file));
      assertThat(text).as(file).doesNotContain("hunter2").contains("10.0.0.7:8000/v1");
    }
    assertThat(r.judge()).contains("http://***@10.0.0.7:8000/v1?api-key=***&x=1");
  }
}
