// Drives a Cadre MCP server with the MCP TypeScript SDK's own client, as any MCP host would:
// node drive-cadre-server.mjs <command> <args...>. Prints one JSON object with what it saw.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

const [command, ...args] = process.argv.slice(2);
const transport = new StdioClientTransport({ command, args, stderr: "inherit" });
const client = new Client({ name: "cadre-mcp-test", version: "1.0.0" });
await client.connect(transport);

const seen = { server: client.getServerVersion() };
seen.tools = (await client.listTools()).tools;
seen.sum = await client.callTool({ name: "add", arguments: { a: 2, b: 40 } });
seen.invalid = await client.callTool({ name: "add", arguments: { a: 2, b: "forty" } });
seen.failing = await client.callTool({ name: "fail", arguments: {} });
seen.agent = await client.callTool({ name: "poet", arguments: { task: "A line about tea" } });
try {
  await client.callTool({ name: "no_such_tool", arguments: {} });
  seen.unknown = "answered";
} catch (e) {
  seen.unknown = String(e.message ?? e);
}
await client.close();
console.log(JSON.stringify(seen));
