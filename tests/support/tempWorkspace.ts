import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createContainer, resetContainer, type Container, type Overrides } from "@/lib/container";
import { loadSettings } from "@/lib/config/settings";

/**
 * A fresh workspace in a temp directory, served by the real container — the same wiring `next start`
 * uses, pointed elsewhere through configuration (VM_WORKSPACE), never through a code switch.
 */
export const TEST_SETTINGS = path.resolve("tests/fixtures/settings.test.yaml");

/**
 * With VM_TEST_DATABASE_URL set (the PostgreSQL lane), every workspace gets a fresh schema of that
 * server instead of its own SQLite file; everything else is identical.
 */
function databaseFor(dir: string): string | undefined {
  const base = process.env.VM_TEST_DATABASE_URL;
  if (!base) return undefined;
  const u = new URL(base);
  u.searchParams.set("schema", `vm_test_${path.basename(dir).replace(/[^a-zA-Z0-9]/g, "_").toLowerCase()}`);
  return u.toString();
}

export async function useTempWorkspace(overrides?: Overrides): Promise<{ dir: string; container: Container }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vm-ws-"));
  process.env.VM_WORKSPACE = dir;
  process.env.VM_SETTINGS ??= TEST_SETTINGS;
  const db = databaseFor(dir);
  if (db) process.env.DATABASE_URL = db;
  const container = createContainer(loadSettings(), overrides);
  await container.ready;
  await resetContainer(container);
  return { dir, container };
}

export async function disposeWorkspace(dir: string) {
  await resetContainer(undefined);
  const db = databaseFor(dir);
  if (db) {
    const { default: pg } = await import("pg");
    const u = new URL(db);
    const schema = u.searchParams.get("schema")!;
    u.searchParams.delete("schema");
    const client = new pg.Client({ connectionString: u.toString() });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Every file under `dir`, relative, sorted (the database, its WAL files and the derived memory index aside). */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else out.push(path.relative(dir, full));
    }
  };
  walk(dir);
  return out.filter((f) => !f.startsWith("workspace.sqlite3") && !f.startsWith("memory/")).sort();
}

/**
 * A fresh workspace for a real server process (`next start`): its environment, on SQLite or — in the
 * PostgreSQL lane — on a fresh schema of VM_TEST_DATABASE_URL. Dispose of it with disposeWorkspace.
 */
export function serverWorkspace(prefix = "vm-srv-"): { dir: string; env: Record<string, string> } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const db = databaseFor(dir);
  return { dir, env: { VM_WORKSPACE: dir, VM_SETTINGS: TEST_SETTINGS, ...(db && { DATABASE_URL: db }) } };
}
