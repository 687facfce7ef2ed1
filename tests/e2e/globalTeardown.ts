import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** Removes the throwaway workspace playwright.config.ts made for this run (only that one). */
export default function globalTeardown() {
  const dir = process.env.VM_E2E_WORKSPACE;
  if (dir && path.dirname(dir) === os.tmpdir() && path.basename(dir).startsWith("vm-e2e-")) {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
