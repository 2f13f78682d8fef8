package dev.cadre.mcp;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What an MCP tool call returned.
 *
 * @param text the content blocks as text: text as written, other blocks (images, audio, embedded
 *     resources, resource links) one line each saying what they are
 * @param structuredContent the tool's structured result, or {@code null} if it gave none
 * @param error true when the server reported the call as failed ({@code isError}); {@code text}
 *     then says why
 */
public record McpToolResult(String text, JsonNode structuredContent, boolean error) {}
