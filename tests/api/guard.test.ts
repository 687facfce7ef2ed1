import fs from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, expect, test } from "vitest";
import { parseEventLog } from "@/lib/domain/runEvent";
import { api, seedCampaign } from "../support/api";
import { stageAsked, startFakeLlmServer, type FakeLlmServer, type ReceivedRequest } from "../support/fakeLlmServer";
import { guardApi } from "../support/guardApi";
import { runApi } from "../support/runApi";
import { disposeWorkspace, useTempWorkspace } from "../support/tempWorkspace";

let fake: FakeLlmServer;
let dir: string;
/** What the fake model writes per stage; a stage not listed gets a clean deliverable. */
let scripted: Record<string, string[]> = {};

const clean = (stage: string) => `## Entregável ${stage}\n\nTexto fiel à marca.\n\n## Lacunas\n\nNenhuma.`;

beforeAll(async () => {
  fake = await startFakeLlmServer();
});
afterAll(async () => fake.close());
beforeEach(async () => {
  scripted = {};
  fake.reset();
  fake.setResponder((req) => {
    const stage = stageAsked(req);
    if (!stage) return { text: "Um café **barato** e gostoso, por R$ 49!" }; // a chat reply
    return { text: scripted[stage]?.shift() ?? clean(stage) };
  });
  process.env.VM_LLM_BASE_URL = fake.baseUrl;
  process.env.VM_LLM_API_KEY = "sk-guard-test";
  ({ dir } = await useTempWorkspace());
});
afterEach(async () => {
  delete process.env.VM_LLM_BASE_URL;
  delete process.env.VM_LLM_API_KEY;
  await disposeWorkspace(dir);
});

const events = (runId: string) => parseEventLog(fs.readFileSync(path.join(dir, "runs", runId, "events.jsonl"), "utf8"));
const stageOf = (run: any, id: string) => run.stages.find((s: any) => s.id === id);

async function startFoundation() {
  const seeded = await seedCampaign(); // taboo "barato", price "R$ 89"
  const runId = (await runApi.start({ thread_id: seeded.thread.id, stack: "foundation", request: "Campanha de inverno" })).json.id as string;
  await runApi.settle();
  return { ...seeded, runId };
}

test("findings are on the attempt in the run JSON, in its snapshot and in the events", async () => {
  scripted["brand-voice"] = ["## Essência da voz\n\nCafé barato por R$ 49, o melhor do Brasil.\n\n## Lacunas\n\nNenhuma."];
  const { runId } = await startFoundation();
  const run = (await runApi.get(runId)).json;
  const attempt = stageOf(run, "brand-voice").attempts[0];
  expect(attempt.checks).toMatchObject({ status: "block", rules_version: expect.any(String) });
  expect(attempt.checks.findings.map((f: any) => [f.rule, f.severity, f.evidence, f.line])).toEqual(
    expect.arrayContaining([
      ["taboo", "block", "barato", 3],
      ["price", "block", "R$ 49", 3],
      ["claim", "warn", "o melhor", 3],
    ]),
  );
  const snapshot = (await runApi.attempt(runId, "brand-voice", 1)).json;
  expect(snapshot.checks).toEqual(attempt.checks);
  const checked = events(runId).filter((e) => e.type === "stage.checked" && e.stage_id === "brand-voice");
  expect(checked).toMatchObject([{ attempt: 1, data: { status: "block", counts: { block: 2 } } }]);
  // research wrote a clean deliverable: checked, passing or warning only, and not stopped.
  expect(["pass", "warn"]).toContain(stageOf(run, "research").attempts[0].checks.status);
  expect(stageOf(run, "research").status).toBe("approved");
});

test("a block keeps even an ungated stage at a gate", async () => {
  scripted.research = ["## Resumo executivo\n\nO público quer café barato.\n\n## Lacunas\n\nNenhuma."];
  const { runId } = await startFoundation();
  const run = (await runApi.get(runId)).json;
  expect(run).toMatchObject({ status: "waiting_approval", current_stage: "research" });
  expect(stageOf(run, "research")).toMatchObject({ approval_required: false, status: "waiting_approval" });
  expect(events(runId).find((e) => e.type === "stage.waiting_approval")).toMatchObject({ stage_id: "research", data: { reason: "guard_blocked" } });
});

