import fs from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { createContainer, resetContainer } from "@/lib/container";
import { loadSettings } from "@/lib/config/settings";
import { parseEventLog } from "@/lib/domain/runEvent";
import { seedCampaign } from "../support/api";
import { stageAsked, startFakeLlmServer, type FakeLlmServer, type ReceivedRequest } from "../support/fakeLlmServer";
import { memoryApi } from "../support/memoryApi";
import { runApi } from "../support/runApi";
import { disposeWorkspace, useTempWorkspace } from "../support/tempWorkspace";

// Durable runs: re-run from a stage, compare, budgets, idempotency keys and variants.

const KEY = "sk-durable-test-KEY-2231";
let fake: FakeLlmServer;
let dir: string;

let written = 0;
const stageWriter = (req: ReceivedRequest) => {
  const stage = stageAsked(req) ?? "desconhecida";
  written++;
  return { text: `## Entregável ${stage}\n\nConteúdo gerado para ${stage}, versão ${written}.\n\n## Lacunas\n\nNenhuma.` };
};
const stagesCalled = () => fake.chatRequests().map(stageAsked);

beforeAll(async () => {
  fake = await startFakeLlmServer();
});
afterAll(async () => fake.close());
beforeEach(async () => {
  fake.reset();
  written = 0;
  fake.setResponder(stageWriter);
  process.env.VM_LLM_BASE_URL = fake.baseUrl;
  process.env.VM_LLM_API_KEY = KEY;
  ({ dir } = await useTempWorkspace());
});
afterEach(async () => {
  delete process.env.VM_LLM_BASE_URL;
  delete process.env.VM_LLM_API_KEY;
  await disposeWorkspace(dir);
});

const events = (runId: string) => parseEventLog(fs.readFileSync(path.join(dir, "runs", runId, "events.jsonl"), "utf8"));
const stageOf = (run: any, id: string) => run.stages.find((s: any) => s.id === id);

async function start(stack: string, extra: Record<string, unknown> = {}) {
  const { thread, brand, product } = await seedCampaign();
  const res = await runApi.start({ thread_id: thread.id, stack, request: "Campanha de inverno", ...extra });
  expect(res.status).toBe(202);
  await runApi.settle();
  return { runId: res.json.id as string, thread, brand, product };
}

/** Approves every gate until the run completes (the second variant where there are several). */
async function approveAll(runId: string) {
  for (let i = 0; i < 10; i++) {
    const run = (await runApi.get(runId)).json;
    if (run.status !== "waiting_approval") return run;
    const stage = stageOf(run, run.current_stage);
    expect((await runApi.approve(runId, { stage_id: stage.id, ...(stage.variants > 1 && { attempt: stage.attempts.at(-2).n }) })).status).toBe(200);
    await runApi.settle();
  }
  throw new Error("the run did not finish");
}

