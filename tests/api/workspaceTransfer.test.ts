import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import { execFileSync } from "node:child_process";
import { afterAll, afterEach, beforeAll, expect, test } from "vitest";
import * as exportRoute from "@/app/api/v1/workspace/export/route";
import * as importRoute from "@/app/api/v1/workspace/import/route";
import * as chat from "@/app/api/v1/chat/route";
import { api, seedCampaign } from "../support/api";
import { callRoute } from "../support/callRoute";
import { startFakeLlmServer, type FakeLlmServer } from "../support/fakeLlmServer";
import { memoryApi } from "../support/memoryApi";
import { runApi } from "../support/runApi";
import { studioResponder } from "../support/studioResponder";
import { tarGz, untar } from "../support/tarTools";
import { disposeWorkspace, listFiles, useTempWorkspace } from "../support/tempWorkspace";

let fake: FakeLlmServer;
const dirs: string[] = [];
beforeAll(async () => {
  fake = await startFakeLlmServer();
  fake.setResponder(studioResponder);
  process.env.VM_LLM_BASE_URL = fake.baseUrl;
  process.env.VM_LLM_API_KEY = "sk-transfer-test";
});
afterAll(async () => {
  await fake.close();
  delete process.env.VM_LLM_BASE_URL;
  delete process.env.VM_LLM_API_KEY;
});
afterEach(async () => {
  for (const d of dirs.splice(0)) await disposeWorkspace(d);
});

async function workspace() {
  const { dir } = await useTempWorkspace();
  dirs.push(dir);
  return dir;
}

async function exportArchive(query?: string): Promise<Buffer> {
  const res = await exportRoute.GET(new Request(`http://127.0.0.1/api/v1/workspace/export${query ? `?${query}` : ""}`), { params: Promise.resolve({}) });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toBe("application/gzip");
  return Buffer.from(await res.arrayBuffer());
}

async function importArchive(body: Buffer, query?: string, type = "application/gzip") {
  const res = await importRoute.POST(
    new Request(`http://127.0.0.1/api/v1/workspace/import${query ? `?${query}` : ""}`, { method: "POST", headers: { "content-type": type }, body: new Uint8Array(body) }),
    { params: Promise.resolve({}) },
  );
  return { status: res.status, json: await res.json() };
}

/** Everything a user can read back through the API about one campaign. */
async function snapshotOf(ids: { brandId: string; productId: string; threadId: string; runId: string }) {
  const run = (await runApi.get(ids.runId)).json;
  const attempts = [];
  for (const s of run.stages) for (const a of s.attempts) attempts.push((await runApi.attempt(ids.runId, s.id, a.n)).json);
  return {
    brands: (await api.listBrands()).json,
    brand: (await api.getBrand(ids.brandId)).json,
    versions: (await api.brandVersions(ids.brandId)).json,
    products: (await api.brandProducts(ids.brandId)).json,
    productVersions: (await api.productVersions(ids.productId)).json,
    threads: (await api.productThreads(ids.productId)).json,
    thread: (await api.getThread(ids.threadId)).json,
    runs: (await runApi.list(ids.threadId)).json,
    run: { ...run },
    attempts,
    package: (await runApi.package(ids.runId)).text,
    search: (await memoryApi.search({ query: "Entregável keywords positioning", brand_id: ids.brandId, product_id: ids.productId })).json,
    searchCanonical: (await memoryApi.search({ query: "origem frescor", brand_id: ids.brandId, source_kinds: ["soul", "essence", "canonical_fields"] })).json,
  };
}

async function buildWorkspace() {
  const { brand, product, thread } = await seedCampaign();
  await callRoute(chat.POST, "POST", "/api/v1/chat", { body: { thread_id: thread.id, message: "Como falar de frescor?", stream: false } });
  const runId = (await runApi.start({ thread_id: thread.id, stack: "foundation", request: "Campanha de inverno" })).json.id;
  await runApi.settle();
  await runApi.approve(runId, { stage_id: "brand-voice", edited_markdown: "## Essência da voz\n\nCalorosa e direta.\n" });
  await runApi.settle();
  await runApi.skip(runId, { stage_id: "positioning" });
  await runApi.settle();
  await runApi.approve(runId, { stage_id: "keywords" });
  await runApi.settle();
  await memoryApi.feedback({ run_id: runId, stage_id: "keywords", verdict: "worked", comment: "Ótimas palavras." });
  const p = (await memoryApi.proposeBrand(brand.id, { markdown_append: "Frescor é tudo." })).json;
  await memoryApi.confirmBrand(brand.id, p.id);
  await memoryApi.settle();
  return { brandId: brand.id, productId: product.id, threadId: thread.id, runId };
}

