// An MCP server whose tool "slow" runs until the client cancels it (or a minute passes), and whose
// tool "running" counts the slow calls under way, and "cancellations" says which calls were cancelled and why: the test reads it to see whether
// the client sent notifications/cancelled.
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { CallToolRequestSchema, ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";

const server = new Server({ name: "cancel", version: "1.0.0" }, { capabilities: { tools: {} } });
const cancelled = [];
let running = 0;
server.setRequestHandler(ListToolsRequestSchema, async () => ({
  tools: [
    { name: "slow", inputSchema: { type: "object" } },
    { name: "cancellations", inputSchema: { type: "object" } },
    { name: "running", inputSchema: { type: "object" } },
  ],
}));
server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
  if (request.params.name === "cancellations") {
    return { content: [{ type: "text", text: JSON.stringify(cancelled) }] };
  }
  if (request.params.name === "running") {
    return { content: [{ type: "text", text: String(running) }] };
  }
  running++;
  await new Promise((resolve) => {
    const timer = setTimeout(resolve, 60_000);
    extra.signal.addEventListener("abort", () => {
      clearTimeout(timer);
      cancelled.push(`request ${extra.requestId}: ${extra.signal.reason}`);
      resolve();
    });
  });
  running--;
  return { content: [{ type: "text", text: "finished" }] };
});
await server.connect(new StdioServerTransport());
