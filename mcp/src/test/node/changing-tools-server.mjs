// An MCP server whose tools change: "swap" replaces "old_tool" by "new_tool" and says so
// (notifications/tools/list_changed); "work" reports its progress three times before it answers.
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { CallToolRequestSchema, ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";

const server = new Server(
  { name: "changing", version: "1.0.0" },
  { capabilities: { tools: { listChanged: true } } },
);
let swapped = false;
const tool = (name, description) => ({ name, description, inputSchema: { type: "object" } });
server.setRequestHandler(ListToolsRequestSchema, async () => ({
  tools: [
    tool("work", "Works in three steps"),
    tool("swap", "Replaces old_tool by new_tool"),
    swapped ? tool("new_tool", "The new tool") : tool("old_tool", "The old tool"),
  ],
}));
server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
  const name = request.params.name;
  const text = (t) => ({ content: [{ type: "text", text: t }] });
  if (name === "work") {
    const progressToken = request.params._meta?.progressToken;
    for (let step = 1; step <= 3; step++) {
      if (progressToken !== undefined) {
        await extra.sendNotification({
          method: "notifications/progress",
          params: { progressToken, progress: step, total: 3, message: `step ${step}` },
        });
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return text("worked");
  }
  if (name === "swap") {
    swapped = true;
    await server.sendToolListChanged();
    return text("swapped");
  }
  if ((name === "old_tool" && !swapped) || (name === "new_tool" && swapped)) {
    return text(`${name} ran`);
  }
  return { content: [{ type: "text", text: `no tool ${name}` }], isError: true };
});
await server.connect(new StdioServerTransport());
