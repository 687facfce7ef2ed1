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

export async function useTempWorkspace(overrides?: Overrides): Promise<{ dir: string; container: Container }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vm-ws-"));
  process.env.VM_WORKSPACE = dir;
  process.env.VM_SETTINGS ??= TEST_SETTINGS;
  const container = createContainer(loadSettings(), overrides);
  await resetContainer(container);
  return { dir, container };
}

export async function disposeWorkspace(dir: string) {
  await resetContainer(undefined);
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
