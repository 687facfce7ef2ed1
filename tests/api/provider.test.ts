import { afterAll, afterEach, beforeAll, beforeEach, expect, test } from "vitest";
import * as provider from "@/app/api/v1/provider/route";
import * as check from "@/app/api/v1/provider/check/route";
import { callRoute } from "../support/callRoute";
import { kimi403Body, startFakeLlmServer, type FakeLlmServer } from "../support/fakeLlmServer";
import { disposeWorkspace, useTempWorkspace } from "../support/tempWorkspace";

let fake: FakeLlmServer;
let dir: string;
beforeAll(async () => {
  fake = await startFakeLlmServer();
});
afterAll(async () => fake.close());
beforeEach(() => fake.reset());
afterEach(async () => {
  for (const k of ["VM_LLM_BASE_URL", "VM_LLM_API_KEY", "VM_LLM_MODEL", "KIMI_API_KEY"]) delete process.env[k];
  await disposeWorkspace(dir);
});

const status = () => callRoute(provider.GET, "GET", "/api/v1/provider");
const runCheck = () => callRoute(check.POST, "POST", "/api/v1/provider/check");

test("with no key: the status says so, the check explains what to do, and nothing is called", async () => {
  ({ dir } = await useTempWorkspace());
  const res = await status();
  expect(res.json).toEqual({
    base_url: "https://api.kimi.com/coding/v1",
    model: "kimi-for-coding",
    key_configured: false,
    key_required: true,
    configured: false,
    headers: [],
  });
  const c = await runCheck();
  expect(c.json).toMatchObject({ ok: false, error: { hint: expect.stringMatching(/VM_LLM_API_KEY/) } });
});

test("with a key: the status never shows it; the check makes one tiny call and reports latency", async () => {
  process.env.VM_LLM_BASE_URL = fake.baseUrl;
  process.env.KIMI_API_KEY = "sk-kimi-alias-777";
  process.env.VM_LLM_MODEL = "fake-model";
  ({ dir } = await useTempWorkspace());
  const s = await status();
  expect(s.json).toMatchObject({ base_url: fake.baseUrl, model: "fake-model", key_configured: true, configured: true });
  expect(s.text).not.toContain("sk-kimi-alias-777");
  fake.queue({ text: "ok" });
  const c = await runCheck();
  expect(c.json).toEqual({ ok: true, latency_ms: expect.any(Number), model: "fake-model", note: null });
  expect(fake.chatRequests()).toHaveLength(1);
  expect(fake.chatRequests()[0].headers.authorization).toBe("Bearer sk-kimi-alias-777");
});

test("the check reports the classified error, e.g. Kimi's 403 for unrecognised clients", async () => {
  process.env.VM_LLM_BASE_URL = fake.baseUrl;
  process.env.VM_LLM_API_KEY = "sk-x-123456";
  ({ dir } = await useTempWorkspace());
  fake.queue({ kind: "error", status: 403, body: kimi403Body });
  const c = await runCheck();
  expect(c.json).toMatchObject({ ok: false, error: { kind: "forbidden", status: 403, hint: expect.stringMatching(/Moonshot/) } });
});
