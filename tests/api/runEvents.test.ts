import fs from "node:fs";
import path from "node:path";
import { createParser } from "eventsource-parser";
import { afterAll, afterEach, beforeAll, beforeEach, expect, test } from "vitest";
import { parseEventLog } from "@/lib/domain/runEvent";
import { applyDraft } from "@/lib/domain/stageDraft";
import { getContainer } from "@/lib/container";
import { seedCampaign } from "../support/api";
import { startFakeLlmServer, type FakeLlmServer } from "../support/fakeLlmServer";
import { studioResponder } from "../support/studioResponder";
import { runApi } from "../support/runApi";
import { disposeWorkspace, TEST_SETTINGS, useTempWorkspace } from "../support/tempWorkspace";

let fake: FakeLlmServer;
let dir: string;
beforeAll(async () => {
  fake = await startFakeLlmServer();
});
afterAll(async () => fake.close());
beforeEach(async () => {
  fake.reset();
  fake.setResponder(studioResponder);
  process.env.VM_LLM_BASE_URL = fake.baseUrl;
  process.env.VM_LLM_API_KEY = "sk-events-test-1";
  ({ dir } = await useTempWorkspace());
});
afterEach(async () => {
  delete process.env.VM_LLM_BASE_URL;
  delete process.env.VM_LLM_API_KEY;
  await disposeWorkspace(dir);
});

/** Reads SSE events from a live response until `until` says stop, then drops the connection. */
async function readUntil(res: Response, until: (events: { id?: string; event?: string; data: any }[]) => boolean) {
  const events: { id?: string; event?: string; data: any }[] = [];
  const parser = createParser({ onEvent: (e) => events.push({ id: e.id, event: e.event, data: JSON.parse(e.data) }) });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  while (!until(events)) {
    const { value, done } = await reader.read();
    if (done) break;
    parser.feed(decoder.decode(value, { stream: true }));
  }
  await reader.cancel(); // the client goes away
  return events;
}

test("SSE: replay then live; a client that drops and reconnects with Last-Event-ID gets exactly what it missed", async () => {
  const { thread } = await seedCampaign();
  fake.setTiming({ latencyMs: 40 });
  const runId = (await runApi.start({ thread_id: thread.id, stack: "foundation", request: "x" })).json.id;

  // First connection: read a few events, then drop.
  const logged = <E extends { event?: string }>(events: E[]) => events.filter((e) => e.event !== "stage.draft");
  const first = logged(await readUntil(await runApi.events(`run_id=${runId}`), (e) => logged(e).length >= 3)).slice(0, 3);
  expect(first.map((e) => e.data.seq)).toEqual([1, 2, 3]);
  expect(first.map((e) => e.id)).toEqual(["1", "2", "3"]);
  expect(first[0]).toMatchObject({ event: "run.started", data: { type: "run.started", run_id: runId } });
  await runApi.settle(); // the run went on without the client
  expect(getContainer().bus.subscriberCount()).toBe(0); // the dropped client left nothing behind

  // The run is waiting at the brand-voice gate; approving it while reconnected shows live events too.
  const second = await runApi.events(`run_id=${runId}`, "3");
  const collected = readUntil(second, (e) => e.some((x) => x.event === "run.waiting_approval" && x.data.data.stage_id === "positioning"));
  await new Promise((r) => setTimeout(r, 50));
  await runApi.approve(runId, { stage_id: "brand-voice" });
  const rest = await collected;

  const log = parseEventLog(fs.readFileSync(path.join(dir, "runs", runId, "events.jsonl"), "utf8"));
  const seen = [...first, ...logged(rest)].map((e) => e.data.seq);
  expect(seen).toEqual(log.map((e) => e.seq)); // nothing lost, nothing twice, in order
  expect([...first, ...logged(rest)].map((e) => e.data)).toEqual(log); // replay = live = the file
  expect(log.some((e) => (e.type as string) === "stage.draft")).toBe(false); // drafts are never logged

  // Positioning was written live: its drafts (no id) rebuild exactly the artifact it wrote.
  const drafts = rest.filter((e) => e.event === "stage.draft" && e.data.stage_id === "positioning");
  expect(drafts.length).toBeGreaterThan(0);
  expect(drafts.every((d) => d.id === undefined)).toBe(true);
  const streamed = drafts.reduce((text: string, d) => applyDraft(text, d.data), "");
  const artifact = fs.readFileSync(path.join(dir, "runs", runId, "artifacts", "positioning", "1.md"), "utf8");
  expect(streamed).toBe(artifact);
});