describe("re-run from a stage", () => {
  test("reuses the approved artifacts before the stage (no model call for them), runs the rest; both audits intact", async () => {
    const { runId } = await start("foundation");
    const original = await approveAll(runId);
    expect(original.status).toBe("completed");
    const originalEvents = fs.readFileSync(path.join(dir, "runs", runId, "events.jsonl"), "utf8");
    const originalArtifacts = (await runApi.get(runId)).json.artifacts;

    // The plan: what is reused, what runs, and the tokens the same stages took in this run.
    const plan = (await runApi.planRerun(runId, "from_stage_id=positioning")).json;
    expect(plan.reused.map((r: any) => [r.stage_id, r.as])).toEqual([["research", "approved"], ["brand-voice", "approved"]]);
    expect(plan.to_run.map((s: any) => s.stage_id)).toEqual(["positioning", "keywords"]);
    const tokensOf = (id: string) => stageOf(original, id).attempts.reduce((n: number, a: any) => n + a.usage.total_tokens, 0);
    expect(plan.to_run[0].estimated_tokens).toBe(tokensOf("positioning"));
    expect(plan.estimated_tokens).toBe(tokensOf("positioning") + tokensOf("keywords"));
    expect(plan.changed_stages).toEqual([]);

    fake.reset();
    fake.setResponder(stageWriter);
    const res = await runApi.rerun(runId, { from_stage_id: "positioning", request: "Agora para o verão" });
    expect(res.status).toBe(202);
    const rerunId = res.json.id;
    expect(rerunId).not.toBe(runId);
    expect(res.json.rerun).toEqual({ of: runId, from_stage: "positioning", stack_version: "same", changed_stages: [] });
    await runApi.settle();
    // Only the stage re-run from was written: nothing for research or brand-voice.
    expect(stagesCalled()).toEqual(["positioning"]);
    const rerun = await approveAll(rerunId);
    expect(rerun.status).toBe("completed");
    expect(stagesCalled()).toEqual(["positioning", "keywords"]);
    expect(rerun.request).toBe("Agora para o verão");
    expect(stageOf(rerun, "research").attempts).toEqual([]);

    // The reused artifacts are copies with their provenance, the same text, and they fed the new stage.
    const details = (await runApi.get(rerunId)).json;
    const voice = details.artifacts.find((a: any) => a.stage_id === "brand-voice");
    const origVoice = originalArtifacts.find((a: any) => a.stage_id === "brand-voice" && a.kind === "stage");
    expect(voice.reused_from).toEqual({ run_id: runId, stage_id: "brand-voice", attempt: 1 });
    expect(voice.sha256).toBe(origVoice.sha256);
    expect(voice.path).toBe(`runs/${rerunId}/artifacts/brand-voice/reused.md`);
    const snap = (await runApi.attempt(rerunId, "positioning", 1)).json;
    const upstream = snap.context_pack.sections.find((s: any) => s.kind === "upstream");
    expect(upstream.sources.map((s: any) => s.stage_id)).toEqual(["research", "brand-voice"]);
    expect((await runApi.package(rerunId)).text).toContain("Conteúdo gerado para brand-voice");

    // The original's audit is byte for byte what it was; the re-run's says what it reused.
    expect(fs.readFileSync(path.join(dir, "runs", runId, "events.jsonl"), "utf8")).toBe(originalEvents);
    const reusedEvents = events(rerunId).filter((e) => e.type === "stage.reused");
    expect(reusedEvents.map((e) => e.stage_id)).toEqual(["research", "brand-voice"]);
    expect(events(rerunId)[0]).toMatchObject({ type: "run.started", data: { rerun: { of: runId } } });

    // Compare the stage in the two runs: both texts, the diff, what each cost, and the new request.
    const cmp = await runApi.compare(`${runId}:positioning:1`, `${rerunId}:positioning:1`);
    expect(cmp.status).toBe(200);
    expect(cmp.json.left).toMatchObject({ run_id: runId, stage_id: "positioning", attempt: 1, latency_ms: expect.any(Number) });
    expect(cmp.json.left.usage.total_tokens).toBeGreaterThan(0);
    expect(cmp.json.diff).toMatch(/^-Conteúdo gerado para positioning, versão \d+\.$/m);
    expect(cmp.json.diff).toMatch(/^\+Conteúdo gerado para positioning, versão \d+\.$/m);
    expect(cmp.json.separated_by).toContainEqual({ kind: "request", text: "Agora para o verão" });
    // A reused stage compares as its copy.
    expect((await runApi.compare(`${runId}:brand-voice`, `${rerunId}:brand-voice`)).json.right).toMatchObject({ attempt: null, reused_from: { run_id: runId } });
  });

  test("forks at a gate: the waiting stage runs again in a new run, the original still waits", async () => {
    const { runId } = await start("foundation");
    await runApi.approve(runId, { stage_id: "brand-voice" });
    await runApi.settle();
    const at = (await runApi.get(runId)).json;
    expect(at).toMatchObject({ status: "waiting_approval", current_stage: "positioning" });
    fake.reset();
    fake.setResponder(stageWriter);
    const fork = await runApi.rerun(runId, { from_stage_id: "positioning" });
    expect(fork.status).toBe(202);
    await runApi.settle();
    expect(stagesCalled()).toEqual(["positioning"]);
    expect((await runApi.get(fork.json.id)).json).toMatchObject({ status: "waiting_approval", current_stage: "positioning" });
    expect((await runApi.get(runId)).json).toMatchObject({ status: "waiting_approval", current_stage: "positioning" });
  });

  test("refuses a stage whose earlier stages were not settled, an unknown stage, and a bad query — changing nothing", async () => {
    const { runId, thread } = await start("foundation");
    // brand-voice waits at its gate: re-running from positioning would need it.
    const res = await runApi.rerun(runId, { from_stage_id: "positioning" });
    expect(res.status).toBe(409);
    expect(res.json.error.details[0]).toMatchObject({ path: "from_stage_id", code: "stage_not_reusable" });
    expect((await runApi.rerun(runId, { from_stage_id: "nope" })).status).toBe(400);
    expect((await runApi.rerun(runId, { from_stage_id: "research", stack_version: "newest" })).status).toBe(400);
    expect((await runApi.planRerun(runId, "from_stage_id=Bad!")).status).toBe(400);
    expect((await runApi.rerun("run_01ARZ3NDEKTSV4RRFFQ69G5FAV", { from_stage_id: "research" })).status).toBe(404);
    expect((await runApi.list(thread.id)).json.items).toHaveLength(1);
  });

  test("two re-runs at once make two independent runs, each reusing the same artifacts", async () => {
    const { runId, thread } = await start("foundation");
    await approveAll(runId);
    const [a, b] = await Promise.all([runApi.rerun(runId, { from_stage_id: "keywords" }), runApi.rerun(runId, { from_stage_id: "keywords" })]);
    expect([a.status, b.status]).toEqual([202, 202]);
    expect(a.json.id).not.toBe(b.json.id);
    await runApi.settle();
    for (const id of [a.json.id, b.json.id]) {
      const run = (await runApi.get(id)).json;
      expect(run).toMatchObject({ status: "waiting_approval", current_stage: "keywords" });
      expect(run.artifacts.filter((x: any) => x.reused_from)).toHaveLength(3);
    }
    expect((await runApi.list(thread.id)).json.items).toHaveLength(3);
  });

  test('"current" uses the stack as it is now and says which stages changed', async () => {
    const { runId } = await start("foundation");
    await approveAll(runId);
    // The project's stack changes after the run: a contract is edited.
    const contract = path.resolve("stacks/foundation/contracts/keywords.md");
    const before = fs.readFileSync(contract, "utf8");
    fs.writeFileSync(contract, before + "\n\nInclua também a lista MARCADOR-7731 de termos sazonais.\n");
    try {
      const plan = (await runApi.planRerun(runId, "from_stage_id=keywords&stack_version=current")).json;
      expect(plan.changed_stages).toEqual(["keywords"]);
      const res = await runApi.rerun(runId, { from_stage_id: "keywords", stack_version: "current" });
      expect(res.json.rerun).toMatchObject({ stack_version: "current", changed_stages: ["keywords"] });
      await runApi.settle();
      const snap = (await runApi.attempt(res.json.id, "keywords", 1)).json;
      expect(JSON.stringify(snap.context_pack)).toContain("MARCADOR-7731");
      const same = await runApi.rerun(runId, { from_stage_id: "keywords" });
      await runApi.settle();
      expect(JSON.stringify((await runApi.attempt(same.json.id, "keywords", 1)).json.context_pack)).not.toContain("MARCADOR-7731");
    } finally {
      fs.writeFileSync(contract, before);
    }
  });
});

