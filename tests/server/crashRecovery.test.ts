import fs from "node:fs";
import path from "node:path";
import { afterAll, expect, test } from "vitest";
import { parseEventLog } from "@/lib/domain/runEvent";
import { stageAsked, startFakeLlmServer, type FakeLlmServer, type ReceivedRequest } from "../support/fakeLlmServer";
import { httpApi, waitFor as waitUntil } from "../support/httpApi";
import { freePort, startNextServer, type NextServer } from "../support/nextServer";
import { studioResponder } from "../support/studioResponder";
import { disposeWorkspace, serverWorkspace } from "../support/tempWorkspace";

let fake: FakeLlmServer;
let server: NextServer | null = null;
const ws = serverWorkspace("vm-crash-");
const dir = ws.dir;

afterAll(async () => {
  await server?.kill("SIGKILL");
  await fake?.close();
  await disposeWorkspace(dir);
});


const waitFor = <T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, ms = 30_000) =>
  waitUntil(what, probe, ms, () => server?.output() ?? "");

test("SIGKILL mid-stage: after a restart the run completes with no lost or duplicated artifact, decision or event", async () => {
  fake = await startFakeLlmServer();
  let slow = true;
  // brand-voice's first call hangs long enough for the server to be killed in the middle of it.
  fake.setResponder((req) => (stageAsked(req) === "brand-voice" && slow ? { ...studioResponder(req), latencyMs: 60_000 } : studioResponder(req)) as never);
  const port = await freePort();
  const env = { ...ws.env, VM_LLM_BASE_URL: fake.baseUrl, VM_LLM_API_KEY: "sk-crash-test-1" };
  server = await startNextServer(port, env);
  const api = (method: string, p: string, body?: unknown) => httpApi(server!.url).call(method, p, body);

  const brand = (await api("POST", "/brands", { name: "Crash Co", soul_md: "alma resistente" })).json;
  const product = (await api("POST", "/products", { brand_id: brand.id, name: "Produto" })).json;
  const thread = (await api("POST", "/threads", { product_id: product.id, title: "Campanha" })).json;
  const run = (await api("POST", "/runs", { thread_id: thread.id, stack: "foundation", request: "sobreviver a quedas" })).json;

  await waitFor("brand-voice's call in flight", () => fake.chatRequests().some((r) => stageAsked(r) === "brand-voice"));
  await server.kill("SIGKILL");
  slow = false;

  server = await startNextServer(port, env);
  const get = async () => (await api("GET", `/runs/${run.id}`)).json;
  let state = await waitFor("the recovered run at its gate", async () => {
    const r = await get();
    return r.status === "waiting_approval" && r;
  });
  const bv = state.stages.find((s: any) => s.id === "brand-voice");
  expect(bv.attempts.map((a: any) => [a.n, a.status])).toEqual([[1, "interrupted"], [2, "succeeded"]]);
  expect(state.stages.find((s: any) => s.id === "research").attempts).toHaveLength(1); // finished work is not redone

  for (const stageId of ["brand-voice", "positioning", "keywords"]) {
    await waitFor(`${stageId} at its gate`, async () => (await get()).current_stage === stageId && (await get()).status === "waiting_approval");
    expect((await api("POST", `/runs/${run.id}/approve`, { stage_id: stageId })).status).toBe(200);
  }
  state = await waitFor("completion", async () => {
    const r = await get();
    return r.status === "completed" && r;
  });

  // Events: one log, contiguous, with the crash recorded, agreeing with the database.
  const log = parseEventLog(fs.readFileSync(path.join(dir, "runs", run.id, "events.jsonl"), "utf8"));
  expect(log.map((e) => e.seq)).toEqual(log.map((_, i) => i + 1));
  expect(state.last_event_seq).toBe(log.length);
  expect(log.filter((e) => e.type === "stage.attempt.interrupted")).toMatchObject([{ stage_id: "brand-voice", attempt: 1 }]);
  expect(log.filter((e) => e.type === "run.recovered")).toHaveLength(1);
  expect(log.filter((e) => e.type === "run.completed")).toHaveLength(1);
  // Artifacts and decisions: exactly one per stage attempt that succeeded, one decision per gate.
  const stageArtifacts = state.artifacts.filter((a: any) => a.kind === "stage").map((a: any) => `${a.stage_id}/${a.attempt}`);
  expect(stageArtifacts.sort()).toEqual(["brand-voice/2", "keywords/1", "positioning/1", "research/1"]);
  expect(new Set(stageArtifacts).size).toBe(stageArtifacts.length);
  expect(state.decisions.map((d: any) => [d.stage_id, d.action])).toEqual([
    ["brand-voice", "approve"],
    ["positioning", "approve"],
    ["keywords", "approve"],
  ]);
  const files = fs.readdirSync(path.join(dir, "runs", run.id, "artifacts"), { recursive: true }).map(String).filter((f) => f.endsWith(".md")).sort();
  expect(files).toEqual(["brand-voice/2.md", "keywords/1.md", "package.md", "positioning/1.md", "research/1.md"]);
  // What the interrupted attempt was given is still on record.
  const snap = JSON.parse(fs.readFileSync(path.join(dir, "runs", run.id, "prompt-snapshots", "brand-voice-1.json"), "utf8"));
  expect(snap.status).toBe("running");
  expect(snap.messages[0].content).toContain("alma resistente");
}, 180_000);

