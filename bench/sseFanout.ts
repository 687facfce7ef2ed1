// SSE delivery with 50 concurrent subscribers on the real server (`next start`): latency from an
// event's timestamp to its arrival at each client, and a check that every client got every event.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createParser } from "eventsource-parser";
import { startFakeLlmServer } from "../tests/support/fakeLlmServer";
import { freePort, startNextServer } from "../tests/support/nextServer";
import { studioResponder } from "../tests/support/studioResponder";
import { percentile, round, type BenchRow } from "./stats";

export async function sseFanout(subscribers = 50): Promise<BenchRow[]> {
  const fake = await startFakeLlmServer();
  fake.setResponder((req) => ({ ...studioResponder(req), latencyMs: 20 }) as never);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vm-bench-sse-"));
  const server = await startNextServer(await freePort(), {
    VM_WORKSPACE: dir,
    VM_LLM_BASE_URL: fake.baseUrl,
    VM_LLM_API_KEY: "sk-bench",
    VM_SETTINGS: path.resolve("tests/fixtures/settings.test.yaml"),
  });
  const api = async (method: string, p: string, body?: unknown) =>
    (await fetch(`${server.url}/api/v1${p}`, { method, headers: body ? { "content-type": "application/json" } : {}, body: body ? JSON.stringify(body) : undefined })).json();
  const aborts: AbortController[] = [];
  try {
    const brand = await api("POST", "/brands", { name: "SSE" });
    const product = await api("POST", "/products", { brand_id: brand.id, name: "P" });
    const thread = await api("POST", "/threads", { product_id: product.id, title: "T" });
    const run = await api("POST", "/runs", { thread_id: thread.id, stack: "nurture", request: "x" });
    const runStarted = performance.now();
    const latencies: number[] = [];
    const received: number[][] = [];
    const done: Promise<void>[] = [];
    for (let i = 0; i < subscribers; i++) {
      const ac = new AbortController();
      aborts.push(ac);
      const seqs: number[] = [];
      received.push(seqs);
      done.push(
        (async () => {
          const res = await fetch(`${server.url}/api/v1/events?run_id=${run.id}`, { signal: ac.signal });
          let finished = false;
          const parser = createParser({
            onEvent: (e) => {
              const data = JSON.parse(e.data);
              seqs.push(data.seq);
              if (data.seq > 1) latencies.push(Date.now() - Date.parse(data.ts)); // seq 1 was written before we connected
              if (data.type === "run.completed") finished = true;
            },
          });
          const reader = res.body!.getReader();
          const decoder = new TextDecoder();
          while (!finished) {
            const { value, done: end } = await reader.read();
            if (end) break;
            parser.feed(decoder.decode(value, { stream: true }));
          }
          await reader.cancel();
        })(),
      );
    }
    for (const stageId of ["welcome-sequence", "newsletter", "content-plan"]) {
      for (;;) {
        const r = await api("GET", `/runs/${run.id}`);
        if (r.status === "waiting_approval" && r.current_stage === stageId) break;
        await new Promise((res) => setTimeout(res, 20));
      }
      await api("POST", `/runs/${run.id}/approve`, { stage_id: stageId });
    }
    await Promise.all(done);
    const seconds = Math.min(60, Math.ceil((performance.now() - runStarted) / 1000));
    const loop = (await api("GET", `/health?window_s=${seconds}`)).event_loop_delay_ms;
    const log = fs.readFileSync(path.join(dir, "runs", run.id, "events.jsonl"), "utf8").trim().split("\n").length;
    const complete = received.filter((seqs) => seqs.length === log && seqs.every((s, i) => s === i + 1)).length;
    return [
      { benchmark: "sse", metric: `delivery latency p50 (${subscribers} subscribers)`, value: round(percentile(latencies, 50)), unit: "ms", note: `${latencies.length} deliveries` },
      { benchmark: "sse", metric: `delivery latency p95 (${subscribers} subscribers)`, value: round(percentile(latencies, 95)), unit: "ms" },
      { benchmark: "sse", metric: "subscribers that got every event, in order", value: complete, unit: `of ${subscribers}`, note: `${log} events each` },
      { benchmark: "sse", metric: "event-loop delay p99 during the fan-out", value: loop.p99, unit: "ms", note: `p50 ${loop.p50} ms, max ${loop.max} ms over ${loop.window_s} s` },
    ];
  } finally {
    aborts.forEach((a) => a.abort());
    await server.kill();
    await fake.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