describe("budgets", () => {
  test("the run pauses before a call that would exceed its token budget, says which and how much, and resumes when raised", async () => {
    const { runId } = await start("foundation", { budget: { tokens: 300 } });
    let run = (await runApi.get(runId)).json;
    // research went through (nothing to estimate from before the first call); brand-voice would pass 300.
    expect(run.status).toBe("paused");
    expect(run.pause).toMatchObject({ reason: "budget_exceeded", budget: "tokens", limit: 300, stage_id: "brand-voice" });
    expect(run.budget).toMatchObject({ tokens: 300, seconds: 3600 });
    expect(run.budget.used_tokens).toBe(run.pause.used);
    expect(run.budget.used_tokens + run.pause.next_estimate).toBeGreaterThan(300);
    expect(stagesCalled()).toEqual(["research"]);
    const paused = events(runId).find((e) => e.type === "run.paused");
    expect(paused?.data).toMatchObject({ reason: "budget_exceeded", budget: "tokens" });

    // Too small a raise is refused and changes nothing; gate actions do not apply to a paused run.
    const small = await runApi.resume(runId, { raise_tokens: 1 });
    expect(small.status).toBe(409);
    expect(small.json.error.details[0]).toMatchObject({ path: "raise_tokens", code: "budget_still_exceeded" });
    expect((await runApi.approve(runId, { stage_id: "brand-voice" })).status).toBe(409);
    expect((await runApi.get(runId)).json.status).toBe("paused");

    const res = await runApi.resume(runId, { raise_tokens: 100_000 });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ status: "running", pause: null, budget: { tokens: 100_300 } });
    await runApi.settle();
    run = await approveAll(runId);
    expect(run.status).toBe("completed");
    expect(events(runId).filter((e) => e.type === "run.resumed").at(0)?.data).toMatchObject({ after: "resume" });
  });

  test("two resumes at once: one continues the run, the other is a 409; the stage runs once", async () => {
    const { runId } = await start("foundation", { budget: { tokens: 300 } });
    expect((await runApi.get(runId)).json.status).toBe("paused");
    const answers = await Promise.all([runApi.resume(runId, { raise_tokens: 50_000 }), runApi.resume(runId, { raise_tokens: 70_000 })]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    await runApi.settle();
    const run = (await runApi.get(runId)).json;
    expect(run.status).toBe("waiting_approval");
    expect(stagesCalled()).toEqual(["research", "brand-voice"]);
    expect([50_300, 70_300]).toContain(run.budget.tokens);
  });

  test("a run started with no budget never pauses; resume of a run that is not paused is 409", async () => {
    const { runId } = await start("foundation", { budget: { tokens: null, seconds: null } });
    expect((await runApi.get(runId)).json.budget).toMatchObject({ tokens: null, seconds: null });
    expect((await approveAll(runId)).status).toBe("completed");
    expect((await runApi.resume(runId, { raise_tokens: 10 })).status).toBe(409);
    expect((await runApi.start({ thread_id: (await seedCampaign()).thread.id, stack: "foundation", request: "x", budget: { tokens: 0 } })).status).toBe(400);
  });
});

