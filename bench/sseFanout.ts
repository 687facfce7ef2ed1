// SSE delivery with 50 concurrent subscribers on the real server (`next start`): latency from an
// event's timestamp to its arrival at each client, and a check that every client got every event; beside
// it, the floor: a bare Node HTTP server fanning the same number of events out to the same clients.
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { startFakeLlmServer } from "../tests/support/fakeLlmServer";
import { freePort, startNextServer } from "../tests/support/nextServer";
import { readSseUntil } from "../tests/support/readSse";
import { studioResponder } from "../tests/support/studioResponder";
import { percentile, round, type BenchRow } from "./stats";

/**
 * One subscriber, connected before the first event: every logged event's seq and its delay from its
 * timestamp. Resolves once connected; `done` when the run completed.
 */
async function subscribe(url: string, signal: AbortSignal, seqs: number[], latencies: number[]): Promise<{ done: Promise<void> }> {
  const res = await fetch(url, { signal });
  const done = readSseUntil(res, ({ data }) => {
    if (typeof data.seq !== "number") return false; // a stage's live text (stage.draft) is not in the log
    seqs.push(data.seq);
    latencies.push(Date.now() - Date.parse(data.ts));
    return data.type === "run.completed";
  });
  return { done };
}

/** The floor: `events` events, one every `everyMs`, written by a bare Node server to `subscribers` clients. */
async function bareFanout(subscribers: number, events: number, everyMs: number) {
  const clients: http.ServerResponse[] = [];
  let connected!: () => void;
  const allConnected = new Promise<void>((r) => (connected = r));
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    res.write(": connected\n\n");
    if (clients.push(res) === subscribers) connected();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const latencies: number[] = [];
  const aborts = Array.from({ length: subscribers }, () => new AbortController());
  const done = (await Promise.all(aborts.map((ac) => subscribe(url, ac.signal, [], latencies)))).map((s) => s.done);
  await allConnected;
  for (let seq = 1; seq <= events; seq++) {
    const data = JSON.stringify({ seq, ts: new Date().toISOString(), type: seq === events ? "run.completed" : "stage.attempt.started", run_id: "run_x", data: {} });
    for (const res of clients) res.write(`id: ${seq}\nevent: run\ndata: ${data}\n\n`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
  await Promise.all(done);
  for (const res of clients) res.end();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  return latencies;
}

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
    /**
     * One Nurture run driven through its gates while `n` clients follow its campaign's event stream —
     * connected before the run starts, so every event reaches them live (none from the replay).
     */
    const followRun = async (n: number) => {
      const latencies: number[] = [];
      const received: number[][] = [];
      const subscribed = await Promise.all(
        Array.from({ length: n }, () => {
          const ac = new AbortController();
          aborts.push(ac);
          const seqs: number[] = [];
          received.push(seqs);
          return subscribe(`${server.url}/api/v1/events?thread_id=${thread.id}`, ac.signal, seqs, latencies);
        }),
      );
      const done = subscribed.map((s) => s.done);
      const run = await api("POST", "/runs", { thread_id: thread.id, stack: "nurture", request: "x" });
      const started = performance.now();
      for (const stageId of ["welcome-sequence", "newsletter", "content-plan"]) {
        for (;;) {
          const r = await api("GET", `/runs/${run.id}`);
          if (r.status === "waiting_approval" && r.current_stage === stageId) break;
          await new Promise((res) => setTimeout(res, 20));
        }
        await api("POST", `/runs/${run.id}/approve`, { stage_id: stageId });
      }
      await Promise.all(done);
      return { run, latencies, received, ms: performance.now() - started };
    };
    // The first run after a start also loads the code of every route and of the engine (once): a run of
    // its own, reported apart, so the fan-out is measured on a warm server.
    const cold = await followRun(1);
    const { run, latencies, received, ms } = await followRun(subscribers);
    const seconds = Math.min(60, Math.ceil(ms / 1000) + 1);
    const loop = (await api("GET", `/health?window_s=${seconds}`)).event_loop_delay_ms;
    const log = fs.readFileSync(path.join(dir, "runs", run.id, "events.jsonl"), "utf8").trim().split("\n").length;
    const complete = received.filter((seqs) => seqs.length === log && seqs.every((s, i) => s === i + 1)).length;
    const floor = await bareFanout(subscribers, log, Math.max(1, Math.round(ms / log)));
    return [
      { benchmark: "sse", metric: `bare Node SSE fan-out p95 (${subscribers} subscribers, floor)`, value: round(percentile(floor, 95)), unit: "ms", note: `p50 ${round(percentile(floor, 50))} ms; ${log} events at the run's pace` },
      { benchmark: "sse", metric: `delivery latency p50 (${subscribers} subscribers)`, value: round(percentile(latencies, 50)), unit: "ms", note: `${latencies.length} deliveries; from the event's timestamp, taken before it is written and fsynced` },
      { benchmark: "sse", metric: `delivery latency p95 (${subscribers} subscribers)`, value: round(percentile(latencies, 95)), unit: "ms", note: `floor + ${round(percentile(latencies, 95) - percentile(floor, 95))} ms (${round(percentile(latencies, 95) / Math.max(1, percentile(floor, 95)), 1)}×)` },
      { benchmark: "sse", metric: "subscribers that got every event, in order", value: complete, unit: `of ${subscribers}`, note: `${log} events each` },
      { benchmark: "sse", metric: "event-loop delay p99 during the fan-out", value: loop.p99, unit: "ms", note: `p50 ${loop.p50} ms, max ${loop.max} ms over ${loop.window_s} s` },
      { benchmark: "sse", metric: "delivery latency p95, first run after start (1 subscriber)", value: round(percentile(cold.latencies, 95)), unit: "ms", note: "loads the routes' and the engine's code once" },
    ];
  } finally {
    aborts.forEach((a) => a.abort());
    await server.kill();
    await fake.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
