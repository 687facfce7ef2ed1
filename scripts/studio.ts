// `npm run studio`: Prisma Studio on the workspace database. Prisma 7's Studio wants an absolute file: URL.
import { spawn } from "node:child_process";
import path from "node:path";
import { loadSettings } from "../lib/config/settings";

const file = path.join(loadSettings().workspaceDir, "workspace.sqlite3");
const url = `file://${file}`;
console.log(`Prisma Studio on ${url}`);
const args = process.argv.slice(2);
if (!args.includes("--port")) args.push("--port", "5555");
const child = spawn("npx", ["prisma", "studio", "--url", url, ...args], {
  stdio: "inherit",
  env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: path.resolve("scripts/no-schema-engine.sh") },
});
child.on("exit", (code) => process.exit(code ?? 0));