describe("idempotency keys", () => {
  test("the same key twice starts one run and answers the same; a different body is 422; a restart keeps the key", async () => {
    const { thread } = await seedCampaign();
    const body = { thread_id: thread.id, stack: "foundation", request: "Uma só vez" };
    const headers = { "Idempotency-Key": "start-7f3a" };
    // Two at once: the second waits for the first and answers the same.
    const [a, b] = await Promise.all([runApi.start(body, headers), runApi.start(body, headers)]);
    expect([a.status, b.status]).toEqual([202, 202]);
    expect(b.text).toBe(a.text);
    expect([a.headers.get("idempotent-replayed"), b.headers.get("idempotent-replayed")].sort()).toEqual([null, "true"]);
    const again = await runApi.start(body, headers);
    expect(again.text).toBe(a.text);
    await runApi.settle();
    expect((await runApi.list(thread.id)).json.items).toHaveLength(1);

    const other = await runApi.start({ ...body, request: "Outra coisa" }, headers);
    expect(other.status).toBe(422);
    expect(other.json.error.code).toBe("idempotency_key_reused");

    // The app restarts on the same workspace: the key is in the database.
    await resetContainer(createContainer(loadSettings()));
    const afterRestart = await runApi.start(body, headers);
    expect(afterRestart.text).toBe(a.text);
    expect((await runApi.list(thread.id)).json.items).toHaveLength(1);
    // Keys are per route: the same key on another route is another request.
    const runId = a.json.id;
    const approve = await runApi.approve(runId, { stage_id: "brand-voice" }, headers);
    expect(approve.status).toBe(200);
  });

  test("a double-clicked approve records one decision; an answer with an error is replayed as it was", async () => {
    const { runId } = await start("foundation");
    const headers = { "Idempotency-Key": "approve-brand-voice-1" };
    const results = await Promise.all([1, 2, 3].map(() => runApi.approve(runId, { stage_id: "brand-voice" }, headers)));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    await runApi.settle();
    const run = (await runApi.get(runId)).json;
    expect(run.decisions.filter((d: any) => d.stage_id === "brand-voice")).toHaveLength(1);
    // Without a key, the second approve is a 409 (the first already moved the stage).
    const conflictKey = { "Idempotency-Key": "approve-again" };
    const late = await runApi.approve(runId, { stage_id: "brand-voice" }, conflictKey);
    expect(late.status).toBe(409);
    expect((await runApi.approve(runId, { stage_id: "brand-voice" }, conflictKey)).text).toBe(late.text);
    expect((await runApi.approve(runId, { stage_id: "brand-voice" }, { "Idempotency-Key": "" })).status).toBe(400);
    expect((await runApi.approve(runId, { stage_id: "brand-voice" }, { "Idempotency-Key": "x".repeat(256) })).status).toBe(400);
  });
});

