package dev.arbiter.core.testing;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Tiny real images, encoded by the JDK's own ImageIO, for tests (published in the test-jar). */
public final class TestImages {
  private TestImages() {}

  /** A PNG of {@code width} x {@code height} pixels, all of colour {@code rgb}. */
  public static byte[] png(int width, int height, int rgb) {
    return encode("png", width, height, rgb);
  }

  /** A JPEG of {@code width} x {@code height} pixels, all of colour {@code rgb}. */
  public static byte[] jpeg(int width, int height, int rgb) {
    return encode("jpeg", width, height, rgb);
  }

  /** A GIF of {@code width} x {@code height} pixels, all of colour {@code rgb}. */
  public static byte[] gif(int width, int height, int rgb) {
    return encode("gif", width, height, rgb);
  }

  private static byte[] encode(String format, int width, int height, int rgb) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, rgb);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, format, out)) {
        throw new IllegalStateException("the JDK has no " + format + " writer");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
