// An MCP server with a broken tools/list: every page names the same nextCursor, so a client that
// follows cursors blindly asks forever. After 200 pages it gives up and ends the list, so that a
// client without a guard fails its test by returning 200 tools instead of spinning.
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";

const server = new Server(
  { name: "repeat-cursor", version: "1.0.0" },
  { capabilities: { tools: {} } },
);
let page = 0;
server.setRequestHandler(ListToolsRequestSchema, async () => {
  page++;
  const tools = [{ name: `tool-${page}`, inputSchema: { type: "object" } }];
  return page < 200 ? { tools, nextCursor: "page-again" } : { tools };
});
await server.connect(new StdioServerTransport());
