import { afterEach, beforeEach, expect, test } from "vitest";
import { loadSettings } from "@/lib/config/settings";
import { createContainer, type Container } from "@/lib/container";
import { parseEventLog } from "@/lib/domain/runEvent";
import { layout } from "@/lib/domain/workspaceLayout";
import fs from "node:fs";
import path from "node:path";
import { seedCampaign } from "../support/api";
import { stageAsked, startFakeLlmServer, type FakeLlmServer } from "../support/fakeLlmServer";
import { runApi } from "../support/runApi";
import { studioResponder } from "../support/studioResponder";
import { disposeWorkspace, useTempWorkspace } from "../support/tempWorkspace";

// Two drivers overlap on one stage — what hosted mode's job queue allows when a worker loses its lease
// but is not dead. The database's compare-and-set decides: the worker that took the stage over owns
// it, and the late worker's aborted call can neither finish the stage a second time nor undo it.

let fake: FakeLlmServer;
let dir: string;
let other: Container | null = null;

beforeEach(async () => {
  fake = await startFakeLlmServer();
  process.env.VM_LLM_BASE_URL = fake.baseUrl;
  process.env.VM_LLM_API_KEY = "sk-takeover-test";
  ({ dir } = await useTempWorkspace());
});
afterEach(async () => {
  await other?.close();
  other = null;
  await fake.close();
  delete process.env.VM_LLM_BASE_URL;
  delete process.env.VM_LLM_API_KEY;
  await disposeWorkspace(dir);
});

test("a worker takes over a stage whose first worker still runs: one successful attempt, and the late worker's cancel changes nothing", async () => {
  let calls = 0;
  fake.setResponder(((req: Parameters<typeof studioResponder>[0]) => {
    if (stageAsked(req) !== "brand-voice") return studioResponder(req);
    // The first worker's call never answers; the second worker's takes a while.
    return ++calls === 1 ? { kind: "hang" } : { ...studioResponder(req), latencyMs: 1500 };
  }) as never);
  const late = (await import("@/lib/container")).getContainer(); // the first worker (drives runs started here)
  const { thread } = await seedCampaign();
  const run = (await runApi.start({ thread_id: thread.id, stack: "foundation", request: "dois trabalhadores" })).json;
  while (!fake.chatRequests().some((r) => stageAsked(r) === "brand-voice")) await new Promise((r) => setTimeout(r, 20));

  // A second worker (its own owner, same database) is handed the run, as the queue would after an expiry.
  other = createContainer(loadSettings());
  await other.ready;
  const second = other.engine.driveJob(run.id);
  while (calls < 2) await new Promise((r) => setTimeout(r, 20));

  // While the second worker's attempt is being written, the first worker's call is cut at last (its
  // shutdown grace ran out, say): its attempt is no longer its own, so it must not send the stage back.
  late.engine.abort(run.id);
  await late.engine.idle();
  expect(await second).toBe("more");
  let state = (await runApi.get(run.id)).json;
  const bv = () => state.stages.find((s: any) => s.id === "brand-voice");
  expect(state.status).toBe("waiting_approval");
  expect(state.current_stage).toBe("brand-voice");
  expect(bv().status).toBe("waiting_approval");
  expect(bv().attempts.map((a: any) => [a.n, a.status])).toEqual([[1, "interrupted"], [2, "succeeded"]]);
  const log = parseEventLog(fs.readFileSync(path.join(dir, layout.events(run.id)), "utf8"));
  expect(log.filter((e) => e.type === "stage.attempt.cancelled")).toEqual([]);
  expect(log.filter((e) => e.type === "stage.waiting_approval")).toHaveLength(1);
  expect(log.map((e) => e.seq)).toEqual(log.map((_, i) => i + 1));
  expect(log.find((e) => e.type === "run.recovered")).toMatchObject({ data: { reason: "lease", interrupted: [{ stage_id: "brand-voice", attempt: 1 }] } });

  // And the gate works as usual.
  expect((await runApi.approve(run.id, { stage_id: "brand-voice" })).status).toBe(200);
});
