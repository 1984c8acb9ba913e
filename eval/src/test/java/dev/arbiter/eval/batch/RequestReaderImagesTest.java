package dev.arbiter.eval.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arbiter.core.Candidate;
import dev.arbiter.core.ContentPart;
import dev.arbiter.core.Image;
import dev.arbiter.core.InvalidInputException;
import dev.arbiter.core.JudgeRequest;
import dev.arbiter.core.Mode;
import dev.arbiter.core.testing.TestImages;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JSONL input with images: parts, paths relative to the input file, URLs, and their errors. */
class RequestReaderImagesTest {
  private static final byte[] PNG = TestImages.png(3, 2, 0x336699);

  @TempDir Path dir;
  private Path input;

  @BeforeEach
  void writeImages() throws IOException {
    Files.createDirectories(dir.resolve("img"));
    Files.write(dir.resolve("img/chart.png"), PNG);
    Files.writeString(dir.resolve("img/notes.png"), "not a picture at all");
    input = dir.resolve("requests.jsonl");
  }

  private List<BatchInput> read(Mode mode, String... lines) throws IOException {
    Files.write(input, List.of(lines));
    List<BatchInput> out = new ArrayList<>();
    try (RequestReader r =
        RequestReader.open(input, RequestReader.Format.ARBITER, mode, Optional.empty())) {
      r.forEachRemaining(out::add);
    }
    return out;
  }

  private static InvalidInputException error(BatchInput in) {
    assertThat(in.error()).as("expected an error record").isPresent();
    return in.error().get();
  }

  @Test
  void should_read_an_image_candidate_from_a_path_relative_to_the_input_file() throws IOException {
    List<BatchInput> in =
        read(
            Mode.PAIRWISE,
            """
            {"id": "p1", "query": "Which chart shows the data best?", "candidates": [\
            {"type": "image", "path": "img/chart.png"},\
            {"id": "text", "content": ["A table:", {"type": "text", "text": "| a | b |"}]}]}""");

    JudgeRequest r = in.get(0).request().orElseThrow();
    Candidate a = r.candidates().get(0);
    assertThat(a.id()).isEqualTo("A");
    assertThat(a.images()).hasSize(1);
    assertThat(a.images().get(0).url())
        .isEqualTo("data:image/png;base64," + Base64.getEncoder().encodeToString(PNG));
    assertThat(r.candidates().get(1).text()).isEqualTo("A table:\n| a | b |");
    assertThat(r.candidates().get(1).hasImages()).isFalse();
  }

  @Test
  void should_read_a_query_with_images_and_urls_in_every_place_text_goes() throws IOException {
    String dataUrl = Image.fromBytes(PNG).url();
    List<BatchInput> in =
        read(
            Mode.POINTWISE,
            """
            {"id": "q1", "query": ["Describe this:", {"type": "image", "url": "https://img.example.org/x.png"}],\
             "response": [{"type": "image_url", "image_url": {"url": "%s"}}, "caption"]}"""
                .formatted(dataUrl),
            """
            {"id": "m1", "messages": [{"role": "user", "content": [{"type": "text", "text": "Look"},\
             {"type": "image", "path": "img/chart.png"}]}], "response": "It is a chart."}""");

    JudgeRequest q = in.get(0).request().orElseThrow();
    assertThat(q.conversation().get(0).contentParts())
        .containsExactly(
            ContentPart.text("Describe this:"),
            ContentPart.image(Image.fromUrl("https://img.example.org/x.png")));
    assertThat(q.candidates().get(0).contentParts())
        .containsExactly(ContentPart.image(Image.fromBytes(PNG)), ContentPart.text("caption"));
    JudgeRequest m = in.get(1).request().orElseThrow();
    assertThat(m.images()).containsExactly(Image.fromBytes(PNG));
  }

  @Test
  void should_refuse_a_non_image_file_naming_file_line_and_field() throws IOException {
    List<BatchInput> in =
        read(
            Mode.POINTWISE,
            "{\"id\": \"ok\", \"query\": \"q\", \"response\": \"r\"}",
            "{\"id\": \"bad\", \"query\": \"q\", \"candidates\": [{\"type\": \"image\", \"path\":"
                + " \"img/notes.png\"}]}");

    assertThat(in.get(0).request()).isPresent();
    InvalidInputException e = error(in.get(1));
    assertThat(in.get(1).id()).isEqualTo("bad");
    assertThat(e.source()).contains(input.toString());
    assertThat(e.line()).isEqualTo(2);
    assertThat(e.field()).contains("candidates[0].path");
    assertThat(e.getMessage())
        .contains("notes.png is not a PNG, JPEG, GIF or WebP image")
        .contains(input + ":2: field 'candidates[0].path'");
  }

  @Test
  void should_report_a_missing_image_file_and_an_oversized_one() throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(dir.resolve("img/huge.png").toFile(), "rw")) {
      f.setLength(Image.DEFAULT_MAX_BYTES + 1); // sparse: refused by size before it is read
    }
    List<BatchInput> in =
        read(
            Mode.POINTWISE,
            "{\"id\": \"a\", \"query\": \"q\", \"response\": {\"type\": \"image\", \"path\":"
                + " \"img/gone.png\"}}",
            "{\"id\": \"b\", \"query\": \"q\", \"response\": {\"type\": \"image\", \"path\":"
                + " \"img/huge.png\"}}");

    assertThat(error(in.get(0)).getMessage())
        .contains("field 'response.path'")
        .contains("no such image file")
        .contains("gone.png");
    assertThat(error(in.get(1)).getMessage())
        .contains("field 'response.path'")
        .contains("more than the limit of " + Image.DEFAULT_MAX_BYTES + " bytes");
  }

  @Test
  void should_name_the_field_of_a_malformed_image_part() throws IOException {
    List<BatchInput> in =
        read(
            Mode.POINTWISE,
            "{\"id\": \"a\", \"query\": \"q\", \"response\": {\"type\": \"image\"}}",
            "{\"id\": \"b\", \"query\": [\"q\", {\"type\": \"video\", \"url\": \"x\"}], \"response\":"
                + " \"r\"}",
            "{\"id\": \"c\", \"query\": \"q\", \"response\": {\"type\": \"image\", \"url\":"
                + " \"ftp://host/x.png\"}}",
            "{\"id\": \"d\", \"messages\": [{\"role\": \"assistant\", \"content\": [{\"type\":"
                + " \"image\", \"path\": \"img/chart.png\"}]}, {\"role\": \"user\", \"content\":"
                + " \"q\"}], \"response\": \"r\"}",
            "{\"id\": \"e\", \"query\": \"q\", \"candidates\": [{\"id\": \"A\", \"text\": \"t\","
                + " \"content\": [\"t\"]}]}");

    assertThat(error(in.get(0)).getMessage())
        .contains("field 'response'")
        .contains("exactly one of \"path\" or \"url\"");
    assertThat(error(in.get(1)).getMessage())
        .contains("field 'query[1].type'")
        .contains("expected text, image or image_url but was 'video'");
    assertThat(error(in.get(2)).getMessage())
        .contains("field 'response.url'")
        .contains("scheme 'ftp'");
    assertThat(error(in.get(3)).getMessage())
        .contains("field 'messages[0].content'")
        .contains("only user turns may hold images");
    assertThat(error(in.get(4)).getMessage()).contains("either \"text\" or \"content\"");
  }
}
