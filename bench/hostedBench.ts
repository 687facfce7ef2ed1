// Hosted mode on this machine: two `next start` instances on PostgreSQL (VM_TEST_DATABASE_URL), s3rver
// and pg-boss. Each figure beside its floor: a take-over beside the configured lease expiry; event
// delivery across instances beside a bare NOTIFY between two connections and beside delivery on the
// instance that wrote the event; the queue's cost per stage beside the same step in local mode.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { startFakeLlmServer, stageAsked, type FakeLlmServer, type ReceivedRequest } from "../tests/support/fakeLlmServer";
import { startHostedDeployment } from "../tests/support/hostedDeployment";
import { httpApi } from "../tests/support/httpApi";
import { freePort, startNextServer, type NextServer } from "../tests/support/nextServer";
import { studioResponder } from "../tests/support/studioResponder";
import { disposeWorkspace, serverWorkspace } from "../tests/support/tempWorkspace";
import { readSseUntil } from "../tests/support/readSse";
import { percentile, round, type BenchRow } from "./stats";

/** The owner's API token: hosted mode answers 401 without one (local mode ignores it). */
let auth: Record<string, string> = {};

const B = "hosted";

export async function hostedBench(): Promise<BenchRow[]> {
  const base = process.env.VM_TEST_DATABASE_URL;
  if (!base) return [{ benchmark: B, metric: "not run", value: 0, unit: "", note: "set VM_TEST_DATABASE_URL to a PostgreSQL server (bash .ci/run's lanes show how)" }];
  const rows: BenchRow[] = [];
  rows.push(...(await bareNotify(base)));
  const fake = await startFakeLlmServer();
  fake.setResponder(studioResponder as never);
  const d = await startHostedDeployment("bench");
  const servers: NextServer[] = [];
  const dirs: string[] = [];
  const start = async (key: string) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vm-bench-hosted-"));
    dirs.push(dir);
    const s = await startNextServer(await freePort(), { ...d.env, VM_WORKSPACE: dir, VM_LLM_BASE_URL: fake.baseUrl, VM_LLM_API_KEY: key });
    servers.push(s);
    return s;
  };
  try {
    const a = await start("sk-bench-A-1234");
    const b = await start("sk-bench-B-1234");
    auth = await d.ownerAuth(a.url);
    rows.push(...(await crossInstanceDelivery(a, b)));
    rows.push(...(await queueOverhead(httpApi(a.url, auth), fake)));
    rows.push(...(await takeover(a, b, fake)));
  } finally {
    for (const s of servers) await s.kill("SIGKILL");
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
    await d.close();
  }
  // The floor of the queue's cost: the same step in local mode (in-process driver).
  const ws = serverWorkspace("vm-bench-local-");
  const local = await startNextServer(await freePort(), { ...ws.env, VM_LLM_BASE_URL: fake.baseUrl, VM_LLM_API_KEY: "sk-bench-L-1234" });
  try {
    const [row] = await queueOverhead(httpApi(local.url), fake, "local mode (in-process driver): floor");
    rows.push(row);
  } finally {
    await local.kill();
    await disposeWorkspace(ws.dir);
    await fake.close();
  }
  return rows;
}

/** NOTIFY → LISTEN between two connections: what any cross-instance delivery costs at least. */
async function bareNotify(url: string): Promise<BenchRow[]> {
  const listener = new pg.Client({ connectionString: url });
  const sender = new pg.Client({ connectionString: url });
  await listener.connect();
  await sender.connect();
  await listener.query("LISTEN vm_bench");
  const samples: number[] = [];
  for (let i = 0; i < 200; i++) {
    const got = new Promise<void>((resolve) => listener.once("notification", () => resolve()));
    const t = performance.now();
    await sender.query("SELECT pg_notify('vm_bench', $1)", [String(i)]);
    await got;
    samples.push(performance.now() - t);
  }
  await listener.end();
  await sender.end();
  return [
    { benchmark: B, metric: "bare NOTIFY→LISTEN p50 (floor)", value: round(percentile(samples, 50)), unit: "ms", note: "two connections, 200 messages" },
    { benchmark: B, metric: "bare NOTIFY→LISTEN p95 (floor)", value: round(percentile(samples, 95)), unit: "ms" },
  ];
}

/** Reads a thread's live stream; ms from each event's timestamp to its arrival, until `runs` runs reach their first gate. */
async function latencies(server: NextServer, threadId: string, runs: number): Promise<number[]> {
  const res = await fetch(`${server.url}/api/v1/events?thread_id=${threadId}`, { headers: auth });
  const out: number[] = [];
  let completed = 0;
  await readSseUntil(res, ({ data }) => {
    if (data.type === "stage.draft") return false;
    out.push(Date.now() - Date.parse(data.ts));
    return data.type === "run.waiting_approval" && ++completed === runs;
  });
  return out;
}

