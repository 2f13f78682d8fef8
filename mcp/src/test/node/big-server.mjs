// An MCP server whose tool "big" answers with as many characters as asked for ("size"), and whose
// tool "echo" answers with its "text", and "weather" with a text and a structured result: for
// tests of the client's size limits and of what reaches the model.
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { CallToolRequestSchema, ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";

const server = new Server({ name: "big", version: "1.0.0" }, { capabilities: { tools: {} } });
server.setRequestHandler(ListToolsRequestSchema, async () => ({
  tools: [
    { name: "big", inputSchema: { type: "object", properties: { size: { type: "integer" } } } },
    { name: "echo", inputSchema: { type: "object", properties: { text: { type: "string" } } } },
    {
      name: "weather",
      inputSchema: { type: "object" },
      outputSchema: { type: "object", properties: { celsius: { type: "number" } } },
    },
  ],
}));
server.setRequestHandler(CallToolRequestSchema, async (request) => {
  const args = request.params.arguments ?? {};
  if (request.params.name === "weather") {
    return {
      content: [{ type: "text", text: "36 degrees and light rain" }],
      structuredContent: { celsius: 36 },
    };
  }
  if (request.params.name === "echo") {
    return { content: [{ type: "text", text: String(args.text) }] };
  }
  // Quotes and backslashes inside, so that a scanner of the JSON must follow its escapes.
  const text = 'a"b\\c'.repeat(Math.ceil(args.size / 5)).slice(0, args.size);
  return { content: [{ type: "text", text }] };
});
await server.connect(new StdioServerTransport());