describe("variants", () => {
  test("a stage with variants writes them side by side; the reviewer approves one; the others are kept and remembered as a preference", async () => {
    const { runId, brand, thread } = await start("conversion");
    await runApi.approve(runId, { stage_id: "lead-magnet" });
    await runApi.settle();
    let run = (await runApi.get(runId)).json;
    const stage = stageOf(run, "landing-copy");
    expect(stage.variants).toBe(3);
    expect(stage.attempts.map((a: any) => [a.n, a.variant, a.batch, a.status])).toEqual([
      [1, "A", 1, "succeeded"],
      [2, "B", 1, "succeeded"],
      [3, "C", 1, "succeeded"],
    ]);
    for (const a of stage.attempts) expect(a.checks).not.toBeNull();
    expect(stagesCalled().filter((s) => s === "landing-copy")).toHaveLength(3);

    // Approving without saying which is refused; an attempt not at the gate too.
    const unsaid = await runApi.approve(runId, { stage_id: "landing-copy" });
    expect(unsaid.status).toBe(400);
    expect(unsaid.json.error.details[0].code).toBe("choose_variant");
    expect((await runApi.approve(runId, { stage_id: "landing-copy", attempt: 9 })).status).toBe(400);

    // Two tabs approve different variants at once: exactly one choice lands.
    const race = await Promise.all([
      runApi.approve(runId, { stage_id: "landing-copy", attempt: 2, comment: "mais direta" }),
      runApi.approve(runId, { stage_id: "landing-copy", attempt: 3 }),
    ]);
    expect(race.map((r) => r.status).sort()).toEqual([200, 409]);
    const chosen = race[0].status === 200 ? 2 : 3;
    const rejected = [1, 2, 3].filter((n) => n !== chosen);
    await runApi.settle();
    run = (await runApi.get(runId)).json;
    expect(stageOf(run, "landing-copy")).toMatchObject({ status: "approved", chosen_attempt: chosen });
    expect(run.decisions.filter((d: any) => d.stage_id === "landing-copy")).toHaveLength(1);
    expect(run.decisions.find((d: any) => d.stage_id === "landing-copy")).toMatchObject({ chosen_attempt: chosen, rejected_attempts: rejected });
    // The chosen variant is what the next stage got.
    const snap = (await runApi.attempt(runId, "email-sequence", 1)).json;
    const upstream = snap.context_pack.sections.find((s: any) => s.kind === "upstream");
    const landing = run.artifacts.find((a: any) => a.stage_id === "landing-copy" && a.attempt === chosen);
    expect(upstream.sources.find((s: any) => s.stage_id === "landing-copy").artifact_path).toBe(landing.path);
    // Every variant stays readable; the preference is in memory.
    expect(run.artifacts.filter((a: any) => a.stage_id === "landing-copy")).toHaveLength(3);
    await memoryApi.settle();
    const found = await memoryApi.search({ query: "revisor escolheu variantes copy página", brand_id: brand.id, thread_id: thread.id, source_kinds: ["decision"], mode: "fulltext" });
    expect(found.json.items.map((i: any) => i.text).join("\n")).toMatch(/escolheu .* em vez de/);
    // Two variants of one gate compare side by side.
    expect((await runApi.compare(`${runId}:landing-copy:1`, `${runId}:landing-copy:9`)).status).toBe(404);
    expect((await runApi.compare(`${runId}:landing-copy:1`, "nonsense")).status).toBe(400);
    const cmp = (await runApi.compare(`${runId}:landing-copy:1`, `${runId}:landing-copy:2`)).json;
    expect([cmp.left.variant, cmp.right.variant]).toEqual(["A", "B"]);
  });
});