async function crossInstanceDelivery(a: NextServer, b: NextServer): Promise<BenchRow[]> {
  const A = httpApi(a.url, auth);
  const { threads } = await A.seed(1, "Bench Relay");
  const runs = 5;
  const onA = latencies(a, threads[0].id, runs);
  const onB = latencies(b, threads[0].id, runs);
  await new Promise((r) => setTimeout(r, 300));
  for (let i = 0; i < runs; i++) await A.post("/runs", { thread_id: threads[0].id, stack: "foundation", request: `relay ${i}` });
  const [same, other] = await Promise.all([onA, onB]);
  return [
    { benchmark: B, metric: "event delivery, other instance p50", value: round(percentile(other, 50)), unit: "ms", note: `${other.length} events of ${runs} runs written on A, read on B` },
    { benchmark: B, metric: "event delivery, other instance p95", value: round(percentile(other, 95)), unit: "ms" },
    { benchmark: B, metric: "event delivery, same instance p50 (floor)", value: round(percentile(same, 50)), unit: "ms", note: "the same events read on A" },
    { benchmark: B, metric: "event delivery, same instance p95 (floor)", value: round(percentile(same, 95)), unit: "ms" },
  ];
}

/**
 * The gap between one stage's end and the next one's start when nothing waits for a person (research
 * is approved automatically, then brand-voice starts): in hosted mode a job sent, taken and claimed.
 */
async function queueOverhead(api: ReturnType<typeof httpApi>, fake: FakeLlmServer, label = "hosted mode (a job per stage)"): Promise<BenchRow[]> {
  fake.setResponder(studioResponder as never);
  const { threads } = await api.seed(1, `Bench Queue ${label.slice(0, 5)}`);
  const gaps: number[] = [];
  for (let i = 0; i < 8; i++) {
    const run = (await api.post("/runs", { thread_id: threads[0].id, stack: "foundation", request: `fila ${i}` })).json;
    for (;;) {
      const r = (await api.get(`/runs/${run.id}`)).json;
      if (r.status === "waiting_approval") break;
      await new Promise((res) => setTimeout(res, 50));
    }
    const res = await fetch(`${api.baseUrl}/api/v1/events?run_id=${run.id}`, { headers: auth, signal: AbortSignal.timeout(10_000) });
    const events: any[] = [];
    await readSseUntil(res, ({ data }) => (events.push(data), data.type === "run.waiting_approval"));
    const approved = events.find((e) => e.type === "stage.approved" && e.stage_id === "research");
    const started = events.find((e) => e.type === "stage.started" && e.stage_id === "brand-voice");
    gaps.push(Date.parse(started.ts) - Date.parse(approved.ts));
    await api.post(`/runs/${run.id}/cancel`, {});
  }
  return [{ benchmark: B, metric: `stage → next stage, ${label} p50`, value: round(percentile(gaps, 50)), unit: "ms", note: `8 runs; max ${round(Math.max(...gaps))} ms` }];
}

/** SIGKILL the instance whose stage call is in flight; ms until the other instance calls the model again. */
async function takeover(a: NextServer, b: NextServer, fake: FakeLlmServer): Promise<BenchRow[]> {
  const A = httpApi(a.url, auth);
  const { threads } = await A.seed(1, "Bench Takeover");
  let hang = true;
  fake.setResponder(((req: ReceivedRequest) => (stageAsked(req) === "brand-voice" && hang ? { kind: "hang" } : studioResponder(req))) as never);
  const before = fake.chatRequests().length;
  await A.post("/runs", { thread_id: threads[0].id, stack: "foundation", request: "tomar" });
  let call: ReceivedRequest | undefined;
  while (!(call = fake.chatRequests().slice(before).find((r) => stageAsked(r) === "brand-voice"))) await new Promise((r) => setTimeout(r, 20));
  const victim = String(call.headers.authorization).includes("-A-") ? a : b;
  const seen = fake.chatRequests().length;
  const t = performance.now();
  await victim.kill("SIGKILL");
  hang = false;
  while (!fake.chatRequests().slice(seen).some((r) => stageAsked(r) === "brand-voice")) await new Promise((r) => setTimeout(r, 20));
  const ms = performance.now() - t;
  fake.setResponder(studioResponder as never);
  return [{ benchmark: B, metric: "stage take-over after SIGKILL", value: round(ms / 1000), unit: "s", note: "floor: hosted.stage_expiry_seconds 10 + supervise 1 s (tests/fixtures/settings.hosted.yaml)" }];
}
