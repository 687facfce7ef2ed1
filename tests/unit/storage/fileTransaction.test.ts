import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeEach, expect, test } from "vitest";
import { FileTransaction } from "@/lib/storage/files/fileTransaction";
import { resolveInside } from "@/lib/storage/files/safePath";
import { sweepTempFiles } from "@/lib/storage/files/sweepTempFiles";
import { listFiles } from "../../support/tempWorkspace";

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "vm-ft-"));
});
const tx = () => new FileTransaction(root, path.join(root, ".trash"));
const read = (key: string) => fs.readFileSync(path.join(root, key), "utf8");

test("staged files are invisible until commit and land with their content", async () => {
  const t = tx();
  await t.put("brands/a/soul.md", "alma");
  expect(fs.existsSync(path.join(root, "brands/a/soul.md"))).toBe(false);
  await t.commit();
  await t.finish();
  expect(read("brands/a/soul.md")).toBe("alma");
  expect(listFiles(root)).toEqual(["brands/a/soul.md"]);
});

test("rollback after commit restores replaced files, removed trees and deletes new ones", async () => {
  fs.mkdirSync(path.join(root, "brands/a/products/p"), { recursive: true });
  fs.writeFileSync(path.join(root, "brands/a/soul.md"), "old");
  fs.writeFileSync(path.join(root, "brands/a/products/p/essence.md"), "essence");
  const t = tx();
  await t.put("brands/a/soul.md", "new");
  await t.put("brands/b/soul.md", "other");
  await t.removeTree("brands/a/products");
  await t.commit();
  expect(read("brands/a/soul.md")).toBe("new");
  expect(fs.existsSync(path.join(root, "brands/a/products"))).toBe(false);
  await t.rollback(); // e.g. the database commit failed after the files were in place
  expect(read("brands/a/soul.md")).toBe("old");
  expect(read("brands/a/products/p/essence.md")).toBe("essence");
  expect(fs.existsSync(path.join(root, "brands/b"))).toBe(false);
  expect(listFiles(root)).toEqual(["brands/a/products/p/essence.md", "brands/a/soul.md"]);
});

test("a log appended several times in one unit keeps its lines in order, beside a new file, and rolls back whole", async () => {
  fs.mkdirSync(path.join(root, "runs/r"), { recursive: true });
  fs.writeFileSync(path.join(root, "runs/r/events.jsonl"), "1\n");
  const t = tx();
  await t.append("runs/r/events.jsonl", "2\n");
  await t.put("runs/r/snapshots/a.json", "{}");
  await t.append("runs/r/events.jsonl", "3\n");
  await t.append("runs/new/events.jsonl", "x\n"); // a new log: its folder is created and flushed
  await t.append("runs/new/events.jsonl", "y\n");
  await t.append("runs/r/events.jsonl", "4\n");
  await t.commit();
  expect(read("runs/r/events.jsonl")).toBe("1\n2\n3\n4\n");
  expect(read("runs/new/events.jsonl")).toBe("x\ny\n");
  expect(read("runs/r/snapshots/a.json")).toBe("{}");
  await t.rollback(); // the database commit failed after all
  expect(read("runs/r/events.jsonl")).toBe("1\n");
  expect(fs.existsSync(path.join(root, "runs/new/events.jsonl"))).toBe(false);
  expect(fs.existsSync(path.join(root, "runs/r/snapshots/a.json"))).toBe(false);
});

test("rollback before commit leaves no temp file behind", async () => {
  const t = tx();
  await t.put("threads/t/chat.jsonl", "");
  await t.rollback();
  expect(listFiles(root)).toEqual([]);
});

test("temp files left by a crash are swept at start", () => {
  fs.mkdirSync(path.join(root, "brands/a"), { recursive: true });
  fs.writeFileSync(path.join(root, "brands/a/.vmtmp-soul.md.abc123"), "half");
  fs.writeFileSync(path.join(root, "brands/a/soul.md"), "whole");
  expect(sweepTempFiles(root)).toBe(1);
  expect(listFiles(root)).toEqual(["brands/a/soul.md"]);
});

test.each(["../x", "a/../../x", "/etc/passwd", "a//b", "a/./b", "a\\b", "a\u0000b", "", "."])(
  "an unsafe key %j is refused before any file is touched",
  (key) => {
    expect(() => resolveInside(root, key)).toThrow();
  },
);
