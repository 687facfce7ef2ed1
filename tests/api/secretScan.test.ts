import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import * as chat from "@/app/api/v1/chat/route";
import * as provider from "@/app/api/v1/provider/route";
import * as check from "@/app/api/v1/provider/check/route";
import { seedCampaign, api } from "../support/api";
import { callRoute } from "../support/callRoute";
import { startFakeLlmServer, type FakeLlmServer } from "../support/fakeLlmServer";
import { disposeWorkspace, listFiles, useTempWorkspace } from "../support/tempWorkspace";

// A recognisable key: if any byte of it lands in the workspace or the logs, this test finds it.
const KEY = "sk-LEAKCANARY-5d0c9a7e31f84b2a";
let fake: FakeLlmServer;
let dir: string;

beforeAll(async () => {
  fake = await startFakeLlmServer();
});
afterAll(async () => {
  await fake.close();
  delete process.env.VM_LLM_API_KEY;
  delete process.env.VM_LLM_BASE_URL;
  await disposeWorkspace(dir);
});

test("the API key never appears in any file of the workspace, any answer, or the logs", async () => {
  const logged: string[] = [];
  const capture = (...args: unknown[]) => void logged.push(args.map((a) => (a instanceof Error ? `${a.message}\n${a.stack}` : typeof a === "string" ? a : JSON.stringify(a))).join(" "));
  const spies = (["log", "info", "warn", "error", "debug"] as const).map((m) => vi.spyOn(console, m).mockImplementation(capture));
  const stdout = vi.spyOn(process.stdout, "write").mockImplementation((c: any) => (logged.push(String(c)), true));
  const stderr = vi.spyOn(process.stderr, "write").mockImplementation((c: any) => (logged.push(String(c)), true));

  process.env.VM_LLM_BASE_URL = fake.baseUrl;
  process.env.VM_LLM_API_KEY = KEY;
  ({ dir } = await useTempWorkspace());
  const answers: string[] = [];
  const keep = (r: { text: string }) => (answers.push(r.text), r);

  const { thread: t } = await seedCampaign();
  // A server that echoes the key back in its error body (some do: "Incorrect API key provided: sk-…").
  fake.queue(
    { text: "resposta normal" },
    { kind: "error", status: 401, body: { error: { message: `Incorrect API key provided: ${KEY}`, type: "invalid_request_error" } } },
    { kind: "error", status: 500, body: { error: { message: `upstream said Authorization: Bearer ${KEY}` } } },
    { kind: "error", status: 500, body: { error: { message: `again ${KEY}` } } },
    { kind: "error", status: 500, body: { error: { message: `and again ${KEY}` } } },
    { kind: "error", status: 500, body: { error: { message: `last ${KEY}` } } },
    { kind: "disconnect", text: "parcial" },
    { kind: "error", status: 400, body: { error: { message: `bad request for key ${KEY}` } } },
  );
  keep(await callRoute(chat.POST, "POST", "/api/v1/chat", { body: { thread_id: t.id, message: "oi" } }));
  keep(await callRoute(chat.POST, "POST", "/api/v1/chat", { body: { thread_id: t.id, message: "oi 2", stream: false } }));
  keep(await callRoute(chat.POST, "POST", "/api/v1/chat", { body: { thread_id: t.id, message: "oi 3", stream: false } }));
  keep(await callRoute(chat.POST, "POST", "/api/v1/chat", { body: { thread_id: t.id, message: "oi 4" } }));
  keep(await callRoute(check.POST, "POST", "/api/v1/provider/check"));
  keep(await callRoute(provider.GET, "GET", "/api/v1/provider"));
  keep(await api.getThread(t.id));

  for (const s of [...spies, stdout, stderr]) s.mockRestore();

  expect(fake.chatRequests().every((r) => r.headers.authorization === `Bearer ${KEY}`)).toBe(true); // it was really used
  const files = listFiles(dir).concat(fs.readdirSync(dir).filter((f) => f.startsWith("workspace.sqlite3")));
  expect(files.length).toBeGreaterThan(3);
  for (const f of files) {
    expect(fs.readFileSync(path.join(dir, f)).includes(KEY), f).toBe(false);
  }
  for (const a of answers) expect(a).not.toContain(KEY);
  expect(logged.join("\n")).not.toContain(KEY);
  // The failures really happened and were recorded (redacted), so the scan covered them.
  const chatLog = fs.readFileSync(path.join(dir, "threads", t.id, "chat.jsonl"), "utf8");
  expect(chatLog).toContain("[REDACTED]");
  expect(chatLog).toContain('"code":"auth"');
});
