import fs from "node:fs";
import path from "node:path";
import { afterEach, expect, test, vi } from "vitest";
import type { FileChanges, UnitOfWork } from "@/lib/domain/ports";
import { createContainer, getContainer, resetContainer } from "@/lib/container";
import type { TableName } from "@/lib/domain/workspaceArchive";
import { loadSettings } from "@/lib/config/settings";
import { api, seedCampaign } from "../support/api";
import { runApi } from "../support/runApi";
import { disposeWorkspace, listFiles, useTempWorkspace } from "../support/tempWorkspace";

let dir: string;
afterEach(async () => disposeWorkspace(dir));

/** What the database holds, read in one transaction (SQLite or PostgreSQL alike). */
const rows = async (table: TableName) => (await getContainer().uow.run((tx) => tx.tables.dump()))[table];

test("the files on disk match the database, in the documented layout", async () => {
  ({ dir } = await useTempWorkspace());
  const { brand, product, thread } = await seedCampaign();
  expect(listFiles(dir)).toEqual(
    [
      `brands/${brand.id}/brand.json`,
      `brands/${brand.id}/products/${product.id}/essence.md`,
      `brands/${brand.id}/products/${product.id}/product.json`,
      `brands/${brand.id}/soul.md`,
      `threads/${thread.id}/chat.jsonl`,
    ].sort(),
  );
  const brandJson = JSON.parse(fs.readFileSync(path.join(dir, "brands", brand.id, "brand.json"), "utf8"));
  const { soul_md, ...fields } = brand;
  expect(brandJson).toEqual(fields);
  expect(fs.readFileSync(path.join(dir, "brands", brand.id, "soul.md"), "utf8")).toBe(soul_md);
  const productJson = JSON.parse(fs.readFileSync(path.join(dir, "brands", brand.id, "products", product.id, "product.json"), "utf8"));
  const { essence_md, ...pfields } = product;
  expect(productJson).toEqual(pfields);
  expect((await rows("brands")).map((r) => r.id)).toEqual([brand.id]);
  expect((await rows("products")).map((r) => r.id)).toEqual([product.id]);
  expect((await rows("threads")).map((r) => r.id)).toEqual([thread.id]);

  await api.patchBrand(brand.id, { name: "Café Aurora Torrefação" });
  expect(JSON.parse(fs.readFileSync(path.join(dir, "brands", brand.id, "brand.json"), "utf8"))).toMatchObject({
    name: "Café Aurora Torrefação",
    canonical_version: 2,
  });
  expect((await rows("brands"))[0]).toMatchObject({ name: "Café Aurora Torrefação", canonicalVersion: 2 });
});

test("fifty brands created at once all land, each with its own files whole and its row", async () => {
  ({ dir } = await useTempWorkspace());
  const made = await Promise.all(Array.from({ length: 50 }, (_, i) => api.createBrand({ name: `Marca ${i}`, soul_md: `# Alma ${i}` })));
  expect(made.map((r) => r.status)).toEqual(Array(50).fill(201));
  for (const { json } of made) {
    expect(fs.readFileSync(path.join(dir, "brands", json.id, "soul.md"), "utf8")).toBe(`# Alma ${json.name.slice(6)}`);
    expect(JSON.parse(fs.readFileSync(path.join(dir, "brands", json.id, "brand.json"), "utf8"))).toMatchObject({ id: json.id, name: json.name });
  }
  expect((await rows("brands")).map((b) => b.id).sort()).toEqual(made.map((r) => r.json.id).sort());
  expect(listFiles(dir)).toHaveLength(100); // no temp file left behind
});

/** A unit of work whose file writes fail at a chosen file, staged before the transaction or inside it. */
const failingFiles =
  (failOn: RegExp): ((real: UnitOfWork) => UnitOfWork) =>
  (real) => {
    const failing = (files: FileChanges): FileChanges => ({
      put: async (key, content) => {
        if (failOn.test(key)) throw Object.assign(new Error("injected: no space left on device"), { code: "ENOSPC" });
        return files.put(key, content);
      },
      append: (key, content) => files.append(key, content),
      removeTree: (key) => files.removeTree(key),
    });
    return {
      run: (work, opts = {}) =>
        real.run((tx) => work({ ...tx, files: failing(tx.files) }), {
          prestage: opts.prestage && ((files) => opts.prestage!(failing(files))),
        }),
    };
  };

