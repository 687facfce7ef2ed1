import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "vitest";
import { openDatabase } from "@/lib/storage/prisma/openDatabase";

// better-sqlite3 builds SQLite with WAL's synchronous lowered to NORMAL: commits that a power cut can take
// back while the files written with them stay. The README promises FULL; this holds the connection to it.
test("the workspace database is in WAL mode and a commit is flushed before it returns (synchronous=FULL)", async () => {
  const workspaceDir = fs.mkdtempSync(path.join(os.tmpdir(), "vm-sync-"));
  const { db } = openDatabase({ url: "", workspaceDir, projectDir: process.cwd() }, () => {});
  try {
    const pragma = (name: string) => db.$transaction((tx) => tx.$queryRawUnsafe<Record<string, unknown>[]>(`PRAGMA ${name}`));
    expect(await pragma("journal_mode")).toEqual([{ journal_mode: "wal" }]);
    expect((await pragma("synchronous")).map((r) => Number(r.synchronous))).toEqual([2]);
  } finally {
    await db.$disconnect();
    fs.rmSync(workspaceDir, { recursive: true, force: true });
  }
});
