import fs from "node:fs/promises";

/** The workspace folder can be read and written (a full or read-only disk fails here). */
export async function probeWorkspace(root: string): Promise<void> {
  await fs.access(root, fs.constants.R_OK | fs.constants.W_OK);
}
