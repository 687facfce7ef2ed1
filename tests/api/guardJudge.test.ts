import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, expect, test } from "vitest";
import { seedCampaign } from "../support/api";
import { stageAsked, startFakeLlmServer, type FakeLlmServer, type ReceivedRequest } from "../support/fakeLlmServer";
import { guardApi } from "../support/guardApi";
import { runApi } from "../support/runApi";
import { disposeWorkspace, TEST_SETTINGS, useTempWorkspace } from "../support/tempWorkspace";

// guard.judge: on — one extra call per attempt to the same (fake) provider, answering JSON.

let fake: FakeLlmServer;
let dir: string;
let judgeAnswers: string[] = [];
const settingsDir = fs.mkdtempSync(path.join(os.tmpdir(), "vm-judge-settings-"));
const settingsFile = path.join(settingsDir, "settings.yaml");
const isJudge = (req: ReceivedRequest) => String(req.body.messages[0]?.content ?? "").startsWith("Você avalia se um texto");

beforeAll(async () => {
  fake = await startFakeLlmServer();
  fs.writeFileSync(settingsFile, fs.readFileSync(TEST_SETTINGS, "utf8").replace("model_path: tests/fixtures", `model_path: ${path.resolve("tests/fixtures")}`) + "guard:\n  judge: on\n");
});
afterAll(async () => {
  await fake.close();
  fs.rmSync(settingsDir, { recursive: true, force: true });
});
beforeEach(async () => {
  judgeAnswers = [];
  fake.reset();
  fake.setResponder((req) => {
    if (isJudge(req)) return { text: judgeAnswers.shift() ?? "não sei avaliar" };
    return { text: `## Entregável ${stageAsked(req)}\n\nTexto.\n\n## Lacunas\n\nNenhuma.` };
  });
  process.env.VM_LLM_BASE_URL = fake.baseUrl;
  process.env.VM_LLM_API_KEY = "sk-judge";
  process.env.VM_SETTINGS = settingsFile;
  ({ dir } = await useTempWorkspace());
});
afterEach(async () => {
  delete process.env.VM_LLM_BASE_URL;
  delete process.env.VM_LLM_API_KEY;
  process.env.VM_SETTINGS = TEST_SETTINGS;
  await disposeWorkspace(dir);
});

test("the judge's findings and cost are recorded; a garbage answer leaves the stage unaffected; agreement is reported", async () => {
  judgeAnswers = [
    '{"voice":[{"attribute":"caloroso","score":4,"note":"ok"}],"violations":[]}', // research
    '{"voice":[{"attribute":"caloroso","score":1,"note":"frio"}],"violations":[]}', // brand-voice #1: flagged
    "garbage, not JSON", // brand-voice #2
  ];
  const { thread, brand } = await seedCampaign();
  const runId = (await runApi.start({ thread_id: thread.id, stack: "foundation", request: "x" })).json.id;
  await runApi.settle();
  let run = (await runApi.get(runId)).json;
  const research = run.stages.find((s: any) => s.id === "research").attempts[0].checks;
  expect(research.judge).toMatchObject({ status: "ok", usage: { total_tokens: expect.any(Number) }, latency_ms: expect.any(Number), scores: [{ attribute: "caloroso", score: 4 }] });
  const bv1 = run.stages.find((s: any) => s.id === "brand-voice").attempts[0].checks;
  expect(bv1.findings.filter((f: any) => f.rule === "voice")).toMatchObject([{ severity: "warn", message: expect.stringContaining("caloroso") }]);
  expect(bv1.status).toBe("warn");
  expect(fake.chatRequests().filter(isJudge)).toHaveLength(2);

  // The reviewer agrees with the judge: retries the flagged attempt. The judge then answers garbage.
  await runApi.retry(runId, { stage_id: "brand-voice", feedback: "mais caloroso" });
  await runApi.settle();
  run = (await runApi.get(runId)).json;
  const bv2 = run.stages.find((s: any) => s.id === "brand-voice").attempts[1];
  expect(bv2.status).toBe("succeeded");
  expect(bv2.checks.judge).toMatchObject({ status: "unavailable", error: expect.stringContaining("JSON") });
  expect(run.status).toBe("waiting_approval");
  await runApi.approve(runId, { stage_id: "brand-voice" });

  const judge = (await guardApi.stats(brand.id)).json.judge;
  // research: clean, kept (ungated, approved as written); brand-voice #1: flagged, changed (retried).
  expect(judge).toMatchObject({ flagged_changed: 1, flagged_kept: 0, clean_changed: 0, clean_kept: 1, agreement: 1 });
});
