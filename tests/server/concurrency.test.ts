import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { parseEventLog } from "@/lib/domain/runEvent";
import { concurrentWorkload } from "../support/concurrentWorkload";
import { startFakeLlmServer, type FakeLlmServer } from "../support/fakeLlmServer";
import { freePort, startNextServer, type NextServer } from "../support/nextServer";
import { studioResponder } from "../support/studioResponder";
import { disposeWorkspace, serverWorkspace } from "../support/tempWorkspace";

// Two of everything at once on the real server. Before the fix of the memory wait, the second
// concurrent retrieval spun the event loop at 100 % and this test timed out on its first health poll.

let fake: FakeLlmServer;
let server: NextServer;
const ws = serverWorkspace("vm-conc-");

beforeAll(async () => {
  fake = await startFakeLlmServer();
  fake.setResponder(studioResponder);
  server = await startNextServer(await freePort(), { ...ws.env, VM_LLM_BASE_URL: fake.baseUrl, VM_LLM_API_KEY: "sk-concurrency" });
}, 120_000);

afterAll(async () => {
  await server?.kill();
  await fake?.close();
  await disposeWorkspace(ws.dir);
});

test("runs, chat, searches and an export at once: health answers throughout, every run and reply completes, nothing lost or doubled", async () => {
  const w = await concurrentWorkload(server.url, server.output);
  expect(w.starts.map((r) => r.status)).toEqual([202, 202, 202, 202]);

  // The server kept answering: every health poll came back, 200, within a second.
  expect(w.polls.length).toBeGreaterThan(5);
  expect(w.polls.filter((p) => !p.ok)).toEqual([]);
  expect(Math.max(...w.polls.map((p) => p.ms))).toBeLessThan(1000);

  expect(w.finished.map((r) => r.status)).toEqual(["completed", "completed", "completed", "completed"]);
  expect(w.approvals.every((s) => s === 200)).toBe(true);
  expect(w.plain.map((r) => [r.status, r.json.message.status])).toEqual([[200, "ok"], [200, "ok"], [200, "ok"]]);
  for (const events of w.streamed) {
    expect(events[0].event).toBe("user");
    expect(events.at(-1)).toMatchObject({ event: "done" });
  }
  expect(w.searched.map((r) => r.status)).toEqual([200, 200, 200, 200]);
  expect(w.archive.status).toBe(200);
  expect(w.archive.bytes).toBeGreaterThan(0);

  for (const run of w.finished) {
    // One successful attempt per stage (one per variant where it has them), one approval per gate, events
    // contiguous and agreeing with the database.
    for (const s of run.stages) expect(s.attempts.filter((a: any) => a.status === "succeeded"), `${run.stack}/${s.id}`).toHaveLength(s.variants);
    expect(run.decisions.map((d: any) => d.stage_id)).toEqual(run.stages.filter((s: any) => s.approval_required).map((s: any) => s.id));
    const log = parseEventLog(fs.readFileSync(path.join(ws.dir, "runs", run.id, "events.jsonl"), "utf8"));
    expect(log.map((e) => e.seq)).toEqual(log.map((_, i) => i + 1));
    expect(run.last_event_seq).toBe(log.length);
    expect(log.filter((e) => e.type === "run.completed")).toHaveLength(1);
  }

  // Every chat turn has its reply, in order, none twice.
  for (const t of w.threads) {
    const items = (await w.api.get(`/threads/${t.id}?limit=200`)).json.messages.items;
    expect(items.map((m: any) => m.role)).toEqual(items.map((_: unknown, i: number) => (i % 2 ? "assistant" : "user")));
    expect(items.filter((m: any) => m.status !== "ok")).toEqual([]);
    expect(items.map((m: any) => m.seq)).toEqual(items.map((_: unknown, i: number) => i + 1));
  }
}, 240_000);
