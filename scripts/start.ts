// `npm start`: validate settings, apply migrations, build if the sources changed, then `next start`
// on settings.server.host:port (127.0.0.1:3000 by default). `npm run dev` starts `next dev` instead.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { ConfigError, databaseConfig, loadSettings } from "../lib/config/settings";
import { migrateDatabase } from "../lib/storage/prisma/openDatabase";

const BUILD_INPUTS = ["app", "lib", "public", "package.json", "package-lock.json", "next.config.ts", "tsconfig.json", "postcss.config.mjs", "instrumentation.ts", "generated/prisma"];

function newestMtime(p: string): number {
  if (!fs.existsSync(p)) return 0;
  const stat = fs.statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return fs.readdirSync(p).reduce((max, name) => Math.max(max, newestMtime(path.join(p, name))), stat.mtimeMs);
}

function buildIsStale(): boolean {
  const buildId = path.join(".next", "BUILD_ID");
  if (!fs.existsSync(buildId)) return true;
  const built = fs.statSync(buildId).mtimeMs;
  return BUILD_INPUTS.some((p) => newestMtime(p) > built);
}

async function main() {
  const dev = process.argv.includes("--dev");
  const major = Number(process.versions.node.split(".")[0]);
  if (major < 22) {
    // It still runs, but Node 20 is past its end of life and LanceDB, pg-boss and the AWS SDK want 22.
    console.warn(`VM Studio wants Node.js 22.12 or newer (package.json "engines"); this is ${process.version}. See README → The two commands.`);
  }
  let settings;
  try {
    settings = loadSettings();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`VM Studio cannot start: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
  fs.mkdirSync(settings.workspaceDir, { recursive: true });
  await migrateDatabase(databaseConfig(settings));

  // NEXT_MANUAL_SIG_HANDLE: Next leaves SIGTERM / SIGINT to the app, which lets stages in flight finish (lib/boot.ts).
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NEXT_MANUAL_SIG_HANDLE: "true" };
  if (!dev && buildIsStale()) {
    console.log("Building VM Studio (first start, or the sources changed)…");
    const build = spawnSync("npx", ["next", "build"], { stdio: "inherit", env });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }
  const { host, port } = settings.server;
  console.log(`VM Studio: http://${host}:${port}  (workspace: ${settings.workspaceDir})`);
  if (!settings.secrets.llmApiKey) {
    console.log("No LLM API key configured: everything but generation works. See README → LLM provider.");
  }
  const child = spawn("npx", ["next", dev ? "dev" : "start", "-H", host, "-p", String(port)], { stdio: "inherit", env });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
  child.on("exit", (code) => process.exit(code ?? 0));
}

main().catch((err) => {
  console.error(`VM Studio cannot start: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