test("a client that connects mid-stage gets the text so far, then the rest; thinking is counted, never in the text", async () => {
  const { thread } = await seedCampaign();
  const text = Array.from({ length: 40 }, (_, i) => `Frase ${i} do rascunho.`).join(" ") + "\n\n## Lacunas\n\nNenhuma.";
  fake.queue({ reasoning: "pensando em voz baixa ".repeat(3), text, chunks: 40, chunkDelayMs: 40 });
  const runId = (await runApi.start({ thread_id: thread.id, stack: "foundation", request: "x" })).json.id;
  // Connect when the model is half-way through research: thinking ends ~0.5 s after the request, the text ~1.6 s later.
  while (fake.chatRequests().length === 0) await new Promise((r) => setTimeout(r, 20));
  await new Promise((r) => setTimeout(r, 1100));
  const events = await readUntil(await runApi.events(`run_id=${runId}`), (e) => e.some((x) => x.event === "llm.call.finished"));
  const drafts = events.filter((e) => e.event === "stage.draft");
  expect(drafts[0].data).toMatchObject({ stage_id: "research", attempt: 1, offset: 0 });
  expect(drafts[0].data.text.length).toBeGreaterThan(0); // what was written before this client came
  expect(drafts[0].data.text.length).toBeLessThan(text.length);
  expect(drafts.reduce((t: string, d) => applyDraft(t, d.data), "")).toBe(text);
  expect(drafts.at(-1)!.data.reasoning_tokens).toBeGreaterThan(0);
  expect(drafts.some((d) => d.data.text.includes("pensando"))).toBe(false);
  // The draft came after the replayed log and before the attempt's end.
  const at = (name: string) => events.findIndex((e) => e.event === name);
  expect(at("stage.attempt.started")).toBeLessThan(events.indexOf(drafts[0]));
  expect(events.indexOf(drafts.at(-1)!)).toBeLessThan(at("llm.call.finished"));
  await runApi.settle();
});

test("while the provider is busy the stage says so (try 2 of N, the wait), then the text flows", async () => {
  const { thread } = await seedCampaign();
  fake.queue({ kind: "error", status: 429, body: { error: { message: "engine overloaded" } }, headers: { "retry-after": "1" } });
  const runId = (await runApi.start({ thread_id: thread.id, stack: "foundation", request: "x" })).json.id;
  const events = await readUntil(await runApi.events(`run_id=${runId}`), (e) => e.some((x) => x.event === "llm.call.finished"));
  const drafts = events.filter((e) => e.event === "stage.draft").map((e) => e.data);
  const busy = drafts.find((d) => d.retry);
  expect(busy).toMatchObject({ stage_id: "research", text: "", retry: { attempt: 2, of: expect.any(Number), delay_ms: 1000, reason: "HTTP 429" } });
  expect(drafts.at(-1)).toMatchObject({ retry: null });
  expect(drafts.reduce((t: string, d) => applyDraft(t, d), "")).toContain("Entregável: research");
  await runApi.settle();
});

test("SSE for a thread streams its runs live, and heartbeats keep an idle connection open", async () => {
  const settingsFile = path.join(dir, "fast-heartbeat.yaml");
  fs.writeFileSync(settingsFile, fs.readFileSync(TEST_SETTINGS, "utf8") + "events:\n  heartbeat_ms: 100\n");
  process.env.VM_SETTINGS = settingsFile;
  const previous = dir;
  ({ dir } = await useTempWorkspace());
  process.env.VM_SETTINGS = TEST_SETTINGS;
  fs.rmSync(previous, { recursive: true, force: true });
  const { thread } = await seedCampaign();
  const res = await runApi.events(`thread_id=${thread.id}`);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  const started = Date.now();
  while (Date.now() - started < 350) text += decoder.decode((await reader.read()).value, { stream: true });
  expect(text.match(/: heartbeat/g)?.length).toBeGreaterThanOrEqual(2);
  const runId = (await runApi.start({ thread_id: thread.id, stack: "nurture", request: "x" })).json.id;
  while (!text.includes("run.waiting_approval")) text += decoder.decode((await reader.read()).value, { stream: true });
  expect(text).toContain(`id: ${runId}:1\nevent: run.started`);
  await reader.cancel();
  await runApi.settle();
});

test("SSE needs exactly one of run_id and thread_id, both valid", async () => {
  expect((await runApi.events("")).status).toBe(400);
  expect((await runApi.events("run_id=../x")).status).toBe(400);
  expect((await runApi.events("run_id=run_01ARZ3NDEKTSV4RRFFQ69G5FAV")).status).toBe(404);
});
