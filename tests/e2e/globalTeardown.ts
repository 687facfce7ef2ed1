import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** Removes the throwaway workspaces playwright.config.ts made for this run (only those). */
export default function globalTeardown() {
  for (const dir of [process.env.VM_E2E_WORKSPACE, process.env.VM_E2E_WORKSPACE_NOKEY]) {
    if (dir && path.dirname(dir) === os.tmpdir() && path.basename(dir).startsWith("vm-e2e-")) {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
}
