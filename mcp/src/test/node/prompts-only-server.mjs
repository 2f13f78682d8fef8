// An MCP server that declares prompts only: no tools, no resources. A client must not ask it for
// what it does not declare, and must not count its empty capabilities as a broken session.
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { ListPromptsRequestSchema } from "@modelcontextprotocol/sdk/types.js";

const server = new Server(
  { name: "prompts-only", version: "1.0.0" },
  { capabilities: { prompts: {} } },
);
server.setRequestHandler(ListPromptsRequestSchema, async () => ({
  prompts: [{ name: "greet", description: "Says hello" }],
}));
await server.connect(new StdioServerTransport());
