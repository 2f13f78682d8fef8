package dev.cadre.model;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Base64;
import java.util.Objects;

/**
 * One part of a message that mixes text and images, in order: a task or an agent's answer ({@link
 * dev.cadre.agent.AgentMessage.MultiModal}) and the user message a model gets from it ({@link
 * ChatMessage.User#parts()}).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = ContentPart.Text.class, name = "text"),
  @JsonSubTypes.Type(value = ContentPart.Image.class, name = "image")
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

  /** Text. */
  record Text(String text) implements ContentPart {
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
   */
  record Image(String url, String mediaType, String data) implements ContentPart {
    public Image {
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
}