/** A unit of work whose database part fails after every file change was staged. */
const failingDatabase: (real: UnitOfWork) => UnitOfWork = (real) => ({
  run: (work, opts) =>
    real.run(async (tx) => {
      const value = await work(tx);
      await tx.brands.insert((await tx.brands.list())[0]); // duplicate primary key → the transaction fails
      return value;
    }, opts),
});

test("a brand whose files fail before its transaction (prestaged) leaves neither a row nor a file", async () => {
  ({ dir } = await useTempWorkspace({ uow: failingFiles(/soul\.md$/) }));
  const res = await api.createBrand({ name: "Acme", soul_md: "# Alma" });
  expect(res.status).toBe(507);
  expect(res.json.error.code).toBe("storage_failure");
  expect(await rows("brands")).toEqual([]);
  expect(await rows("canonical_versions")).toEqual([]);
  expect(listFiles(dir)).toEqual([]);
});

test("a run whose file fails inside its transaction (staged beside the SQL) leaves no run row and no run file", async () => {
  // A provider is configured (the run is refused before any model call: the failure is its first write).
  const saved = { url: process.env.VM_LLM_BASE_URL, key: process.env.VM_LLM_API_KEY };
  Object.assign(process.env, { VM_LLM_BASE_URL: "http://127.0.0.1:9/v1", VM_LLM_API_KEY: "sk-test" });
  ({ dir } = await useTempWorkspace());
  const { thread } = await seedCampaign();
  const before = listFiles(dir);
  await resetContainer(createContainer(loadSettings(), { uow: failingFiles(/stack\.json$/) }));
  for (const [name, value] of [["VM_LLM_BASE_URL", saved.url], ["VM_LLM_API_KEY", saved.key]] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  const res = await runApi.start({ thread_id: thread.id, stack: "foundation", request: "x" });
  expect(res.status).toBe(507);
  expect(res.json.error.code).toBe("storage_failure");
  expect(await rows("runs")).toEqual([]);
  expect(listFiles(dir)).toEqual(before);
});

test("a database failure after the files were staged leaves no file, and an update keeps the old files", async () => {
  ({ dir } = await useTempWorkspace());
  const { brand } = await seedCampaign();
  const before = listFiles(dir).map((f) => [f, fs.readFileSync(path.join(dir, f), "utf8")]);

  await resetContainer(createContainer(loadSettings(), { uow: failingDatabase }));
  const log = vi.spyOn(console, "error").mockImplementation(() => {}); // the 500s are logged on purpose
  const created = await api.createBrand({ name: "Nova", soul_md: "nova alma" });
  expect(created.status).toBe(500);
  const patched = await api.patchBrand(brand.id, { soul_md: "changed", name: "Changed" });
  expect(patched.status).toBe(500);
  expect(log).toHaveBeenCalled();
  log.mockRestore();
  await resetContainer(createContainer(loadSettings())); // read back through a sound unit of work

  expect((await rows("brands")).map((r) => [r.id, r.name, r.canonicalVersion])).toEqual([[brand.id, brand.name, 1]]);
  expect(await rows("canonical_versions")).toHaveLength(2); // the brand's and the product's creation
  expect(listFiles(dir).map((f) => [f, fs.readFileSync(path.join(dir, f), "utf8")])).toEqual(before);
});

test("everything survives a restart of the app on the same workspace", async () => {
  ({ dir } = await useTempWorkspace());
  const { brand, product, thread } = await seedCampaign();
  await resetContainer(createContainer(loadSettings()));
  expect((await api.getBrand(brand.id)).json).toEqual(brand);
  expect((await api.getProduct(product.id)).json).toEqual(product);
  expect((await api.getThread(thread.id)).json).toEqual({ ...thread, messages: { items: [], has_more: false, next_before: null } });
  expect((await api.health()).json).toEqual({
    ok: true,
    version: expect.stringMatching(/^\d+\.\d+\.\d+/),
    event_loop_delay_ms: { p50: expect.any(Number), p99: expect.any(Number), max: expect.any(Number), samples: expect.any(Number), window_s: expect.any(Number) },
  });
});