test("approving a blocked artifact needs a reason: 409 guard_blocked without it, nothing changed; the override is recorded", async () => {
  scripted["brand-voice"] = ["## Essência da voz\n\nNada de promoções: somos baratos com orgulho.\n\n## Lacunas\n\nNenhuma."];
  const { runId } = await startFoundation();
  const before = (await runApi.get(runId)).json;
  const refused = await runApi.approve(runId, { stage_id: "brand-voice" });
  expect(refused.status).toBe(409);
  expect(refused.json.error).toMatchObject({ code: "guard_blocked", details: [{ path: expect.stringMatching(/^findings\.f\d+$/), code: "taboo", issue: expect.stringContaining("baratos") }] });
  const after = (await runApi.get(runId)).json;
  expect({ ...after, updated_at: 0 }).toEqual({ ...before, updated_at: 0 });
  expect(events(runId).length).toBe(before.last_event_seq);

  const ok = await runApi.approve(runId, { stage_id: "brand-voice", override_reason: "citação de cliente, aprovada pelo jurídico" });
  expect(ok.status).toBe(200);
  const decision = (await runApi.get(runId)).json.decisions.at(-1);
  expect(decision).toMatchObject({ action: "approve", override_reason: "citação de cliente, aprovada pelo jurídico", overrides: ["taboo:barato"] });
  expect(events(runId).find((e) => e.type === "decision")).toMatchObject({ data: { overrides: ["taboo:barato"] } });
});

test("two tabs at a blocked gate: of an override, a plain approve and a retry sent at once, exactly one applies", async () => {
  scripted["brand-voice"] = ["## Essência da voz\n\nCafé barato.\n\n## Lacunas\n\nNenhuma."];
  const { runId } = await startFoundation();
  const [override, plain, retry] = await Promise.all([
    runApi.approve(runId, { stage_id: "brand-voice", override_reason: "o jurídico liberou" }),
    runApi.approve(runId, { stage_id: "brand-voice" }),
    runApi.retry(runId, { stage_id: "brand-voice", feedback: "Sem “barato”." }),
  ]);
  expect(plain.status).toBe(409);
  expect([override.status, retry.status].sort()).toEqual([200, 409]);
  await runApi.settle();
  const run = (await runApi.get(runId)).json;
  const decisions = run.decisions.filter((d: any) => d.stage_id === "brand-voice");
  expect(decisions).toHaveLength(1);
  expect(decisions[0].action).toBe(override.status === 200 ? "approve" : "retry");
  expect(events(runId).filter((e) => e.type === "decision")).toHaveLength(1);
  expect(stageOf(run, "brand-voice").attempts).toHaveLength(override.status === 200 ? 1 : 2);
});

test("an edit is checked again: a blocked edit is refused, a clean one fixes the finding", async () => {
  scripted["brand-voice"] = ["## Essência da voz\n\nCafé barato.\n\n## Lacunas\n\nNenhuma."];
  const { runId, brand } = await startFoundation();
  const blocked = await runApi.approve(runId, { stage_id: "brand-voice", edited_markdown: "## Essência da voz\n\nBaratinho e bom.\n" });
  expect(blocked.status).toBe(409);
  expect(blocked.json.error.message).toContain("edited text");
  expect(fs.existsSync(path.join(dir, "runs", runId, "artifacts", "brand-voice", "1-edited.md"))).toBe(false);

  expect((await runApi.approve(runId, { stage_id: "brand-voice", edited_markdown: "## Essência da voz\n\nAcessível e bom.\n" })).status).toBe(200);
  const edit = (await runApi.get(runId)).json.artifacts.find((a: any) => a.kind === "edit");
  expect(edit.checks.findings.filter((f: any) => f.rule === "taboo")).toEqual([]);
  // The brand's guard section sees the taboo fixed by the edit.
  const stats = (await guardApi.stats(brand.id)).json;
  expect(stats.rules.find((r: any) => r.rule === "taboo")).toMatchObject({ findings: 1, fixed: 1, overridden: 0, override_rate: 0 });
});

