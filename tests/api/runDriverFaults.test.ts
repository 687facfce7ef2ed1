import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, expect, test, vi } from "vitest";
import { loadSettings } from "@/lib/config/settings";
import { createContainer, getContainer, resetContainer } from "@/lib/container";
import { parseEventLog } from "@/lib/domain/runEvent";
import type { UnitOfWork } from "@/lib/domain/ports";
import { seedCampaign } from "../support/api";
import { startFakeLlmServer, type FakeLlmServer } from "../support/fakeLlmServer";
import { runApi } from "../support/runApi";
import { studioResponder } from "../support/studioResponder";
import { disposeWorkspace, TEST_SETTINGS, useTempWorkspace } from "../support/tempWorkspace";

// The run driver meets an unexpected fault after a restart (a database that cannot start a
// transaction, say). It must never leave a run `running` with nothing driving it.

let fake: FakeLlmServer;
let dir: string;
const settingsDir = fs.mkdtempSync(path.join(os.tmpdir(), "vm-driver-settings-"));
const settingsFile = path.join(settingsDir, "settings.yaml");

beforeAll(async () => {
  fake = await startFakeLlmServer();
  // The test settings plus short driver backoff and a fast sweep.
  fs.writeFileSync(settingsFile, fs.readFileSync(TEST_SETTINGS, "utf8").replace(/^memory:/m, "engine:\n  driver_retries: 2\n  driver_retry_ms: 20\n  sweep_interval_ms: 100\nmemory:").replace("model_path: tests/fixtures", `model_path: ${path.resolve("tests/fixtures")}`));
});
afterAll(async () => {
  await fake.close();
  fs.rmSync(settingsDir, { recursive: true, force: true });
});
beforeEach(async () => {
  fake.reset();
  fake.setResponder(studioResponder);
  process.env.VM_LLM_BASE_URL = fake.baseUrl;
  process.env.VM_LLM_API_KEY = "sk-driver-faults";
  process.env.VM_SETTINGS = settingsFile;
  ({ dir } = await useTempWorkspace());
});
afterEach(async () => {
  delete process.env.VM_LLM_BASE_URL;
  delete process.env.VM_LLM_API_KEY;
  process.env.VM_SETTINGS = TEST_SETTINGS;
  await disposeWorkspace(dir);
});

/** A unit of work that fails to start transactions while `failing` says so, the way Prisma's P2028 does. */
function flakyDatabase() {
  const state = { failing: 0, failed: 0 };
  const wrap = (real: UnitOfWork): UnitOfWork => ({
    run: (work, opts) => {
      if (state.failing > 0) {
        state.failing--;
        state.failed++;
        return Promise.reject(new Error("Transaction API error: Unable to start a transaction in the given time."));
      }
      return real.run(work, opts);
    },
  });
  return { state, wrap };
}

/** Starts a Foundation run whose second stage is in flight, then stops the app as a crash would leave it. */
async function runCutOffAtBrandVoice() {
  const { thread } = await seedCampaign();
  fake.setResponder((req) => ((req.body.messages.at(-1).content as string).includes("(brand-voice)") ? { kind: "hang" } : studioResponder(req)));
  const runId = (await runApi.start({ thread_id: thread.id, stack: "foundation", request: "Inverno" })).json.id as string;
  await vi.waitFor(() => expect(fake.chatRequests()).toHaveLength(2), { timeout: 10_000 });
  // Shutdown aborts the call and leaves the run `running`, as a killed server would.
  await resetContainer(undefined);
  fake.setResponder(studioResponder);
  return runId;
}

const quietly = () => vi.spyOn(console, "error").mockImplementation(() => {});

test("a transient fault after a restart is retried with backoff and the run carries on to its gate", async () => {
  const runId = await runCutOffAtBrandVoice();
  const db = flakyDatabase();
  db.state.failing = 2; // the take-over's record and one drive: fewer than driver_retries + 1 drives
  const log = quietly();
  await resetContainer(createContainer(loadSettings(), { uow: db.wrap }));
  await getContainer().engine.recover();
  await vi.waitFor(async () => expect((await runApi.get(runId)).json.status).toBe("waiting_approval"), { timeout: 10_000 });
  log.mockRestore();
  expect(db.state.failed).toBe(2);
  const run = (await runApi.get(runId)).json;
  expect(run.stages.find((s: any) => s.id === "brand-voice").attempts.map((a: any) => a.status)).toEqual(["cancelled", "succeeded"]);
});

test("a fault that outlasts the retries fails the stage with a classified error; Retry resumes it", async () => {
  const runId = await runCutOffAtBrandVoice();
  const db = flakyDatabase();
  db.state.failing = 4; // the take-over's record, then driver_retries + 1 drives fail; recording the failure succeeds
  const log = quietly();
  await resetContainer(createContainer(loadSettings(), { uow: db.wrap }));
  await getContainer().engine.recover();
  await vi.waitFor(async () => expect((await runApi.get(runId)).json.status).toBe("failed"), { timeout: 10_000 });
  log.mockRestore();

  const failed = (await runApi.get(runId)).json;
  expect(failed.error).toMatchObject({ code: "driver_failed", stage_id: "brand-voice", message: expect.stringContaining("3 tries") });
  expect(failed.error.hint).toMatch(/Retry/);
  expect(failed.stages.find((s: any) => s.id === "brand-voice").status).toBe("failed");
  const log1 = parseEventLog(fs.readFileSync(path.join(dir, "runs", runId, "events.jsonl"), "utf8"));
  expect(log1.filter((e) => e.type === "run.failed")).toMatchObject([{ data: { error: { code: "driver_failed" } } }]);

  expect((await runApi.retry(runId, { stage_id: "brand-voice" })).status).toBe(200);
  await runApi.settle();
  const resumed = (await runApi.get(runId)).json;
  expect(resumed).toMatchObject({ status: "waiting_approval", current_stage: "brand-voice", error: null });
  expect(resumed.stages.find((s: any) => s.id === "brand-voice").attempts.at(-1).status).toBe("succeeded");
  const seqs = parseEventLog(fs.readFileSync(path.join(dir, "runs", runId, "events.jsonl"), "utf8")).map((e) => e.seq);
  expect(seqs).toEqual(seqs.map((_, i) => i + 1));
});

test("when even the failure cannot be recorded, the periodic sweep picks the run up once the database is back", async () => {
  const runId = await runCutOffAtBrandVoice();
  const db = flakyDatabase();
  db.state.failing = 1_000_000; // down for a while: no driving, no recording
  const log = quietly();
  await resetContainer(createContainer(loadSettings(), { uow: db.wrap }));
  await getContainer().engine.recover().catch(() => []);
  await vi.waitFor(() => expect(db.state.failed).toBeGreaterThan(4), { timeout: 10_000 });
  await getContainer().engine.idle();
  expect((await runApi.get(runId)).json.status).toBe("running"); // nothing could be written…
  db.state.failing = 0; // …until the database answers again: nobody calls the engine, the sweep does
  await vi.waitFor(async () => expect((await runApi.get(runId)).json.status).toBe("waiting_approval"), { timeout: 10_000 });
  log.mockRestore();
  const run = (await runApi.get(runId)).json;
  expect(run.stages.find((s: any) => s.id === "brand-voice").attempts.at(-1).status).toBe("succeeded");
  expect(run.stages.find((s: any) => s.id === "brand-voice").attempts.filter((a: any) => a.status === "succeeded")).toHaveLength(1);
});
