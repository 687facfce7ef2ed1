import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { LlmError, type LLMProvider, type LlmStreamEvent } from "@/lib/domain/llm";
import { createOpenAiCompatibleProvider, type ProviderConfig } from "@/lib/llm/openAiCompatibleProvider";
import { kimi403Body, startFakeLlmServer, type FakeLlmServer } from "../../support/fakeLlmServer";

const KEY = "sk-test-SECRET-4f9a2c";
let fake: FakeLlmServer;
beforeAll(async () => {
  fake = await startFakeLlmServer();
});
afterAll(async () => fake.close());
beforeEach(() => fake.reset());

const provider = (over: Partial<ProviderConfig> = {}): LLMProvider =>
  createOpenAiCompatibleProvider({
    baseUrl: fake.baseUrl,
    model: "fake-model",
    apiKey: KEY,
    temperature: 0.2,
    maxTokens: 4096,
    timeoutMs: 5000,
    maxRetries: 2,
    concurrency: 4,
    headers: { "X-Client-Name": "vm-studio-tests" },
    ...over,
  });

const msgs = [{ role: "user" as const, content: "Olá" }];

async function collect(events: AsyncIterable<LlmStreamEvent>) {
  const deltas: string[] = [];
  const reasoning: string[] = [];
  for await (const e of events) {
    if (e.type === "delta") deltas.push(e.text);
    else if (e.type === "reasoning") reasoning.push(e.text);
    else return { deltas, reasoning, result: e.result };
  }
  throw new Error("stream ended without done");
}

async function failure(p: Promise<unknown>): Promise<LlmError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(LlmError);
    return err as LlmError;
  }
  throw new Error("expected a failure");
}

