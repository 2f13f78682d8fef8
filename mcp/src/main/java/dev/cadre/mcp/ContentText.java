package dev.cadre.mcp;

import dev.cadre.core.Json;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * MCP content as a model reads it: text as it is, and one line saying what each other block is (an
 * image or audio is never pasted into a conversation as base64). Used by the client for tool
 * results, prompts and sampling, and by the server for what its tools answer.
 */
final class ContentText {

  private ContentText() {}

  static McpResource.Contents contents(McpSchema.ResourceContents part) {
    if (part instanceof McpSchema.TextResourceContents text) {
      return new McpResource.Contents(text.uri(), text.mimeType(), text.text(), null);
    }
    McpSchema.BlobResourceContents blob = (McpSchema.BlobResourceContents) part;
    return new McpResource.Contents(blob.uri(), blob.mimeType(), null, blob.blob());
  }

  /**
   * Content blocks as text for a model: text as it is, one line per other block saying what it is
   * (an image or audio is not pasted into the conversation as base64).
   */
  static String render(List<McpSchema.Content> blocks) {
    if (blocks == null) {
      return "";
    }
    List<String> parts = new ArrayList<>();
    for (McpSchema.Content block : blocks) {
      if (block instanceof McpSchema.TextContent text) {
        parts.add(text.text());
      } else if (block instanceof McpSchema.ImageContent image) {
        parts.add("[image " + image.mimeType() + ", " + decodedSize(image.data()) + " bytes]");
      } else if (block instanceof McpSchema.AudioContent audio) {
        parts.add("[audio " + audio.mimeType() + ", " + decodedSize(audio.data()) + " bytes]");
      } else if (block instanceof McpSchema.EmbeddedResource embedded) {
        McpResource.Contents c = contents(embedded.resource());
        parts.add(
            c.text() != null
                ? "[resource " + c.uri() + "]\n" + c.text()
                : "[resource "
                    + c.uri()
                    + ", "
                    + c.mimeType()
                    + ", "
                    + decodedSize(c.blob())
                    + " bytes]");
      } else if (block instanceof McpSchema.ResourceLink link) {
        parts.add(
            "[resource link " + link.uri() + (link.name() == null ? "" : " " + link.name()) + "]");
      } else {
        parts.add(Json.write(block));
      }
    }
    return String.join("\n", parts);
  }

  static int decodedSize(String base64) {
    if (base64 == null) {
      return 0;
    }
    try {
      return Base64.getDecoder().decode(base64).length;
    } catch (IllegalArgumentException e) {
      return base64.length() * 3 / 4;
    }
  }
}
