package dev.cadre.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Images and documents from files, and the checks that name what is wrong. */
class ContentPartTest {

  @TempDir Path dir;

  private static final byte[] BYTES = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 1, 2};

  @Test
  void anImageFileGetsItsMediaTypeFromItsExtension() throws Exception {
    Path photo = Files.write(dir.resolve("Photo.JPEG"), BYTES);

    ContentPart.Image image = ContentPart.imageFile(photo);

    assertThat(image.mediaType()).isEqualTo("image/jpeg");
    assertThat(image.bytes()).isEqualTo(BYTES);
    assertThat(image.asUrl()).startsWith("data:image/jpeg;base64,");
  }

  @Test
  void aFileOfAnUnknownImageTypeIsRefusedNamingIt() throws Exception {
    Path tiff = Files.write(dir.resolve("scan.tiff"), BYTES);
    Path none = Files.write(dir.resolve("scan"), BYTES);

    assertThatThrownBy(() -> ContentPart.imageFile(tiff))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(tiff.toString())
        .hasMessageContaining(".png, .jpg, .jpeg, .gif or .webp");
    assertThatThrownBy(() -> ContentPart.imageFile(none))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(none.toString());
  }

  @Test
  void aMissingFileIsNamed() {
    Path missing = dir.resolve("gone.png");

    assertThatThrownBy(() -> ContentPart.imageFile(missing))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining(missing.toString());
    assertThatThrownBy(() -> ContentPart.pdfFile(dir.resolve("gone.pdf")))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("gone.pdf");
  }

  @Test
  void aPdfFileIsAnInlineDocument() throws Exception {
    Path pdf = Files.write(dir.resolve("paper.pdf"), new byte[] {'%', 'P', 'D', 'F'});

    ContentPart.Document document = ContentPart.pdfFile(pdf);

    assertThat(document.mediaType()).isEqualTo("application/pdf");
    assertThat(document.data()).isEqualTo("JVBERg==");
    assertThat(document.toString()).isEqualTo("Document[application/pdf, 4 bytes]");
  }

  @Test
  void anImagesDetailIsLowHighOrAuto() {
    assertThat(ContentPart.imageUrl("https://example.com/a.png").withDetail("high").detail())
        .isEqualTo("high");
    assertThatThrownBy(() -> ContentPart.imageUrl("https://example.com/a.png").withDetail("max"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'max'");
  }
}
