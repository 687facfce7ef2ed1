// A local OpenAI-compatible server for tests and benchmarks: real HTTP on 127.0.0.1, real SSE streaming.
// Every test of the app talks to it through configuration (llm.base_url), never to the internet.
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedRequest {
  /** performance.now() when the request arrived (comparable with timings taken in the same process). */
  receivedAt: number;
  path: string;
  method: string;
  headers: http.IncomingHttpHeaders;
  body: any;
}

/** One scripted answer. Unscripted requests get the default responder's text. */
export type Reply =
  | {
      kind?: "text";
      text: string;
      /** Split the streamed answer into this many chunks (default: by word). */
      chunks?: number;
      /** Streamed before the answer, as `reasoning_content` deltas (a reasoning model). */
      reasoning?: string;
      finishReason?: "stop" | "length";
      latencyMs?: number;
      /** Delay before the first streamed chunk. */
      firstTokenMs?: number;
      /** Delay between streamed chunks. */
      chunkDelayMs?: number;
    }
  | { kind: "error"; status: number; body: unknown; headers?: Record<string, string> }
  /** Streams `text`, then destroys the socket without finishing. */
  | { kind: "disconnect"; text: string }
  /** Accepts the request and never answers. */
  | { kind: "hang" };

export type Responder = (req: ReceivedRequest) => Reply;

export const kimi403Body = {
  error: {
    message:
      "Kimi For Coding is currently only available for Coding Agents such as Kimi CLI, Claude Code, Roo Code, Kilo Code, etc.",
    type: "access_terminated_error",
  },
};

