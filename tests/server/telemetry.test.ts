import http from "node:http";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startFakeLlmServer, type FakeLlmServer } from "../support/fakeLlmServer";
import { freePort, startNextServer, type NextServer } from "../support/nextServer";
import { studioResponder } from "../support/studioResponder";
import { disposeWorkspace, serverWorkspace } from "../support/tempWorkspace";

// OpenTelemetry over OTLP/HTTP to a receiver written here: the real `next start` sends a span per HTTP
// request, per stretch of a run, per stage attempt and per LLM call (with its tokens), linked as one trace.

interface OtlpSpan {
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  attributes: Record<string, string | number | boolean>;
  status?: { code?: number };
}

let server: NextServer;
let fake: FakeLlmServer;
let receiver: http.Server;
const spans: OtlpSpan[] = [];
const bodies: string[] = [];
let base: string;
const ws = serverWorkspace("vm-otel-");

/** OTLP/JSON attribute values: {stringValue} | {intValue: "12"} | {boolValue} | {doubleValue}. */
function valueOf(v: Record<string, unknown>): string | number | boolean {
  if ("stringValue" in v) return v.stringValue as string;
  if ("intValue" in v) return Number(v.intValue);
  if ("doubleValue" in v) return Number(v.doubleValue);
  if ("boolValue" in v) return v.boolValue as boolean;
  return JSON.stringify(v);
}

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      if (req.url === "/v1/traces") {
        bodies.push(body);
        const json = JSON.parse(body);
        for (const rs of json.resourceSpans ?? []) {
          for (const ss of rs.scopeSpans ?? []) {
            for (const s of ss.spans ?? []) {
              spans.push({ ...s, attributes: Object.fromEntries((s.attributes ?? []).map((a: { key: string; value: Record<string, unknown> }) => [a.key, valueOf(a.value)])) });
            }
          }
        }
      }
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  const otlpPort = await freePort();
  await new Promise<void>((r) => receiver.listen(otlpPort, "127.0.0.1", r));
  fake = await startFakeLlmServer();
  fake.setResponder(studioResponder as never);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = await startNextServer(port, {
    ...ws.env,
    VM_LLM_BASE_URL: fake.baseUrl,
    VM_LLM_API_KEY: "sk-otel-test-1",
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${otlpPort}`,
    OTEL_SERVICE_NAME: "vm-studio-test",
  });
}, 120_000);

afterAll(async () => {
  await server?.kill();
  await fake?.close();
  receiver?.close();
  await disposeWorkspace(ws.dir);
});

const api = async (method: string, p: string, body?: unknown) => {
  const res = await fetch(`${base}/api/v1${p}`, { method, headers: body ? { "content-type": "application/json" } : {}, body: body ? JSON.stringify(body) : undefined });
  return { status: res.status, json: await res.json() };
};

async function waitFor<T>(what: string, probe: () => T | undefined | false, ms = 20_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}; spans: ${spans.map((s) => s.name).join(", ")}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test("a run's trace: the request that started it, the run, each stage attempt and its LLM call with tokens, exported over OTLP", async () => {
  const brand = (await api("POST", "/brands", { name: "Café Aurora", soul_md: "# Alma" })).json;
  const product = (await api("POST", "/products", { brand_id: brand.id, name: "Assinatura", price: "R$ 89" })).json;
  const thread = (await api("POST", "/threads", { product_id: product.id, title: "Inverno" })).json;
  const run = (await api("POST", "/runs", { thread_id: thread.id, stack: "foundation", request: "Lançar" })).json;
  for (let i = 0; i < 100 && (await api("GET", `/runs/${run.id}`)).json.status !== "waiting_approval"; i++) await new Promise((r) => setTimeout(r, 100));

  // research (ungated) and brand-voice each have a stage span with an LLM call span inside.
  const stages = await waitFor("the two stage spans", () => {
    const found = ["research", "brand-voice"].map((id) => spans.find((s) => s.name === `stage ${id}` && s.attributes["vm.run.id"] === run.id));
    return found.every(Boolean) && (found as OtlpSpan[]);
  });
  for (const stage of stages) {
    expect(stage.attributes).toMatchObject({ "vm.stack": "foundation", "vm.stage.attempt": 1, "vm.stage.outcome": "succeeded" });
    const call = await waitFor(`the LLM call of ${stage.name}`, () => spans.find((s) => s.parentSpanId === stage.spanId && s.name.startsWith("chat ")));
    expect(call.traceId).toBe(stage.traceId);
    expect(call.attributes).toMatchObject({ "gen_ai.operation.name": "chat", "gen_ai.system": "openai", "vm.llm.streaming": true, "vm.llm.retries": 0 });
    expect(call.attributes["gen_ai.usage.input_tokens"]).toBeGreaterThan(0);
    expect(call.attributes["gen_ai.usage.output_tokens"]).toBeGreaterThan(0);
    expect(call.attributes["vm.llm.latency_ms"]).toBeGreaterThanOrEqual(0);
  }
  // The stages belong to the run's span, which says where the run stopped.
  const runSpan = spans.find((s) => s.name === "run" && s.spanId === stages[0].parentSpanId)!;
  expect(runSpan.attributes).toMatchObject({ "vm.run.id": run.id, "vm.stack": "foundation", "vm.run.status": "waiting_approval", "vm.run.current_stage": "brand-voice" });
  expect(stages[1].parentSpanId).toBe(runSpan.spanId);

  // Next's own span for each HTTP request, the service named as configured.
  const http = await waitFor("an HTTP request span", () => spans.find((s) => /POST \/api\/v1\/runs/.test(s.name) || s.attributes["http.route"] === "/api/v1/runs"));
  expect(http.traceId).toMatch(/^[0-9a-f]{32}$/);
  expect(bodies.some((b) => b.includes('"vm-studio-test"'))).toBe(true);

  // A provider failure is a failed LLM span with its classified error.
  fake.queue({ kind: "error", status: 401, body: { error: { message: "bad key" } } } as never);
  await api("POST", `/runs/${run.id}/retry`, { stage_id: "brand-voice", feedback: "de novo" });
  const failed = await waitFor("a failed LLM span", () => spans.find((s) => s.name.startsWith("chat ") && s.attributes["error.type"] === "auth"));
  expect(failed.status?.code).toBe(2);
});
