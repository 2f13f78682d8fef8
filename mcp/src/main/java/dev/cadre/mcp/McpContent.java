package dev.cadre.mcp;

import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * What a tool of a {@link CadreMcpServer} may answer with beside plain text: text, images, audio
 * and embedded resources, in order, as MCP content blocks. Returned from a {@link McpServerTool}.
 *
 * @param blocks the blocks, in the order the client shows them
 */
public record McpContent(List<Block> blocks) {

  public McpContent {
    blocks = List.copyOf(Objects.requireNonNull(blocks, "blocks"));
  }

  /** Content made of {@code blocks}. */
  public static McpContent of(Block... blocks) {
    return new McpContent(List.of(blocks));
  }

  /** One content block. */
  public sealed interface Block permits Text, Image, Audio, Resource {}

  /** Text. */
  public record Text(String text) implements Block {}

  /** An image: its bytes and MIME type ({@code image/png}). */
  public record Image(byte[] data, String mimeType) implements Block {
    String base64() {
      return Base64.getEncoder().encodeToString(data);
    }
  }

  /** Audio: its bytes and MIME type ({@code audio/wav}). */
  public record Audio(byte[] data, String mimeType) implements Block {
    String base64() {
      return Base64.getEncoder().encodeToString(data);
    }
  }

  /** A text resource embedded in the answer. */
  public record Resource(String uri, String mimeType, String text) implements Block {}
}