/** The default: a deterministic answer that says what it was given, so tests can assert on the context. */
export const echoResponder: Responder = (req) => {
  const messages: { role: string; content: string }[] = req.body?.messages ?? [];
  const system = messages.filter((m) => m.role === "system").map((m) => m.content).join("\n");
  const last = messages.filter((m) => m.role === "user").at(-1)?.content ?? "";
  return {
    text: `## Resposta\n\nRecebi ${messages.length} mensagens; pedido: ${last.slice(0, 120)}\n\n(contexto: ${system.length} caracteres)`,
  };
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Deterministic unit vector for a text (hash-seeded), so similar calls give identical embeddings. */
export function fakeEmbedding(text: string, dims = 16): number[] {
  let h = 2166136261;
  const v: number[] = [];
  for (let i = 0; i < dims; i++) {
    for (const ch of `${i}:${text}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
    v.push(((h >>> 0) % 2000) / 1000 - 1);
  }
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => x / norm);
}

export interface FakeLlmServer {
  url: string;
  baseUrl: string;
  port: number;
  requests: ReceivedRequest[];
  /** Answers for the next requests, in order; then the responder. */
  queue(...replies: Reply[]): void;
  setResponder(r: Responder): void;
  /** Applied to every streamed answer (unless the reply sets its own). */
  setTiming(t: { firstTokenMs?: number; chunkDelayMs?: number; latencyMs?: number }): void;
  chatRequests(): ReceivedRequest[];
  /** Most chat requests being answered at the same moment since the last reset. */
  peakConcurrency(): number;
  reset(): void;
  close(): Promise<void>;
}

export async function startFakeLlmServer(port = 0): Promise<FakeLlmServer> {
  const requests: ReceivedRequest[] = [];
  let queued: Reply[] = [];
  let responder: Responder = echoResponder;
  let timing: { firstTokenMs?: number; chunkDelayMs?: number; latencyMs?: number } = {};
  const sockets = new Set<import("node:net").Socket>();
  let inFlight = 0;
  let peak = 0;

  const server = http.createServer(async (req, res) => {
    const receivedAt = performance.now();
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    let body: any = null;
    try {
      body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString("utf8")) : null;
    } catch {
      body = null;
    }
    const path = (req.url ?? "").replace(/\?.*$/, "");
    const received: ReceivedRequest = { receivedAt, path, method: req.method ?? "GET", headers: req.headers, body };
    requests.push(received);
    const json = (status: number, value: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", "x-request-id": `req_${requests.length}`, ...headers });
      res.end(JSON.stringify(value));
    };

    if (path.endsWith("/models") && req.method === "GET") {
      return json(200, { object: "list", data: [{ id: "fake-model", object: "model", owned_by: "tests" }] });
    }
    if (path.endsWith("/embeddings") && req.method === "POST") {
      const input: string[] = Array.isArray(body?.input) ? body.input : [body?.input ?? ""];
      const dims = Number(body?.dimensions) || 16;
      return json(200, {
        object: "list",
        model: body?.model ?? "fake-embed",
        data: input.map((text, index) => ({ object: "embedding", index, embedding: fakeEmbedding(String(text), dims) })),
        usage: { prompt_tokens: input.join(" ").length, total_tokens: input.join(" ").length },
      });
    }
    if (!path.endsWith("/chat/completions") || req.method !== "POST") {
      return json(404, { error: { message: `no route ${req.method} ${path}`, type: "invalid_request_error" } });
    }

    inFlight++;
    peak = Math.max(peak, inFlight);
    res.on("close", () => inFlight--);
    const reply = queued.shift() ?? responder(received);
    if (reply.kind === "hang") return; // never answers; the client's timeout must fire
    if (reply.kind === "error") return json(reply.status, reply.body, reply.headers);

    const text = reply.text;
    const prompt = JSON.stringify(body?.messages ?? []).length;
    const usage = { prompt_tokens: Math.ceil(prompt / 4), completion_tokens: Math.ceil(text.length / 4), total_tokens: Math.ceil(prompt / 4) + Math.ceil(text.length / 4) };
    const id = `chatcmpl-${requests.length}`;
    const model = body?.model ?? "fake-model";
    const finish = reply.kind === "disconnect" ? null : (reply.finishReason ?? "stop");
    const r = reply.kind === "disconnect" ? { text } : reply;
    const latencyMs = (r as { latencyMs?: number }).latencyMs ?? timing.latencyMs ?? 0;

    if (!body?.stream) {
      await sleep(latencyMs);
      return json(200, {
        id,
        object: "chat.completion",
        created: Math.floor(Date.now() / 1000),
        model,
        choices: [{ index: 0, message: { role: "assistant", content: finish === "length" && !text ? "" : text }, finish_reason: finish ?? "stop" }],
        usage,
      });
    }

    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", "x-request-id": `req_${requests.length}` });
    const send = (delta: Record<string, unknown>, finishReason: string | null = null, extra: Record<string, unknown> = {}) =>
      res.write(
        `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created: Math.floor(Date.now() / 1000), model, choices: [{ index: 0, delta, finish_reason: finishReason }], ...extra })}\n\n`,
      );
    await sleep((r as { firstTokenMs?: number }).firstTokenMs ?? timing.firstTokenMs ?? latencyMs);
    const gap = (r as { chunkDelayMs?: number }).chunkDelayMs ?? timing.chunkDelayMs ?? 0;
    send({ role: "assistant", content: "" });
    const reasoning = (r as { reasoning?: string }).reasoning;
    // Thinking takes time too: the same gap between its pieces as between the answer's.
    if (reasoning) {
      for (const piece of reasoning.match(/\S+\s*/g) ?? []) {
        if (gap) await sleep(gap);
        send({ reasoning_content: piece });
      }
    }
    const n = (r as { chunks?: number }).chunks;
    const pieces = n ? splitInto(text, n) : (text.match(/\S+\s*|\s+/g) ?? []);
    for (const piece of pieces) {
      if (gap) await sleep(gap);
      send({ content: piece });
    }
    if (reply.kind === "disconnect") {
      await sleep(50); // let what was written reach the client, then cut the connection mid-answer
      res.socket?.destroy();
      return;
    }
    send({}, finish);
    if (body?.stream_options?.include_usage) {
      res.write(`data: ${JSON.stringify({ id, object: "chat.completion.chunk", model, choices: [], usage })}\n\n`);
    }
    res.write("data: [DONE]\n\n");
    res.end();
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const actualPort = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${actualPort}`;
  return {
    url,
    baseUrl: `${url}/v1`,
    port: actualPort,
    requests,
    queue: (...replies) => void queued.push(...replies),
    setResponder: (r) => void (responder = r),
    setTiming: (t) => void (timing = t),
    chatRequests: () => requests.filter((r) => r.path.endsWith("/chat/completions")),
    peakConcurrency: () => peak,
    reset: () => {
      peak = 0;
      requests.length = 0;
      queued = [];
      responder = echoResponder;
      timing = {};
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function splitInto(text: string, n: number): string[] {
  const size = Math.ceil(text.length / n) || 1;
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

/** The stack stage a request was made for, read from the stage contract's header in the last message. */
export const stageAsked = (req: ReceivedRequest) => (req.body.messages.at(-1).content as string).match(/\(([a-z-]+)\)\n\nEntregue/)?.[1];
