// Engine overhead per stage: from the stage attempt's start (its event published) to the moment the
// LLM request reaches the fake server, which answers at once. Measures our own work: the claim, the
// Context Pack (canonical reads, upstream artifacts, retrieval), the snapshot, the request itself.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createContainer, resetContainer } from "../lib/container";
import { loadSettings } from "../lib/config/settings";
import { startFakeLlmServer } from "../tests/support/fakeLlmServer";
import { studioResponder } from "../tests/support/studioResponder";
import { percentile, round, type BenchRow } from "./stats";

export async function engineOverhead(runs = 16): Promise<BenchRow[]> {
  const fake = await startFakeLlmServer();
  fake.setResponder((req) => ({ ...studioResponder(req), chunkDelayMs: 0 }) as never);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vm-bench-engine-"));
  process.env.VM_WORKSPACE = dir;
  process.env.VM_LLM_BASE_URL = fake.baseUrl;
  process.env.VM_LLM_API_KEY = "sk-bench";
  process.env.VM_SETTINGS = path.resolve("tests/fixtures/settings.test.yaml");
  const c = createContainer(loadSettings());
  await resetContainer(c);
  const starts: number[] = [];
  const unsubscribeAll: (() => void)[] = [];
  try {
    const brand = await c.brands.createBrand({ name: "Bench", soul_md: "# Alma\n\n" + "Texto da alma. ".repeat(200) });
    const product = await c.products.createProduct({ brand_id: brand.id, name: "P", essence_md: "Essência. ".repeat(200) });
    const thread = await c.threads.createThread({ product_id: product.id, title: "T" });
    for (let i = 0; i < runs; i++) {
      const run = await c.runs.startRun({ thread_id: thread.id, stack: "foundation", request: "Pedido de benchmark" });
      unsubscribeAll.push(c.bus.subscribe({ runId: run.id }, (e) => e.type === "stage.attempt.started" && starts.push(performance.now())));
      await c.engine.idle();
      for (const stageId of ["brand-voice", "positioning", "keywords"]) {
        await c.runs.approve(run.id, stageId, {});
        await c.engine.idle();
      }
    }
    const arrivals = fake.chatRequests().map((r) => r.receivedAt);
    const overhead = starts.map((s, i) => arrivals[i] - s);
    // The floor: the same request, sent with a bare fetch from this process, to its arrival at the server.
    const body = JSON.stringify(fake.chatRequests()[0].body);
    const bare: number[] = [];
    for (let i = 0; i < 40; i++) {
      const sent = performance.now();
      await (await fetch(`${fake.baseUrl}/chat/completions`, { method: "POST", headers: { "content-type": "application/json", authorization: "Bearer sk-bench" }, body })).text();
      bare.push(fake.chatRequests().at(-1)!.receivedAt - sent);
    }
    return [
      { benchmark: "engine", metric: "bare request to the LLM server p95 (floor)", value: round(percentile(bare.slice(5), 95)), unit: "ms", note: "the same request body, a bare fetch" },
      { benchmark: "engine", metric: "stage start → LLM request p50", value: round(percentile(overhead, 50)), unit: "ms", note: `${overhead.length} stages, fake LLM at 0 ms` },
      { benchmark: "engine", metric: "stage start → LLM request p95", value: round(percentile(overhead, 95)), unit: "ms", note: `target ≤ 20 ms; floor + ${round(percentile(overhead, 95) - percentile(bare.slice(5), 95))} ms` },
    ];
  } finally {
    unsubscribeAll.forEach((u) => u());
    await resetContainer(undefined);
    await fake.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
