package dev.arbiter.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arbiter.core.internal.Hashing;
import dev.arbiter.core.internal.Json;
import dev.arbiter.core.testing.TestImages;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageTest {
  private static final byte[] RED = TestImages.png(2, 2, 0xFF0000);

  @TempDir Path dir;

  @Test
  void should_turn_png_bytes_into_a_png_data_url_hashed_by_its_bytes() throws Exception {
    Image image = Image.fromBytes(RED);

    assertThat(image.url())
        .isEqualTo("data:image/png;base64," + Base64.getEncoder().encodeToString(RED));
    assertThat(image.inline()).isTrue();
    assertThat(image.mimeType()).contains("image/png");
    assertThat(image.sha256())
        .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(RED)));
  }

  @Test
  void should_detect_the_type_from_the_bytes_not_the_file_extension() throws IOException {
    Path disguised = Files.write(dir.resolve("photo.png"), TestImages.jpeg(3, 3, 0x00FF00));
    Path gif = Files.write(dir.resolve("anim.jpg"), TestImages.gif(3, 3, 0x0000FF));

    assertThat(Image.fromFile(disguised).url()).startsWith("data:image/jpeg;base64,");
    assertThat(Image.fromFile(gif).url()).startsWith("data:image/gif;base64,");
  }

  @Test
  void should_recognise_webp_by_its_riff_header() {
    byte[] webp = new byte[16];
    System.arraycopy("RIFF".getBytes(StandardCharsets.US_ASCII), 0, webp, 0, 4);
    System.arraycopy("WEBPVP8L".getBytes(StandardCharsets.US_ASCII), 0, webp, 8, 8);

    assertThat(Image.sniff(webp)).isEqualTo("image/webp");
  }

  @Test
  void should_refuse_a_file_that_is_not_an_image_naming_the_file() throws IOException {
    Path notes = Files.writeString(dir.resolve("notes.png"), "Hello, this is text.");

    assertThatThrownBy(() -> Image.fromFile(notes))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("notes.png")
        .hasMessageContaining("is not a PNG, JPEG, GIF or WebP image")
        .hasMessageContaining("bytes 48 65 6c 6c");
  }

  @Test
  void should_refuse_a_missing_file_naming_it() {
    assertThatThrownBy(() -> Image.fromFile(dir.resolve("gone.png")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("no such image file")
        .hasMessageContaining("gone.png");
  }

  @Test
  void should_refuse_a_file_over_the_size_limit_before_reading_it() throws IOException {
    Path big = dir.resolve("big.png");
    try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
      f.setLength(Image.DEFAULT_MAX_BYTES + 1); // sparse: no time spent writing it
    }

    assertThatThrownBy(() -> Image.fromFile(big))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("big.png")
        .hasMessageContaining("has " + (Image.DEFAULT_MAX_BYTES + 1) + " bytes")
        .hasMessageContaining("limit of " + Image.DEFAULT_MAX_BYTES + " bytes");
  }

  @Test
  void should_apply_a_smaller_limit_to_bytes_and_data_urls() {
    String url = Image.fromBytes(RED).url();

    assertThatThrownBy(() -> Image.fromBytes(RED, 10)).hasMessageContaining("limit of 10 bytes");
    assertThatThrownBy(() -> Image.fromUrl(url, 10)).hasMessageContaining("limit of 10 bytes");
    assertThat(Image.fromUrl(url, RED.length).sha256()).isEqualTo(Image.fromBytes(RED).sha256());
  }

  @Test
  void should_refuse_a_data_url_whose_declared_type_is_not_what_its_bytes_are() {
    String lying = "data:image/jpeg;base64," + Base64.getEncoder().encodeToString(RED);

    assertThatThrownBy(() -> Image.fromUrl(lying))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("says image/jpeg but its bytes are image/png");
  }

  @Test
  void should_refuse_a_data_url_that_is_not_an_image_or_not_base64() {
    String text =
        "data:image/png;base64,"
            + Base64.getEncoder().encodeToString("plain".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> Image.fromUrl(text)).hasMessageContaining("does not hold a PNG");
    assertThatThrownBy(() -> Image.fromUrl("data:image/png;base64,@@@"))
        .hasMessageContaining("not base64");
    assertThatThrownBy(() -> Image.fromUrl("data:image/png,rawbytes"))
        .hasMessageContaining("data:image/png;base64,");
  }

  @Test
  void should_pass_an_http_url_as_given_and_hash_the_url_itself() {
    String url = "https://images.example.org/cat.png?sig=s3cr3t";
    Image image = Image.fromUrl(url);

    assertThat(image.url()).isEqualTo(url);
    assertThat(image.inline()).isFalse();
    assertThat(image.mimeType()).isEmpty();
    assertThat(image.sha256()).isEqualTo(Hashing.sha256(url));
  }

  @Test
  void should_refuse_other_url_schemes_without_echoing_the_url() {
    assertThatThrownBy(() -> Image.fromUrl("file:///etc/passwd"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("scheme 'file'")
        .hasMessageNotContaining("passwd");
    assertThatThrownBy(() -> Image.fromUrl("ftp://user:pw@host/x.png"))
        .hasMessageNotContaining("pw@");
  }

  @Test
  void should_never_print_the_base64_bytes_nor_a_urls_query_or_user_info() {
    Image inline = Image.fromBytes(RED);
    Image remote = Image.fromUrl("https://bob:hunter2@cdn.example.org/a/b.png?token=abc");

    assertThat(inline.toString()).contains("image/png").doesNotContain(inline.base64().get());
    assertThat(remote.toString())
        .isEqualTo("Image[https://cdn.example.org/a/b.png]")
        .doesNotContain("hunter2")
        .doesNotContain("token");
  }

  @Test
  void should_reject_a_hash_that_does_not_match_the_image() {
    String url = Image.fromBytes(RED).url();

    assertThatThrownBy(() -> new Image(url, "0".repeat(64)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("image.sha256");
  }

  @Test
  void should_keep_text_only_messages_and_candidates_json_as_before_and_round_trip_images()
      throws Exception {
    Message plain = Message.user("hi");
    Message mixed =
        Message.user(
            List.of(ContentPart.text("What is shown?"), ContentPart.image(Image.fromBytes(RED))));
    Candidate picture = Candidate.image("A", Image.fromBytes(RED));

    assertThat(Json.write(plain)).doesNotContain("parts");
    assertThat(Json.write(Candidate.of("A", "x"))).doesNotContain("parts");
    assertThat(Json.mapper().readValue(Json.write(mixed), Message.class)).isEqualTo(mixed);
    assertThat(Json.mapper().readValue(Json.write(picture), Candidate.class)).isEqualTo(picture);
    assertThat(mixed.content()).isEqualTo("What is shown?");
    assertThat(picture.text()).isEmpty();
  }

  @Test
  void should_refuse_images_in_assistant_turns_and_parts_that_disagree_with_the_text() {
    List<ContentPart> parts = List.of(ContentPart.image(Image.fromBytes(RED)));

    assertThatThrownBy(() -> Message.of(Role.ASSISTANT, parts))
        .hasMessageContaining("only user turns may hold images");
    assertThatThrownBy(() -> new Candidate("A", "other text", parts))
        .hasMessageContaining("candidate.text");
  }
}
