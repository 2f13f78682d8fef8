package dev.cadre.mcp;

import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * What a tool of a {@link CadreMcpServer} may answer with beside plain text: text, images, audio
 * and embedded resources, in order, as MCP content blocks. Returned from a {@link McpServerTool},
 * or from a prompt of {@link CadreMcpServer.Builder#promptContent}.
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

  /** The blocks as MCP content, each its own block. */
  List<McpSchema.Content> toMcp() {
    List<McpSchema.Content> mcp = new ArrayList<>();
    for (Block block : blocks) {
      if (block instanceof Text text) {
        mcp.add(new McpSchema.TextContent(text.text()));
      } else if (block instanceof Image image) {
        mcp.add(new McpSchema.ImageContent(null, image.base64(), image.mimeType()));
      } else if (block instanceof Audio audio) {
        mcp.add(new McpSchema.AudioContent(null, audio.base64(), audio.mimeType()));
      } else if (block instanceof Resource resource) {
        mcp.add(
            new McpSchema.EmbeddedResource(
                null,
                new McpSchema.TextResourceContents(
                    resource.uri(), resource.mimeType(), resource.text())));
      }
    }
    return mcp;
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
