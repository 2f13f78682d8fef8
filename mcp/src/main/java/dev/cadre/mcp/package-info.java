/**
 * MCP (Model Context Protocol) for Cadre, on the official MCP Java SDK.
 *
 * <p>As a client: {@link dev.cadre.mcp.McpConnection} connects to one MCP server, over stdio
 * ({@link dev.cadre.mcp.McpServerConfig#stdio}) or streamable HTTP ({@link
 * dev.cadre.mcp.McpServerConfig#http}), and gives its tools to agents as Cadre {@link
 * dev.cadre.tool.Tool}s with the server's schemas unchanged; its resources and prompts are readable
 * too. Calls are bounded in time, and a crashed or hung server becomes a tool error the model
 * reads, then is started again on the next call.
 *
 * <p>As a server: {@link dev.cadre.mcp.CadreMcpServer} serves Cadre tools, and agents as tools, to
 * any MCP client over stdio; {@link dev.cadre.mcp.CadreMcpServerMain} runs one as a process.
 */
package dev.cadre.mcp;