describe("generate", () => {
  test("returns text, usage, finish reason, request id, and sends model, settings, key and extra headers", async () => {
    fake.queue({ text: "Uma resposta completa." });
    const r = await provider().generate(msgs, { temperature: 0.9, maxTokens: 5000 });
    expect(r.text).toBe("Uma resposta completa.");
    expect(r.usage).toEqual({ promptTokens: expect.any(Number), completionTokens: expect.any(Number), totalTokens: expect.any(Number) });
    expect(r.usage!.totalTokens).toBe(r.usage!.promptTokens + r.usage!.completionTokens);
    expect(r.finishReason).toBe("stop");
    expect(r.requestId).toBe("req_1");
    expect(r.latencyMs).toBeGreaterThanOrEqual(0);
    const sent = fake.chatRequests()[0];
    expect(sent.body).toMatchObject({ model: "fake-model", temperature: 0.9, max_tokens: 5000, messages: msgs });
    expect(sent.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(sent.headers["x-client-name"]).toBe("vm-studio-tests");
    expect(JSON.stringify(r.raw)).not.toContain(KEY);
  });

  test("an empty answer cut by the token budget is an empty_output error, never an empty text", async () => {
    fake.queue({ text: "", finishReason: "length" });
    const err = await failure(provider().generate(msgs));
    expect(err.kind).toBe("empty_output");
    expect(err.hint).toMatch(/max_tokens/);
  });
});

describe("stream", () => {
  test("deltas join to the whole answer; usage and timing come in the summary", async () => {
    const text = "Primeira frase. Segunda frase, com acentuação: ção, ã, é.";
    fake.queue({ text, chunks: 7 });
    const { deltas, result } = await collect(provider().stream(msgs));
    expect(deltas.length).toBe(7);
    expect(deltas.join("")).toBe(text);
    expect(result.text).toBe(text);
    expect(result.usage?.completionTokens).toBeGreaterThan(0);
    expect(result.firstTokenMs).not.toBeNull();
    expect(fake.chatRequests()[0].body.stream).toBe(true);
  });

  test("a reasoning model's reasoning_content comes apart from the answer, never mixed into it", async () => {
    fake.queue({ reasoning: "Vou pensar bastante sobre isso antes.", text: "Resposta final." });
    const { deltas, reasoning, result } = await collect(provider().stream(msgs));
    expect(deltas.join("")).toBe("Resposta final.");
    expect(reasoning.join("")).toBe("Vou pensar bastante sobre isso antes.");
    expect(result.text).toBe("Resposta final.");
    expect((result.raw as any).reasoning_chars).toBeGreaterThan(0);
  });

  test("reasoning that eats the whole budget is empty_output", async () => {
    fake.queue({ reasoning: "pensando pensando pensando", text: "", finishReason: "length" });
    const err = await failure(collect(provider().stream(msgs)));
    expect(err.kind).toBe("empty_output");
  });

  test("a stream broken mid-way fails as interrupted with the partial text kept, never as a success", async () => {
    fake.queue({ kind: "disconnect", text: "Isto foi cortado no meio" });
    const err = await failure(collect(provider().stream(msgs)));
    expect(err.kind).toBe("interrupted");
    expect(err.hint).not.toMatch(/base_url/);
    expect(err.partialText).toBe("Isto foi cortado no meio");
    expect(fake.chatRequests()).toHaveLength(1); // a started stream is never silently replayed
  });
});

describe("retries and classification", () => {
  test("429 overload is retried after the Retry-After the server asked for", async () => {
    fake.queue({ kind: "error", status: 429, body: { error: { message: "engine overloaded", type: "engine_overloaded_error" } }, headers: { "retry-after": "1" } }, { text: "ok depois" });
    const started = Date.now();
    const r = await provider().generate(msgs);
    expect(r.text).toBe("ok depois");
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(fake.chatRequests()).toHaveLength(2);
  });

  test("each retry is announced before it is made, with its number and the wait it takes", async () => {
    fake.queue(
      { kind: "error", status: 429, body: { error: { message: "engine overloaded" } }, headers: { "retry-after": "1" } },
      { kind: "error", status: 503, body: { error: { message: "down" } } },
      { text: "enfim" },
    );
    const retries: unknown[] = [];
    const at: number[] = [];
    const started = Date.now();
    const { result } = await collect(provider().stream(msgs, { onRetry: (r) => (retries.push(r), at.push(Date.now() - started)) }));
    expect(result.text).toBe("enfim");
    expect(retries).toEqual([
      { attempt: 2, of: 3, delayMs: 1000, reason: "HTTP 429" },
      { attempt: 3, of: 3, delayMs: expect.any(Number), reason: "HTTP 503" },
    ]);
    // The wait announced for the 503 (our backoff, handed to the SDK) is the wait taken.
    const second = retries[1] as { delayMs: number };
    expect(second.delayMs).toBeGreaterThanOrEqual(750);
    expect(second.delayMs).toBeLessThanOrEqual(1000);
    expect(Date.now() - started - at[1]).toBeGreaterThanOrEqual(second.delayMs - 20);
  });

  test("no retry is announced when none is left, nor for a quota 429", async () => {
    fake.queue({ kind: "error", status: 429, body: { error: { message: "You exceeded your current quota", type: "insufficient_quota" } } });
    const retries: unknown[] = [];
    const err = await failure(provider().generate(msgs, { onRetry: (r) => retries.push(r) }));
    expect(err.kind).toBe("quota");
    fake.queue(...Array.from({ length: 3 }, () => ({ kind: "error" as const, status: 500, body: { error: { message: "x" } } })));
    await failure(provider({ maxRetries: 0 }).generate(msgs, { onRetry: (r) => retries.push(r) }));
    expect(retries).toEqual([]);
  });

  test("5xx is retried with backoff, and classified as server when retries run out", async () => {
    fake.queue({ kind: "error", status: 500, body: { error: { message: "boom" } } }, { text: "recuperado" });
    expect((await provider().generate(msgs)).text).toBe("recuperado");
    fake.reset();
    fake.setResponder(() => ({ kind: "error", status: 503, body: { error: { message: "down" } }, headers: { "retry-after-ms": "10" } }));
    const err = await failure(provider({ maxRetries: 2 }).generate(msgs));
    expect(err.kind).toBe("server");
    expect(fake.chatRequests()).toHaveLength(3);
  });

  test.each([
    [401, { error: { message: "Invalid Authentication", type: "invalid_authentication_error" } }, "auth"],
    [403, kimi403Body, "forbidden"],
    [404, { error: { message: "model not found" } }, "not_found"],
    [400, { error: { message: "context length exceeded: too many tokens" } }, "bad_request"],
    [429, { error: { message: "You exceeded your current quota", type: "exceeded_current_quota_error" } }, "quota"],
  ])("%i is never retried and is classified", async (status, body, kind) => {
    fake.queue({ kind: "error", status, body, headers: { "retry-after": "0" } });
    const err = await failure(provider().generate(msgs));
    expect(err.kind).toBe(kind);
    expect(err.status).toBe(status);
    expect(fake.chatRequests()).toHaveLength(1);
    expect(err.message).not.toContain(KEY);
  });

  test("Kimi's 403 access_terminated_error becomes a message that explains the cause and the options", async () => {
    fake.queue({ kind: "error", status: 403, body: kimi403Body });
    const err = await failure(provider().generate(msgs));
    expect(err.message).toMatch(/access_terminated_error/);
    expect(err.message).toMatch(/coding agents/i);
    expect(err.hint).toMatch(/Moonshot open-platform/);
    expect(err.hint).toMatch(/llm\.headers/);
  });

  test("a server that never answers times out", async () => {
    fake.queue({ kind: "hang" });
    const err = await failure(provider({ timeoutMs: 300, maxRetries: 0 }).generate(msgs));
    expect(err.kind).toBe("timeout");
  });

  test("an unreachable endpoint is a network error", async () => {
    const err = await failure(provider({ baseUrl: "http://127.0.0.1:9/v1", maxRetries: 0 }).generate(msgs));
    expect(err.kind).toBe("network");
  });

  test("cancelling through the signal stops the call as cancelled", async () => {
    fake.queue({ text: "demora", firstTokenMs: 2000 });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    const err = await failure(collect(provider().stream(msgs, { signal: ac.signal })));
    expect(err.kind).toBe("cancelled");
  });
});

test("no more than `concurrency` calls are in flight at once", async () => {
  fake.setTiming({ latencyMs: 60 });
  const p = provider({ concurrency: 2 });
  await Promise.all(Array.from({ length: 6 }, () => p.generate(msgs)));
  expect(fake.chatRequests()).toHaveLength(6);
  expect(fake.peakConcurrency()).toBe(2);
  fake.reset();
  fake.setTiming({ latencyMs: 60 });
  const wide = provider({ concurrency: 6 });
  await Promise.all(Array.from({ length: 6 }, () => wide.generate(msgs)));
  expect(fake.peakConcurrency()).toBeGreaterThan(2); // the cap, not the server, is what held it at 2
});
