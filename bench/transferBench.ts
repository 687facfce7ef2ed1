// Export and import time for a workspace of 50 completed runs, beside the floor of the same bytes: the
// system's tar packing the workspace folder (export), and unpacking that into an empty one (import).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { createContainer } from "../lib/container";
import { loadSettings } from "../lib/config/settings";
import { startFakeLlmServer } from "../tests/support/fakeLlmServer";
import { studioResponder } from "../tests/support/studioResponder";
import { round, type BenchRow } from "./stats";

export async function transferBench(runs = 50): Promise<BenchRow[]> {
  const fake = await startFakeLlmServer();
  fake.setResponder((req) => ({ ...studioResponder(req), chunkDelayMs: 0 }) as never);
  const source = fs.mkdtempSync(path.join(os.tmpdir(), "vm-bench-export-"));
  const target = fs.mkdtempSync(path.join(os.tmpdir(), "vm-bench-import-"));
  const saved = { ...process.env };
  Object.assign(process.env, { VM_WORKSPACE: source, VM_LLM_BASE_URL: fake.baseUrl, VM_LLM_API_KEY: "sk-bench", VM_SETTINGS: path.resolve("tests/fixtures/settings.test.yaml") });
  const a = createContainer(loadSettings());
  try {
    const brand = await a.brands.createBrand({ name: "Bench", soul_md: "# Alma\n\nTexto." });
    const product = await a.products.createProduct({ brand_id: brand.id, name: "Produto", essence_md: "Essência." });
    const thread = await a.threads.createThread({ product_id: product.id, title: "Campanha" });
    for (let i = 0; i < runs; i++) {
      const run = await a.runs.startRun({ thread_id: thread.id, stack: "nurture", request: `Pedido ${i}` });
      await a.engine.idle();
      for (const stage of ["welcome-sequence", "newsletter", "content-plan"]) {
        await a.runs.approve(run.id, stage, {});
        await a.engine.idle();
      }
    }
    await a.memory.idle();
    let t = performance.now();
    const { stream } = await a.transfer.exportArchive();
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(Buffer.from(c));
    const exportMs = performance.now() - t;
    const archive = Buffer.concat(chunks);
    await a.close();
    const tarball = path.join(os.tmpdir(), `vm-bench-tar-${process.pid}.tar.gz`);
    const unpacked = fs.mkdtempSync(path.join(os.tmpdir(), "vm-bench-untar-"));
    t = performance.now();
    execFileSync("tar", ["-czf", tarball, "-C", source, "--exclude=./memory", "--exclude=./models", "."]);
    const tarMs = performance.now() - t;
    t = performance.now();
    execFileSync("tar", ["-xzf", tarball, "-C", unpacked]);
    execFileSync("sync", ["-f", unpacked]); // the import's files are durable too
    const untarMs = performance.now() - t;
    fs.rmSync(tarball, { force: true });
    fs.rmSync(unpacked, { recursive: true, force: true });

    process.env.VM_WORKSPACE = target;
    const b = createContainer(loadSettings());
    t = performance.now();
    const report = await b.transfer.importArchive(Readable.from([archive]));
    const importMs = performance.now() - t;
    await b.close();
    return [
      { benchmark: "transfer", metric: "tar -czf of the workspace folder (floor)", value: round(tarMs, 0), unit: "ms", note: "without the derived memory index and models" },
      { benchmark: "transfer", metric: `export of ${runs} runs`, value: round(exportMs, 0), unit: "ms", note: `${round(archive.length / 1024, 0)} KB archive, ${report.files} files; ${round(exportMs / tarMs, 1)}× tar` },
      { benchmark: "transfer", metric: "tar -xzf of it into an empty folder + sync (floor)", value: round(untarMs, 0), unit: "ms" },
      { benchmark: "transfer", metric: `import of ${runs} runs (verify + apply + memory rebuild)`, value: round(importMs, 0), unit: "ms", note: `${report.memory?.chunks ?? 0} chunks re-indexed; ${round(importMs / untarMs, 1)}× untar; target ≤ 5 s` },
    ];
  } finally {
    process.env = saved;
    await fake.close();
    fs.rmSync(source, { recursive: true, force: true });
    fs.rmSync(target, { recursive: true, force: true });
  }
}