test("SIGTERM mid-stage: the stage in flight finishes within the grace period, the process exits, and the run goes on at the next start", async () => {
  await server?.kill("SIGKILL");
  await fake?.close();
  fake = await startFakeLlmServer();
  // brand-voice takes 2 s: shorter than the grace period, longer than the signal takes to arrive.
  fake.setResponder((req) => (stageAsked(req) === "brand-voice" ? { ...studioResponder(req), latencyMs: 2000 } : studioResponder(req)) as never);
  const port = await freePort();
  // As `npm start` runs it: Next leaves the signals to the app.
  const env = { ...ws.env, VM_LLM_BASE_URL: fake.baseUrl, VM_LLM_API_KEY: "sk-crash-test-2", NEXT_MANUAL_SIG_HANDLE: "true" };
  server = await startNextServer(port, env);
  const api = (method: string, p: string, body?: unknown) => httpApi(server!.url).call(method, p, body);
  const brand = (await api("POST", "/brands", { name: "Graceful Co" })).json;
  const product = (await api("POST", "/products", { brand_id: brand.id, name: "Produto" })).json;
  const thread = (await api("POST", "/threads", { product_id: product.id, title: "Campanha" })).json;
  const run = (await api("POST", "/runs", { thread_id: thread.id, stack: "foundation", request: "parar com calma" })).json;
  await waitFor("brand-voice's call in flight", () => fake.chatRequests().some((r) => stageAsked(r) === "brand-voice"));

  const started = Date.now();
  const exited = new Promise<number | null>((resolve) => server!.process.once("exit", (code) => resolve(code)));
  server.process.kill("SIGTERM");
  expect(await exited).toBe(0);
  const took = Date.now() - started;
  expect(took).toBeLessThan(15_000); // it waited for the call (~2 s), not for the 30 s grace period
  expect(server.output()).toMatch(/SIGTERM: stopping; 1 stage\(s\) in flight get up to 30000 ms to finish/);

  // The attempt in flight was finished and kept, not cut.
  const log = parseEventLog(fs.readFileSync(path.join(dir, "runs", run.id, "events.jsonl"), "utf8"));
  const bvEvents = log.filter((e) => e.stage_id === "brand-voice").map((e) => e.type);
  expect(bvEvents).toContain("llm.call.finished");
  expect(bvEvents).not.toContain("stage.attempt.cancelled");
  expect(bvEvents).not.toContain("stage.attempt.interrupted");

  server = await startNextServer(port, env);
  const state = await waitFor("the run at brand-voice's gate", async () => {
    const r = (await api("GET", `/runs/${run.id}`)).json;
    return r.status === "waiting_approval" && r;
  });
  expect(state.stages.find((s: any) => s.id === "brand-voice").attempts.map((a: any) => [a.n, a.status])).toEqual([[1, "succeeded"]]);
  expect(fake.chatRequests().filter((r) => stageAsked(r) === "brand-voice")).toHaveLength(1);
}, 180_000);
