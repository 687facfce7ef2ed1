import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, expect, test } from "vitest";
import { disposeWorkspace, serverWorkspace } from "../support/tempWorkspace";

// `npm run migrate` applies the migrations of whatever database is configured: the workspace's SQLite
// file, or — with DATABASE_URL, as in the PostgreSQL lane — a PostgreSQL schema.
const run = promisify(execFile);
const ws = serverWorkspace("vm-migrate-");
afterAll(() => disposeWorkspace(ws.dir));

test("npm run migrate applies pending migrations to the configured database, then finds it up to date", async () => {
  const tsx = path.resolve("node_modules/.bin/tsx");
  const env = { ...process.env, ...ws.env };
  const first = await run(tsx, ["scripts/migrate.ts", "apply"], { env });
  expect(first.stdout).toMatch(ws.env.DATABASE_URL ? /applied to postgresql:\/\/.*\(schema vm_test_.*\): \d{14}_init/ : /applied to .*workspace\.sqlite3: \d{14}_init/);
  const second = await run(tsx, ["scripts/migrate.ts", "apply"], { env });
  expect(second.stdout).toMatch(/is up to date/);
}, 60_000);
