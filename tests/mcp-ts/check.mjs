// An independent MCP client: the TypeScript SDK drives `pyro mcp serve` over stdio.
// Usage: PYRO=/path/to/pyro node check.mjs   (state goes to $PYRO_HOME if set)
import assert from "node:assert/strict";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

const pyro = process.env.PYRO ?? "pyro";

async function connect(profile) {
  const transport = new StdioClientTransport({
    command: pyro,
    args: ["mcp", "serve", "--profile", profile],
    env: { ...process.env },
    stderr: "inherit",
  });
  const client = new Client({ name: "pyro-ts-check", version: "1.0.0" });
  await client.connect(transport);
  return client;
}

async function call(client, name, args) {
  // The SDK client checks structuredContent against the tool's outputSchema itself.
  const result = await client.callTool({ name, arguments: args });
  assert.notEqual(result.isError, true, `${name} failed: ${JSON.stringify(result.content)}`);
  assert.ok(result.structuredContent, `${name} returned no structured content`);
  return result.structuredContent;
}

const oneShot = await connect("vm-run");
try {
  const { tools } = await oneShot.listTools();
  assert.deepEqual(tools.map((t) => t.name), ["vm_run"]);
  const run = await call(oneShot, "vm_run", { command: "echo hello from $(hostname)" });
  assert.equal(run.stdout, "hello from pyro\n");
  assert.equal(run.exit_code, 0);
  console.error("ts-check: vm-run profile ok");
} finally {
  await oneShot.close();
}

const core = await connect("workspace-core");
let created;
try {
  const { tools } = await core.listTools();
  const names = tools.map((t) => t.name);
  assert.ok(names.includes("workspace_exec") && !names.includes("snapshot_create"), names.join(","));
  created = await call(core, "workspace_create", { name: "ts-check" });
  await call(core, "workspace_file_write", { workspace_id: "ts-check", path: "hello.txt", text: "hi\n" });
  const exec = await call(core, "workspace_exec", { workspace_id: "ts-check", command: "cat hello.txt" });
  assert.equal(exec.stdout, "hi\n");
  const diff = await call(core, "workspace_diff", { workspace_id: created.workspace_id });
  assert.equal(diff.changed, true);
  const bad = await core.callTool({ name: "workspace_status", arguments: { workspace_id: "no-such" } });
  assert.equal(bad.isError, true);
  await assert.rejects(core.callTool({ name: "snapshot_create", arguments: { workspace_id: "ts-check", snapshot_name: "s" } }));
  const deleted = await call(core, "workspace_delete", { workspace_id: "ts-check" });
  assert.equal(deleted.deleted, true);
  created = undefined;
  console.error("ts-check: workspace-core loop ok");
} finally {
  if (created) {
    await core.callTool({ name: "workspace_delete", arguments: { workspace_id: created.workspace_id } }).catch(() => {});
  }
  await core.close();
}
