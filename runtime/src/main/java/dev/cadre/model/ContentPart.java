package dev.cadre.model;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One part of a message that mixes text and images, in order: a task or an agent's answer ({@link
 * dev.cadre.agent.AgentMessage.MultiModal}) and the user message a model gets from it ({@link
 * ChatMessage.User#parts()}).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = ContentPart.Text.class, name = "text"),
  @JsonSubTypes.Type(value = ContentPart.Image.class, name = "image"),
  @JsonSubTypes.Type(value = ContentPart.Document.class, name = "document")
})
public sealed interface ContentPart {

  /** A text part. */
  static Text text(String text) {
    return new Text(text);
  }

  /** An image the model fetches from {@code url} (https, or a {@code data:} URL). */
  static Image imageUrl(String url) {
    return new Image(url, null, null);
  }

  /** An image given as its bytes, of {@code mediaType} such as {@code image/png}. */
  static Image image(byte[] bytes, String mediaType) {
    Objects.requireNonNull(bytes, "bytes");
    return new Image(null, mediaType, Base64.getEncoder().encodeToString(bytes));
  }

  /**
   * An image read from a file, its media type from the file's extension: {@code .png}, {@code
   * .jpg}/{@code .jpeg}, {@code .gif} or {@code .webp}, the formats both OpenAI and Anthropic take.
   *
   * @throws IllegalArgumentException naming the file when its extension is none of these
   * @throws UncheckedIOException naming the file when it cannot be read
   */
  static Image imageFile(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    String extension = name.substring(name.lastIndexOf('.') + 1);
    String mediaType = IMAGE_TYPES.get(extension);
    if (mediaType == null || !name.contains(".")) {
      throw new IllegalArgumentException(
          "cannot tell the image type of "
              + file
              + ": name it .png, .jpg, .jpeg, .gif or .webp,"
              + " or use ContentPart.image(bytes, type)");
    }
    return image(read(file), mediaType);
  }

  /** A PDF document given as its bytes, which Anthropic and OpenAI read. */
  static Document pdf(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    return new Document(null, "application/pdf", Base64.getEncoder().encodeToString(bytes));
  }

  /** A PDF document read from a file. */
  static Document pdfFile(Path file) {
    return pdf(read(file));
  }

  /** A PDF document the provider fetches from {@code url}: Anthropic only. */
  static Document pdfUrl(String url) {
    return new Document(url, "application/pdf", null);
  }

  /** The media types {@link #imageFile} knows, by file extension. */
  Map<String, String> IMAGE_TYPES =
      Map.of(
          "png", "image/png",
          "jpg", "image/jpeg",
          "jpeg", "image/jpeg",
          "gif", "image/gif",
          "webp", "image/webp");

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Text. */
  record Text(String text) implements ContentPart {
    /** Checks the text. */
    public Text {
      Objects.requireNonNull(text, "text");
    }
  }

  /**
   * An image, either at a URL or given inline: exactly one of {@code url} and {@code data}.
   *
   * @param url where the image is, or null when it is inline
   * @param mediaType its media type ({@code image/png}, {@code image/jpeg}...): required with
   *     {@code data}, optional with a URL
   * @param data the image's bytes in base64, or null when it is at a URL
   * @param detail how closely the model looks at it, for OpenAI: {@code low} (cheaper), {@code
   *     high} or {@code auto}; null for the provider's default
   */
  record Image(
      String url,
      String mediaType,
      String data,
      @JsonInclude(JsonInclude.Include.NON_NULL) String detail)
      implements ContentPart {
    /** Checks the detail (low, high or auto) and where the image is. */
    public Image {
      if (detail != null
          && !detail.equals("low")
          && !detail.equals("high")
          && !detail.equals("auto")) {
        throw new IllegalArgumentException(
            "an image's detail is low, high or auto, got '" + detail + "'");
      }
      if ((url == null) == (data == null)) {
        throw new IllegalArgumentException(
            "an image part needs exactly one of a url and inline data, "
                + (url == null ? "got neither" : "got both"));
      }
      if (url != null && url.isBlank()) {
        throw new IllegalArgumentException("an image part's url is blank");
      }
      if (data != null) {
        if (mediaType == null || !mediaType.startsWith("image/")) {
          throw new IllegalArgumentException(
              "an inline image part needs a media type such as image/png, got " + mediaType);
        }
        try {
          Base64.getDecoder().decode(data);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              "an inline image part's data is not base64: " + e.getMessage(), e);
        }
      }
    }

    /** An image without a detail level. */
    public Image(String url, String mediaType, String data) {
      this(url, mediaType, data, null);
    }

    /** This image with the detail level given: {@code low}, {@code high} or {@code auto}. */
    public Image withDetail(String detail) {
      return new Image(url, mediaType, data, detail);
    }

    /** The image as a {@code data:} URL when it is inline, else its URL. */
    public String asUrl() {
      return data == null ? url : "data:" + mediaType + ";base64," + data;
    }

    /** The image's bytes, or null when it is at a URL. */
    public byte[] bytes() {
      return data == null ? null : Base64.getDecoder().decode(data);
    }

    /**
     * Names the image without its data, which may be megabytes, or a URL's query, which may hold a
     * signature.
     */
    @Override
    public String toString() {
      if (data != null) {
        return "Image[" + mediaType + ", " + Base64.getDecoder().decode(data).length + " bytes]";
      }
      if (url.startsWith("data:")) {
        return "Image[data URL, " + url.length() + " chars]";
      }
      int query = url.indexOf('?');
      return "Image[" + (query < 0 ? url : url.substring(0, query) + "?...") + "]";
    }
  }

  /**
   * A document, such as a PDF, at a URL or given inline: exactly one of {@code url} and {@code
   * data}. Anthropic reads PDFs inline or at a URL; OpenAI's Chat Completions inline only (as a
   * {@code file} part).
   *
   * @param url where the document is, or null when it is inline
   * @param mediaType its media type, {@code application/pdf}
   * @param data its bytes in base64, or null when it is at a URL
   */
  record Document(String url, String mediaType, String data) implements ContentPart {
    /** Checks that the document is at a URL or in data, not both. */
    public Document {
      if ((url == null) == (data == null)) {
        throw new IllegalArgumentException(
            "a document part needs exactly one of a url and inline data, "
                + (url == null ? "got neither" : "got both"));
      }
      Objects.requireNonNull(mediaType, "mediaType");
    }

    /** Names the document without its data. */
    @Override
    public String toString() {
      return data != null
          ? "Document[" + mediaType + ", " + Base64.getDecoder().decode(data).length + " bytes]"
          : "Document[" + url + "]";
    }
  }
}