test("a retry that removes the finding counts as fixed; an override counts as overridden", async () => {
  scripted["brand-voice"] = ["## Essência da voz\n\nCafé barato.\n\n## Lacunas\n\nNenhuma.", "## Essência da voz\n\nCafé acessível.\n\n## Lacunas\n\nNenhuma."];
  scripted.positioning = ["## Declaração de posicionamento\n\nLíder em preço baixo: o mais barato.\n\n## Lacunas\n\nNenhuma."];
  const { runId, brand } = await startFoundation();
  await runApi.retry(runId, { stage_id: "brand-voice", feedback: "Sem “barato”." });
  await runApi.settle();
  expect(stageOf((await runApi.get(runId)).json, "brand-voice").attempts[1].checks.status).not.toBe("block");
  await runApi.approve(runId, { stage_id: "brand-voice" });
  await runApi.settle();
  await runApi.approve(runId, { stage_id: "positioning", override_reason: "campanha de preço aprovada" });
  const stats = (await guardApi.stats(brand.id)).json;
  expect(stats.rules.find((r: any) => r.rule === "taboo")).toMatchObject({ findings: 2, fixed: 1, overridden: 1, override_rate: 0.5 });
});

test("POST /guard/check checks any text; bad input is a 400 naming the field, an unknown brand 404, too large 413", async () => {
  const { brand, product } = await seedCampaign();
  const res = await guardApi.check({ brand_id: brand.id, product_id: product.id, markdown: "Por R$ 89 — sem nada barato.", stack: "foundation", stage_id: "brand-voice" });
  expect(res.status).toBe(200);
  expect(res.json).toMatchObject({ status: "block", findings: [expect.objectContaining({ rule: "section" }), expect.objectContaining({ rule: "taboo", evidence: "barato" })] });
  expect(res.json.findings.some((f: any) => f.rule === "price")).toBe(false); // R$ 89 is the product's price

  const bad = await guardApi.check({ brand_id: brand.id, markdown: "", stage_id: "x", extra: 1 });
  expect(bad.status).toBe(400);
  expect(bad.json.error.details.map((d: any) => d.path).sort()).toEqual(["extra", "markdown", "stage_id"]);
  expect((await guardApi.check({ brand_id: brand.id, markdown: "x", stage_id: "brand-voice" })).json.error.details[0].path).toBe("stage_id");
  expect((await guardApi.check({ brand_id: brand.id, markdown: "x", stack: "nope" })).json.error.details[0]).toMatchObject({ path: "stack", code: "unknown_stack" });
  expect((await guardApi.check({ brand_id: "brd_01ARZ3NDEKTSV4RRFFQ69G5FAV", markdown: "x" })).status).toBe(404);
  const other = (await api.createBrand({ name: "Outra" })).json;
  expect((await guardApi.check({ brand_id: other.id, product_id: product.id, markdown: "x" })).json.error.details[0].code).toBe("scope_mismatch");
  expect((await guardApi.check({ brand_id: brand.id, markdown: "x".repeat(1_100_000) })).status).toBe(413);
});

test("a chat reply carries its checks, shown with it and never blocking", async () => {
  const { thread } = await seedCampaign();
  const res = await guardApi.chat(thread.id, "Escreva um anúncio curto");
  expect(res.status).toBe(200);
  expect(res.json.message).toMatchObject({ status: "ok", checks: { status: "block" } });
  expect(res.json.message.checks.findings.map((f: any) => f.rule)).toEqual(["taboo", "price"]);
  const history = (await api.getThread(thread.id)).json.messages.items;
  expect(history.at(-1).checks.findings).toHaveLength(2);
  expect(history[0].checks).toBeNull();
});