test("round trip: export → import into a fresh workspace → identical API answers and memory search results", async () => {
  await workspace();
  const ids = await buildWorkspace();
  const before = await snapshotOf(ids);
  const archive = await exportArchive();
  const entries = await untar(archive);
  expect(entries[0].name).toBe("manifest.json");
  const manifest = JSON.parse(entries[0].data.toString());
  expect(manifest).toMatchObject({ format: "vm-studio-workspace", format_version: 1, scope: { kind: "workspace" }, counts: { brands: 1, runs: 1, files: expect.any(Number) } });
  for (const e of entries.slice(1)) {
    const listed = manifest.entries.find((m: any) => m.path === e.name);
    expect(listed).toEqual({ path: e.name, bytes: e.data.length, sha256: createHash("sha256").update(e.data).digest("hex") });
  }
  expect(entries.map((e) => e.name)).not.toContain(expect.stringMatching(/sqlite|memory\//));
  expect(archive.includes(Buffer.from("sk-transfer-test"))).toBe(false);
  expect(entries.some((e) => e.data.includes(Buffer.from("sk-transfer-test")))).toBe(false);

  const target = await workspace();
  const res = await importArchive(archive);
  expect(res.status).toBe(200);
  expect(res.json).toMatchObject({ imported: { brands: 1, runs: 1, stage_attempts: expect.any(Number) }, conflicts: [], memory: { chunks: expect.any(Number) } });
  expect(res.json.files).toBe(manifest.counts.files);
  const after = await snapshotOf(ids);
  expect(after).toEqual(before);
  expect(listFiles(target).length).toBe(manifest.counts.files);
});

test("a tampered archive (one byte changed, one entry added) is refused and changes nothing", async () => {
  await workspace();
  await buildWorkspace();
  const entries = await untar(await exportArchive());
  await workspace();
  const changed = entries.map((e) => (e.name.endsWith("soul.md") ? { ...e, data: Buffer.concat([e.data.subarray(0, -1), Buffer.from("X")]) } : e));
  const r1 = await importArchive(await tarGz(changed));
  expect(r1.status).toBe(400);
  expect(r1.json.error.details).toContainEqual(expect.objectContaining({ code: "checksum_mismatch", path: expect.stringMatching(/soul\.md$/) }));
  const r2 = await importArchive(await tarGz([...entries, { name: "files/brands/brd_01ARZ3NDEKTSV4RRFFQ69G5FAV/soul.md", data: Buffer.from("extra") }]));
  expect(r2.status).toBe(400);
  expect(r2.json.error.details).toContainEqual(expect.objectContaining({ code: "unlisted_entry" }));
  const r3 = await importArchive(await tarGz(entries.filter((e) => !e.name.startsWith("db/runs"))));
  expect(r3.status).toBe(400);
  expect((await api.listBrands()).json.items).toEqual([]);
  expect(listFiles(dirs.at(-1)!)).toEqual([]);
});

test.each([
  ["an absolute path", { name: "/etc/passwd", data: Buffer.from("x") }],
  ["a .. path", { name: "files/brands/../../../evil.txt", data: Buffer.from("x") }],
  ["an unexpected folder", { name: "files/memory/x.lance", data: Buffer.from("x") }],
  ["a symbolic link", { header: { name: "files/brands/link", type: "symlink" as const, linkname: "/etc/passwd" } }],
  ["a hard link", { header: { name: "files/brands/hard", type: "link" as const, linkname: "manifest.json" } }],
  ["a directory entry", { header: { name: "files/brands/dir/", type: "directory" as const } }],
])("an archive with %s is refused before anything is written", async (_label, bad) => {
  await workspace();
  const entries = [{ name: "manifest.json", data: Buffer.from("{}") }, bad as never];
  const res = await importArchive(await tarGz(entries));
  expect(res.status).toBe(400);
  expect(res.json.error.code).toBe("invalid_input");
  expect(fs.existsSync("/tmp/evil.txt")).toBe(false);
  expect(listFiles(dirs[0])).toEqual([]);
});

test("duplicate entries, oversized entries, archive bombs, garbage and wrong types get clear 4xx answers", async () => {
  const dir = await workspace();
  const settings = path.join(dir, "..", `limits-${path.basename(dir)}.yaml`);
  fs.writeFileSync(settings, fs.readFileSync("tests/fixtures/settings.test.yaml", "utf8") + "transfer:\n  max_entry_bytes: 100000\n  max_total_bytes: 1000000\n  max_archive_bytes: 200000\n");
  process.env.VM_SETTINGS = settings;
  dirs.splice(0);
  await disposeWorkspace(dir);
  await workspace();
  try {
    const dup = await importArchive(await tarGz([{ name: "manifest.json", data: Buffer.from("{}") }, { name: "manifest.json", data: Buffer.from("{}") }]));
    expect(dup.json.error.message).toMatch(/appears twice/);
    const big = await importArchive(await tarGz([{ name: "files/brands/x/soul.md", data: Buffer.alloc(150_000, 65) }]));
    expect(big.json.error.message).toMatch(/larger than 100000 bytes/);
    // 5 MB of zeros compresses to a few KB: a bomb for a 1 MB limit.
    const bombEntries = Array.from({ length: 60 }, (_, i) => ({ name: `files/runs/r/${i}.md`, data: Buffer.alloc(90_000) }));
    const bomb = await tarGz(bombEntries);
    expect(bomb.length).toBeLessThan(200_000);
    const b = await importArchive(bomb);
    expect(b.status).toBe(400);
    expect(b.json.error.message).toMatch(/inflates past 1000000 bytes/);
    expect((await importArchive(Buffer.from("definitely not gzip"))).status).toBe(400);
    expect((await importArchive(gzipSync(Buffer.from("not a tar at all, just text")))).status).toBe(400);
    expect((await importArchive(Buffer.from("x"), undefined, "application/json")).status).toBe(415);
    expect((await importArchive(Buffer.alloc(250_000))).status).toBe(413);
    expect((await api.listBrands()).json.items).toEqual([]);
  } finally {
    process.env.VM_SETTINGS = path.resolve("tests/fixtures/settings.test.yaml");
    fs.rmSync(settings, { force: true });
  }
});

test("importing into a workspace that has the same things is a 409 that changes nothing; merge keeps and reports them", async () => {
  await workspace();
  const ids = await buildWorkspace();
  const archive = await exportArchive();
  const before = await snapshotOf(ids);
  const refused = await importArchive(archive);
  expect(refused.status).toBe(409);
  expect(await snapshotOf(ids)).toEqual(before);
  const merged = await importArchive(archive, "merge=true");
  expect(merged.status).toBe(200);
  expect(merged.json.imported.brands).toBe(0);
  expect(merged.json.files).toBe(0);
  expect(merged.json.conflicts).toContainEqual({ kind: "row", table: "brands", id: ids.brandId });
  expect(await snapshotOf(ids)).toEqual(before);
});

test("a brand-only export holds that brand with its products, threads, runs and memory sources, and nothing else", async () => {
  await workspace();
  const ids = await buildWorkspace();
  const other = (await api.createBrand({ name: "Outra", soul_md: "Outra alma" })).json;
  const entries = await untar(await exportArchive(`brand_id=${ids.brandId}`));
  const manifest = JSON.parse(entries[0].data.toString());
  expect(manifest.scope).toEqual({ kind: "brand", brand_id: ids.brandId });
  const brands = JSON.parse(entries.find((e) => e.name === "db/brands.json")!.data.toString());
  expect(brands.map((b: any) => b.id)).toEqual([ids.brandId]);
  expect(entries.some((e) => e.name.includes(other.id))).toBe(false);
  expect(entries.some((e) => e.name === `files/runs/${ids.runId}/events.jsonl`)).toBe(true);
  expect((await exportRoute.GET(new Request("http://127.0.0.1/api/v1/workspace/export?brand_id=brd_01ARZ3NDEKTSV4RRFFQ69G5FAV"), { params: Promise.resolve({}) })).status).toBe(404);

  await workspace();
  const res = await importArchive(await tarGz(entries));
  expect(res.status).toBe(200);
  expect((await api.listBrands()).json.items.map((b: any) => b.id)).toEqual([ids.brandId]);
  expect((await runApi.get(ids.runId)).json.status).toBe("completed");
});

test("the CLI exports and imports the same archive format (npm run vm -- export / import)", async () => {
  const source = await workspace();
  const ids = await buildWorkspace();
  const file = path.join(os.tmpdir(), `vm-cli-${Date.now()}.tar.gz`);
  const target = fs.mkdtempSync(path.join(os.tmpdir(), "vm-cli-target-"));
  // On the PostgreSQL lane the target gets its own schema, as a fresh workspace would.
  const targetDb = process.env.DATABASE_URL ? Object.assign(new URL(process.env.DATABASE_URL), {}) : null;
  targetDb?.searchParams.set("schema", `vm_cli_${Date.now()}`);
  const run = (args: string[], ws: string) =>
    execFileSync(process.execPath, [path.resolve("node_modules/tsx/dist/cli.mjs"), "scripts/vm.ts", ...args], {
      env: { ...process.env, VM_WORKSPACE: ws, ...(targetDb && ws === target && { DATABASE_URL: targetDb.toString() }) },
      encoding: "utf8",
    });
  try {
    expect(run(["export", file], source)).toMatch(/exported to/);
    const report = JSON.parse(run(["import", file], target));
    expect(report).toMatchObject({ imported: { brands: 1, runs: 1 }, conflicts: [] });
    expect(fs.readFileSync(path.join(target, "runs", ids.runId, "artifacts", "package.md"), "utf8")).toBe(
      fs.readFileSync(path.join(source, "runs", ids.runId, "artifacts", "package.md"), "utf8"),
    );
    expect(() => run(["import", file], target)).toThrow(/already has/);
  } finally {
    fs.rmSync(file, { force: true });
    fs.rmSync(target, { recursive: true, force: true });
    if (targetDb) {
      const { default: pg } = await import("pg");
      const schema = targetDb.searchParams.get("schema")!;
      targetDb.searchParams.delete("schema");
      const client = new pg.Client({ connectionString: targetDb.toString() });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    }
  }
}, 120_000);
