import fs from "node:fs";
import path from "node:path";
import { afterEach, expect, test, vi } from "vitest";
import { api, seedCampaign } from "../support/api";
import { memoryApi } from "../support/memoryApi";
import { makeReadOnly } from "../support/readOnlyDir";
import { runApi } from "../support/runApi";
import { disposeWorkspace, listFiles, useTempWorkspace } from "../support/tempWorkspace";

let dir: string;
afterEach(async () => {
  delete process.env.VM_LLM_BASE_URL;
  delete process.env.VM_LLM_API_KEY;
  await disposeWorkspace(dir);
});

const contents = (d: string) => listFiles(d).map((f) => [f, fs.readFileSync(path.join(d, f), "utf8")]);

test("a read-only workspace: writes fail with a clear storage error, reads go on, nothing is half-written", async () => {
  ({ dir } = await useTempWorkspace());
  const { brand, product } = await seedCampaign();
  await memoryApi.settle();
  const files = contents(dir);
  const log = vi.spyOn(console, "error").mockImplementation(() => {}); // the refused writes are logged on purpose
  const undo = makeReadOnly(dir);
  try {
    const created = await api.createBrand({ name: "Nova", soul_md: "alma" });
    expect(created.status).toBe(507);
    expect(created.json.error).toMatchObject({ code: "storage_failure", message: expect.stringMatching(/cannot be written \((EROFS|EACCES)\)/) });
    const patched = await api.patchBrand(brand.id, { soul_md: "mudou" });
    expect(patched.status).toBe(507);
    expect((await api.getBrand(brand.id)).json.soul_md).toBe(brand.soul_md);
    expect((await api.brandProducts(brand.id)).json.items.map((p: { id: string }) => p.id)).toEqual([product.id]);
    // A load balancer is told: not ready, and why.
    const ready = await api.ready();
    expect(ready.status).toBe(503);
    expect(ready.json.checks).toEqual([
      { name: "database", ok: true, ms: expect.any(Number), error: null },
      { name: "workspace", ok: false, ms: expect.any(Number), error: expect.stringMatching(/EROFS|EACCES/) },
      { name: "accepting_work", ok: true, ms: expect.any(Number), error: null },
    ]);
  } finally {
    undo();
    log.mockRestore();
  }
  expect((await api.listBrands()).json.items.map((b: { id: string }) => b.id)).toEqual([brand.id]);
  expect((await api.brandVersions(brand.id)).json.items).toHaveLength(1);
  expect(contents(dir)).toEqual(files);
  // Writable again: everything works, no leftovers.
  expect((await api.patchBrand(brand.id, { soul_md: "mudou" })).status).toBe(200);
  expect((await api.ready()).json).toMatchObject({ ready: true });
});

test("an unreachable LLM fails the stage with a classified network error and loses nothing; retry resumes once it is back", async () => {
  const { startFakeLlmServer } = await import("../support/fakeLlmServer");
  const { studioResponder } = await import("../support/studioResponder");
  process.env.VM_LLM_BASE_URL = "http://127.0.0.1:9/v1"; // nothing listens on the discard port
  process.env.VM_LLM_API_KEY = "sk-unreachable";
  ({ dir } = await useTempWorkspace());
  const { thread } = await seedCampaign();
  const runId = (await runApi.start({ thread_id: thread.id, stack: "nurture", request: "x" })).json.id;
  await runApi.settle();
  const failed = (await runApi.get(runId)).json;
  expect(failed).toMatchObject({ status: "failed", error: { code: "network", stage_id: "welcome-sequence" } });
  expect(failed.stages[0].attempts).toMatchObject([{ n: 1, status: "failed", error: { code: "network" } }]);
  const snapshot = (await runApi.attempt(runId, "welcome-sequence", 1)).json;
  expect(snapshot).toMatchObject({ status: "failed", error: { code: "network" } });
  expect(snapshot.messages[0].content).toContain("Café de origem."); // what would have been sent is on record
  fake: {
    const fake = await startFakeLlmServer(9100 + Math.floor(Math.random() * 500));
    fake.setResponder(studioResponder);
    try {
      // The provider is configured at start: a restart picks up the endpoint that now answers.
      process.env.VM_LLM_BASE_URL = fake.baseUrl;
      const { createContainer, resetContainer } = await import("@/lib/container");
      const { loadSettings } = await import("@/lib/config/settings");
      await resetContainer(createContainer(loadSettings()));
      expect((await runApi.retry(runId, { stage_id: "welcome-sequence" })).status).toBe(200);
      await runApi.settle();
      expect((await runApi.get(runId)).json).toMatchObject({ status: "waiting_approval", current_stage: "welcome-sequence" });
    } finally {
      await fake.close();
    }
    break fake;
  }
});
