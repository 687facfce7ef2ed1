import fs from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import * as chat from "@/app/api/v1/chat/route";
import * as thread from "@/app/api/v1/threads/[threadId]/route";
import { createContainer, resetContainer } from "@/lib/container";
import { loadSettings } from "@/lib/config/settings";
import { seedCampaign } from "../support/api";
import { callRoute } from "../support/callRoute";
import { kimi403Body, startFakeLlmServer, type FakeLlmServer } from "../support/fakeLlmServer";
import { readSse } from "../support/readSse";
import { disposeWorkspace, useTempWorkspace } from "../support/tempWorkspace";

const KEY = "sk-vm-test-KEY-93b1e7";
let fake: FakeLlmServer;
let dir: string;

beforeAll(async () => {
  fake = await startFakeLlmServer();
});
afterAll(async () => fake.close());
beforeEach(async () => {
  fake.reset();
  process.env.VM_LLM_BASE_URL = fake.baseUrl;
  process.env.VM_LLM_API_KEY = KEY;
  ({ dir } = await useTempWorkspace());
});
afterEach(async () => {
  delete process.env.VM_LLM_BASE_URL;
  delete process.env.VM_LLM_API_KEY;
  await disposeWorkspace(dir);
});

const send = (body: unknown) => callRoute(chat.POST, "POST", "/api/v1/chat", { body });
const history = (threadId: string, query?: string) =>
  callRoute(thread.GET, "GET", `/api/v1/threads/${threadId}`, { params: { threadId }, query });

