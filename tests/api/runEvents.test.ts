import fs from "node:fs";
import path from "node:path";
import { createParser } from "eventsource-parser";
import { afterAll, afterEach, beforeAll, beforeEach, expect, test } from "vitest";
import { parseEventLog } from "@/lib/domain/runEvent";
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
  const first = await readUntil(await runApi.events(`run_id=${runId}`), (e) => e.length >= 3);
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
  const seen = [...first, ...rest].map((e) => e.data.seq);
  expect(seen).toEqual(log.map((e) => e.seq)); // nothing lost, nothing twice, in order
  expect([...first, ...rest].map((e) => e.data)).toEqual(log); // replay = live = the file
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