describe("POST /api/v1/chat", () => {
  test("stream: false answers the saved message; the model got the brand soul and the product essence", async () => {
    const { thread: t } = await seedCampaign();
    fake.queue({ text: "Sugestão: destaque o frescor." });
    const res = await send({ thread_id: t.id, message: "Como abrir o e-mail?", stream: false });
    expect(res.status).toBe(200);
    expect(res.json.message).toMatchObject({
      role: "assistant",
      content: "Sugestão: destaque o frescor.",
      status: "ok",
      usage: { prompt_tokens: expect.any(Number), completion_tokens: expect.any(Number), total_tokens: expect.any(Number) },
      latency_ms: expect.any(Number),
    });
    const sent = fake.chatRequests()[0].body.messages;
    expect(sent[0].role).toBe("system");
    expect(sent[0].content).toContain("# Alma\n\nCafé de origem."); // soul.md
    expect(sent[0].content).toContain("## Essência\n\nFrescor."); // essence.md
    expect(sent[0].content).toContain("Tabus (nunca usar): barato"); // canonical fields
    expect(sent.at(-1)).toEqual({ role: "user", content: "Como abrir o e-mail?" });
  });

  test("stream: true sends delta events that join to the reply, then done with the saved message", async () => {
    const { thread: t } = await seedCampaign();
    fake.queue({ text: "Três ideias: primeira, segunda e terceira.", chunks: 5 });
    const res = await chat.POST(
      new Request("http://127.0.0.1/api/v1/chat", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ thread_id: t.id, message: "Ideias?" }),
      }),
      { params: Promise.resolve({}) },
    );
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const events = await readSse(res.body);
    const deltas = events.filter((e) => e.event === "delta").map((e) => e.data.text);
    expect(deltas).toHaveLength(5);
    expect(deltas.join("")).toBe("Três ideias: primeira, segunda e terceira.");
    expect(events.at(-1)).toMatchObject({ event: "done", data: { message: { content: deltas.join(""), status: "ok" } } });
  });

  test("history is persisted, sent back within the budget, and survives an app restart", async () => {
    const { thread: t } = await seedCampaign();
    fake.queue({ text: "Primeira resposta." }, { text: "Segunda resposta." });
    await send({ thread_id: t.id, message: "Primeira pergunta", stream: false });
    await send({ thread_id: t.id, message: "Segunda pergunta", stream: false });
    const second = fake.chatRequests()[1].body.messages.map((m: any) => [m.role, m.content]);
    expect(second.slice(1)).toEqual([
      ["user", "Primeira pergunta"],
      ["assistant", "Primeira resposta."],
      ["user", "Segunda pergunta"],
    ]);

    await resetContainer(createContainer(loadSettings())); // the app restarts on the same workspace
    const res = await history(t.id);
    expect(res.json.messages.items.map((m: any) => [m.seq, m.role, m.content])).toEqual([
      [1, "user", "Primeira pergunta"],
      [2, "assistant", "Primeira resposta."],
      [3, "user", "Segunda pergunta"],
      [4, "assistant", "Segunda resposta."],
    ]);
    const lines = fs.readFileSync(path.join(dir, "threads", t.id, "chat.jsonl"), "utf8").trim().split("\n");
    expect(lines.map((l) => JSON.parse(l).content)).toEqual(res.json.messages.items.map((m: any) => m.content));

    const page = await history(t.id, "limit=2&before=4");
    expect(page.json.messages.items.map((m: any) => m.seq)).toEqual([2, 3]);
    expect(page.json.messages).toMatchObject({ has_more: true, next_before: 2 });
  });

  test("a provider failure is saved as a failed assistant turn with the classified error", async () => {
    const { thread: t } = await seedCampaign();
    fake.queue({ kind: "error", status: 403, body: kimi403Body });
    const res = await chat.POST(
      new Request("http://127.0.0.1/api/v1/chat", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ thread_id: t.id, message: "Oi" }),
      }),
      { params: Promise.resolve({}) },
    );
    const events = await readSse(res.body);
    expect(events.at(-1)).toMatchObject({
      event: "error",
      data: { message: { status: "failed", error: { code: "forbidden", hint: expect.stringMatching(/Moonshot/) } } },
    });
    const items = (await history(t.id)).json.messages.items;
    expect(items.map((m: any) => [m.role, m.status, m.error?.code ?? null])).toEqual([
      ["user", "ok", null],
      ["assistant", "failed", "forbidden"],
    ]);
    // A failed turn is not sent back to the model as if it were an answer.
    fake.queue({ text: "agora sim" });
    await send({ thread_id: t.id, message: "De novo", stream: false });
    expect(fake.chatRequests().at(-1)!.body.messages.map((m: any) => m.role)).toEqual(["system", "user", "user"]);
  });

  test("a stream broken mid-way keeps the partial text on the failed turn", async () => {
    const { thread: t } = await seedCampaign();
    fake.queue({ kind: "disconnect", text: "Começo da resposta" });
    const res = await send({ thread_id: t.id, message: "Conte" });
    const events = await readSse(res.text);
    expect(events.filter((e) => e.event === "delta").map((e) => e.data.text).join("")).toBe("Começo da resposta");
    expect(events.at(-1)!.event).toBe("error");
    const saved = (await history(t.id)).json.messages.items.at(-1);
    expect(saved).toMatchObject({ status: "failed", content: "", partial_content: "Começo da resposta", error: { code: "interrupted" } });
    expect(saved.error.hint).not.toMatch(/base_url/);
  });

  test("400 for a bad body, 404 for an unknown thread", async () => {
    const { thread: t } = await seedCampaign();
    const bad = await send({ thread_id: t.id, message: "", stream: "yes", extra: 1 });
    expect(bad.status).toBe(400);
    expect(bad.json.error.details.map((d: any) => d.path).sort()).toEqual(["extra", "message", "stream"]);
    expect((await send({ thread_id: "thr_01ARZ3NDEKTSV4RRFFQ69G5FAV", message: "x" })).status).toBe(404);
    expect(fake.chatRequests()).toHaveLength(0);
  });
});

test("with no API key, chat answers provider_not_configured and saves nothing", async () => {
  delete process.env.VM_LLM_API_KEY;
  await resetContainer(createContainer(loadSettings()));
  const { thread: t } = await seedCampaign();
  const res = await send({ thread_id: t.id, message: "Oi", stream: false });
  expect(res.status).toBe(424);
  expect(res.json.error.code).toBe("provider_not_configured");
  expect(res.json.error.message).toMatch(/VM_LLM_API_KEY/);
  expect((await history(t.id)).json.messages.items).toEqual([]);
  expect(fake.chatRequests()).toHaveLength(0);
});
