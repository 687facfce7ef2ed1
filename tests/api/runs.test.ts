import fs from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from "vitest";
import { parseEventLog } from "@/lib/domain/runEvent";
import { seedCampaign } from "../support/api";
import { stageAsked, startFakeLlmServer, type FakeLlmServer, type ReceivedRequest } from "../support/fakeLlmServer";
import { runApi } from "../support/runApi";
import { disposeWorkspace, listFiles, useTempWorkspace } from "../support/tempWorkspace";

const KEY = "sk-run-test-KEY-4410aa";
let fake: FakeLlmServer;
let dir: string;


/** The fake model writes a small, recognisable artifact per stage, naming the stage it was asked for. */
const stageWriter = (req: ReceivedRequest) => {
  const stage = stageAsked(req) ?? "desconhecida";
  return { text: `## Entregável ${stage}\n\nConteúdo gerado para ${stage}.\n\n## Lacunas\n\nNenhuma.` };
};

beforeAll(async () => {
  fake = await startFakeLlmServer();
});
afterAll(async () => fake.close());
beforeEach(async () => {
  fake.reset();
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

async function start(stack: string, request = "Campanha de inverno para assinantes") {
  const { thread, brand, product } = await seedCampaign();
  const res = await runApi.start({ thread_id: thread.id, stack, request });
  expect(res.status).toBe(202);
  await runApi.settle();
  return { runId: res.json.id as string, thread, brand, product, started: res.json };
}

describe("stacks", () => {
  test("GET /api/v1/stacks lists the four shipped stacks with their stages in order", async () => {
    const res = await runApi.stacks();
    expect(res.json.invalid).toEqual([]);
    const byName = Object.fromEntries(res.json.items.map((s: any) => [s.name, s.stages.map((x: any) => x.id)]));
    expect(byName).toEqual({
      conversion: ["lead-magnet", "landing-copy", "email-sequence", "creative-brief"],
      foundation: ["research", "brand-voice", "positioning", "keywords"],
      nurture: ["welcome-sequence", "newsletter", "content-plan"],
      traffic: ["seo-content", "social-graphics", "ad-creative", "atomize"],
    });
    for (const s of res.json.items) {
      for (const st of s.stages) expect(st.approval_required).toBe(st.id !== "research");
      expect(s.description && s.when_to_use).toBeTruthy();
    }
  });
});

describe("a run", () => {
  test("POST answers 202 at once with the run and its stages; the work happens in the background", async () => {
    fake.setTiming({ latencyMs: 1500 });
    const { thread } = await seedCampaign();
    const res = await runApi.start({ thread_id: thread.id, stack: "foundation", request: "Plano" });
    expect(res.status).toBe(202);
    // The answer came back while the model had not answered yet: nothing is written for the first stage.
    expect(fake.chatRequests().length).toBeLessThanOrEqual(1);
    expect((await runApi.get(res.json.id)).json.artifacts).toEqual([]);
    expect(res.json).toMatchObject({
      thread_id: thread.id,
      stack: "foundation",
      status: "running",
      request: "Plano",
      stages: [
        { id: "research", status: "pending", approval_required: false, attempts: [] },
        { id: "brand-voice", status: "pending", approval_required: true },
        { id: "positioning" },
        { id: "keywords" },
      ],
    });
    await runApi.settle();
    expect((await runApi.list(thread.id)).json.items.map((r: any) => r.id)).toEqual([res.json.id]);
  });

  test("foundation through every gate action: research runs ungated, then retry with feedback, edit & approve, skip, approve", async () => {
    const { runId, brand } = await start("foundation");
    let run = (await runApi.get(runId)).json;
    // research has no gate: approved automatically; the run stops at brand-voice's own gate, reviewing brand-voice's artifact.
    expect(stageOf(run, "research")).toMatchObject({ status: "approved", attempts: [{ n: 1, status: "succeeded" }] });
    expect(run.status).toBe("waiting_approval");
    expect(run.current_stage).toBe("brand-voice");
    expect(stageOf(run, "brand-voice")).toMatchObject({
      status: "waiting_approval",
      attempts: [{ n: 1, status: "succeeded", artifact_path: `runs/${runId}/artifacts/brand-voice/1.md` }],
    });
    expect(fs.readFileSync(path.join(dir, "runs", runId, "artifacts", "brand-voice", "1.md"), "utf8")).toContain("Entregável brand-voice");

    // Retry with feedback: a second attempt, the first one kept.
    expect((await runApi.retry(runId, { stage_id: "brand-voice", feedback: "Mais calor humano, menos jargão." })).status).toBe(200);
    await runApi.settle();
    run = (await runApi.get(runId)).json;
    expect(stageOf(run, "brand-voice").attempts.map((a: any) => [a.n, a.status])).toEqual([[1, "succeeded"], [2, "succeeded"]]);
    const retrySnapshot = (await runApi.attempt(runId, "brand-voice", 2)).json;
    const feedbackSection = retrySnapshot.context_pack.sections.find((s: any) => s.kind === "feedback");
    expect(feedbackSection.content).toContain("Mais calor humano, menos jargão.");
    expect(retrySnapshot.messages.at(-1).content).toContain("Mais calor humano, menos jargão.");

    // Edit & approve: a new artifact version with its diff.
    const edited = "## Essência da voz\n\nCalorosa, direta, sem jargão.\n";
    const approved = await runApi.approve(runId, { stage_id: "brand-voice", edited_markdown: edited });
    expect(approved.status).toBe(200);
    await runApi.settle();
    expect(fs.readFileSync(path.join(dir, "runs", runId, "artifacts", "brand-voice", "2-edited.md"), "utf8")).toBe(edited);
    const diff = fs.readFileSync(path.join(dir, "runs", runId, "artifacts", "brand-voice", "2-edited.diff"), "utf8");
    expect(diff).toContain("+Calorosa, direta, sem jargão.");
    expect(diff).toContain("-Conteúdo gerado para brand-voice.");

    // positioning depends on research and brand-voice: it reads research's artifact and the reviewer's edit.
    const posSnapshot = (await runApi.attempt(runId, "positioning", 1)).json;
    const upstream = posSnapshot.context_pack.sections.find((s: any) => s.kind === "upstream");
    expect(upstream.content).toContain("Conteúdo gerado para research.");
    expect(upstream.content).toContain("Calorosa, direta, sem jargão.");
    expect(upstream.content).not.toContain("Conteúdo gerado para brand-voice.");
    expect(upstream.sources.map((s: any) => s.artifact_path)).toEqual([
      `runs/${runId}/artifacts/research/1.md`,
      `runs/${runId}/artifacts/brand-voice/2-edited.md`,
    ]);

    // Skip positioning: keywords (which depends on it) is told it was skipped and does not get its text.
    expect((await runApi.skip(runId, { stage_id: "positioning" })).status).toBe(200);
    await runApi.settle();
    const kwSnapshot = (await runApi.attempt(runId, "keywords", 1)).json;
    const kwUpstream = kwSnapshot.context_pack.sections.find((s: any) => s.kind === "upstream").content;
    expect(kwUpstream).not.toContain("Entregável positioning");
    expect(kwUpstream).toMatch(/pulada pelo revisor/);

    // The last stage is reviewed too, then the run completes with its package.
    run = (await runApi.get(runId)).json;
    expect(run).toMatchObject({ status: "waiting_approval", current_stage: "keywords" });
    expect((await runApi.approve(runId, { stage_id: "keywords" })).status).toBe(200);
    await runApi.settle();
    run = (await runApi.get(runId)).json;
    expect(run.status).toBe("completed");
    expect(run.stages.map((s: any) => s.status)).toEqual(["approved", "approved", "skipped", "approved"]);
    expect(run.decisions.map((d: any) => [d.stage_id, d.action])).toEqual([
      ["brand-voice", "retry"],
      ["brand-voice", "edit_approve"],
      ["positioning", "skip"],
      ["keywords", "approve"],
    ]);
    expect(run.usage_total.total_tokens).toBeGreaterThan(0);
    const pkg = await runApi.package(runId);
    expect(pkg.headers.get("content-type")).toMatch(/text\/markdown/);
    expect(pkg.headers.get("content-disposition")).toMatch(/attachment; filename="foundation-run_/);
    expect(pkg.text).toContain("Conteúdo gerado para research.");
    expect(pkg.text).toContain("Calorosa, direta, sem jargão.");
    expect(pkg.text).toContain("Conteúdo gerado para keywords.");
    expect(pkg.text).not.toContain("Entregável positioning");
    expect(run.artifacts.filter((a: any) => a.kind === "package")).toHaveLength(1);

    // Every snapshot carries the brand soul and the product essence, and never the key.
    for (const stage of run.stages) {
      for (const a of stage.attempts) {
        const snap = (await runApi.attempt(runId, stage.id, a.n)).json;
        expect(snap.messages[0].content).toContain("Café de origem.");
        expect(snap.messages[0].content).toContain("Frescor.");
        expect(snap.context_pack.sections.map((s: any) => s.kind).slice(0, 5)).toEqual(["guardrails", "brand", "product", "memory", "contract"]);
        expect(snap.model_settings).toMatchObject({ model: expect.any(String), max_tokens: expect.any(Number) });
        expect(snap.retrieval).toEqual({ query: expect.stringContaining(stage.id), snippets: expect.any(Array), mode: "hybrid" });
        expect(JSON.stringify(snap)).not.toContain(KEY);
      }
    }
    expect(brand.id).toBeTruthy();
    for (const f of listFiles(dir)) expect(fs.readFileSync(path.join(dir, f), "utf8")).not.toContain(KEY);

    // The event log tells the same story as the database, in order, without gaps.
    const log = events(runId);
    expect(log.map((e) => e.seq)).toEqual(log.map((_, i) => i + 1));
    expect(run.last_event_seq).toBe(log.length);
    expect(log[0].type).toBe("run.started");
    expect(log.at(-1)!.type).toBe("run.completed");
    expect(log.filter((e) => e.type === "decision").map((e) => e.data.action)).toEqual(["retry", "edit_approve", "skip", "approve"]);
    expect(log.filter((e) => e.type === "llm.call.finished")).toHaveLength(5);

    // What a later stack can fill its inputs from: each approved deliverable (the edit for brand-voice), never the skipped one.
    const approvedList = (await runApi.approved(run.thread_id)).json.items;
    expect(approvedList.map((a: any) => [a.stack, a.stage_id, a.edited]).sort()).toEqual([
      ["foundation", "brand-voice", true],
      ["foundation", "keywords", false],
      ["foundation", "research", false],
    ]);
    const voice = approvedList.find((a: any) => a.stage_id === "brand-voice");
    expect((await runApi.artifact(runId, voice.artifact_id)).json.content).toBe(edited);
    expect((await runApi.approved("thr_01ARZ3NDEKTSV4RRFFQ69G5FAV")).status).toBe(404);
  });

  test.each([
    ["conversion", ["lead-magnet", "landing-copy", "email-sequence", "creative-brief"]],
    ["traffic", ["seo-content", "social-graphics", "ad-creative", "atomize"]],
    ["nurture", ["welcome-sequence", "newsletter", "content-plan"]],
  ])("%s runs to completion through its gates, each reviewed after its own artifact", async (stack, ids) => {
    const { runId } = await start(stack);
    for (const id of ids) {
      const run = (await runApi.get(runId)).json;
      expect(run).toMatchObject({ status: "waiting_approval", current_stage: id });
      const stage = stageOf(run, id);
      // Stages with variants write them side by side (attempts 1..N); the reviewer approves one.
      expect(stage.attempts.map((a: any) => a.artifact_path)).toEqual(
        Array.from({ length: stage.variants }, (_, i) => `runs/${runId}/artifacts/${id}/${i + 1}.md`),
      );
      const choice = stage.variants > 1 ? { attempt: 2 } : {};
      expect((await runApi.approve(runId, { stage_id: id, ...choice })).status).toBe(200);
      await runApi.settle();
    }
    const run = (await runApi.get(runId)).json;
    expect(run.status).toBe("completed");
    const pkg = (await runApi.package(runId)).text;
    for (const id of ids) expect(pkg).toContain(`Conteúdo gerado para ${id}.`);
    // Each stage got the artifacts of the stages it depends on.
    const stacks = (await runApi.stacks()).json.items;
    const def = stacks.find((s: any) => s.name === stack);
    for (const st of def.stages) {
      const snap = (await runApi.attempt(runId, st.id, 1)).json;
      const sources = snap.context_pack.sections.find((s: any) => s.kind === "upstream").sources.map((s: any) => s.stage_id);
      expect(sources).toEqual(st.depends_on);
    }
  });
});

describe("gates", () => {
  test("a decision on a stage that is not waiting is 409 and changes nothing", async () => {
    const { runId } = await start("foundation");
    const before = (await runApi.get(runId)).json;
    for (const res of [
      await runApi.approve(runId, { stage_id: "research" }),
      await runApi.approve(runId, { stage_id: "positioning" }),
      await runApi.skip(runId, { stage_id: "keywords" }),
      await runApi.retry(runId, { stage_id: "research", feedback: "x" }),
      // a later, pending stage cannot be started ahead of the one the run is stopped at
      await runApi.retry(runId, { stage_id: "positioning" }),
    ]) {
      expect(res.status).toBe(409);
      expect(res.json.error.code).toBe("conflict");
    }
    expect((await runApi.approve(runId, { stage_id: "nope" })).status).toBe(404);
    expect((await runApi.approve("run_01ARZ3NDEKTSV4RRFFQ69G5FAV", { stage_id: "research" })).status).toBe(404);
    const after = (await runApi.get(runId)).json;
    expect(after.decisions).toEqual([]);
    expect({ ...after, updated_at: 0 }).toEqual({ ...before, updated_at: 0 });
  });

  test("two concurrent approvals of the same gate apply once and never duplicate the next stage", async () => {
    const { runId } = await start("foundation");
    const results = await Promise.all([
      runApi.approve(runId, { stage_id: "brand-voice" }),
      runApi.approve(runId, { stage_id: "brand-voice" }),
      runApi.approve(runId, { stage_id: "brand-voice", edited_markdown: "## Essência da voz\n\noutra versão" }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    await runApi.settle();
    const run = (await runApi.get(runId)).json;
    expect(run.decisions).toHaveLength(1);
    expect(stageOf(run, "brand-voice").attempts).toHaveLength(1);
    expect(stageOf(run, "positioning").attempts).toHaveLength(1);
    expect(events(runId).filter((e) => e.type === "stage.attempt.started" && e.stage_id === "positioning")).toHaveLength(1);
  });

  test("bad gate bodies are 400 naming the field", async () => {
    const { runId } = await start("foundation");
    const res = await runApi.approve(runId, { stage_id: "../x", edited_markdown: "", extra: true });
    expect(res.status).toBe(400);
    expect(res.json.error.details.map((d: any) => d.path).sort()).toEqual(["edited_markdown", "extra", "stage_id"]);
  });

  test("a stage that fails (after the provider's retries) fails the run with the classified error; retry resumes the same run there", async () => {
    const { thread } = await seedCampaign();
    fake.setResponder((req) =>
      stageAsked(req) === "brand-voice"
        ? { kind: "error", status: 401, body: { error: { message: "Invalid Authentication" } } }
        : stageWriter(req),
    );
    const runId = (await runApi.start({ thread_id: thread.id, stack: "foundation", request: "x" })).json.id;
    await runApi.settle();
    let run = (await runApi.get(runId)).json;
    expect(run.status).toBe("failed");
    expect(run.error).toMatchObject({ code: "auth", stage_id: "brand-voice" });
    expect(stageOf(run, "brand-voice")).toMatchObject({ status: "failed", attempts: [{ n: 1, status: "failed", error: { code: "auth" } }] });
    const researchCalls = fake.chatRequests().filter((r) => stageAsked(r) === "research").length;
    expect(researchCalls).toBe(1);

    fake.setResponder(stageWriter);
    expect((await runApi.retry(runId, { stage_id: "positioning" })).status).toBe(409); // not the stage that failed
    expect((await runApi.retry(runId, { stage_id: "brand-voice" })).status).toBe(200);
    await runApi.settle();
    run = (await runApi.get(runId)).json;
    expect(run).toMatchObject({ id: runId, status: "waiting_approval", current_stage: "brand-voice", error: null });
    expect(stageOf(run, "brand-voice").attempts.map((a: any) => a.status)).toEqual(["failed", "succeeded"]);
    // research was not run again: its approved artifact was reused.
    expect(fake.chatRequests().filter((r) => stageAsked(r) === "research").length).toBe(1);
    expect(stageOf(run, "research").attempts).toHaveLength(1);
  });

  test("cancel stops the run; further decisions are 409", async () => {
    const { runId } = await start("foundation");
    const res = await runApi.cancel(runId);
    expect(res.json.status).toBe("cancelled");
    expect((await runApi.approve(runId, { stage_id: "brand-voice" })).status).toBe(409);
    expect((await runApi.cancel(runId)).status).toBe(409);
    expect(events(runId).at(-1)!.type).toBe("run.cancelled");
  });

  test("a failed stage can be skipped: the run carries on without its output", async () => {
    const { thread } = await seedCampaign();
    fake.setResponder((req) => (stageAsked(req) === "brand-voice" ? { kind: "error", status: 401, body: { error: { message: "no" } } } : stageWriter(req)));
    const runId = (await runApi.start({ thread_id: thread.id, stack: "foundation", request: "x" })).json.id;
    await runApi.settle();
    expect(stageOf((await runApi.get(runId)).json, "brand-voice").status).toBe("failed");
    expect((await runApi.skip(runId, { stage_id: "brand-voice", comment: "sem voz por ora" })).status).toBe(200);
    await runApi.settle();
    const run = (await runApi.get(runId)).json;
    expect(run).toMatchObject({ status: "waiting_approval", current_stage: "positioning", error: null });
    expect(stageOf(run, "brand-voice").status).toBe("skipped");
  });

  test("cancel while a stage is generating aborts the call; a failed run can be cancelled too", async () => {
    const { thread } = await seedCampaign();
    fake.setResponder((req) => (stageAsked(req) === "research" ? { kind: "hang" } : stageWriter(req)));
    const runId = (await runApi.start({ thread_id: thread.id, stack: "foundation", request: "x" })).json.id;
    await vi.waitFor(() => expect(fake.chatRequests()).toHaveLength(1));
    expect((await runApi.cancel(runId)).json.status).toBe("cancelled");
    await runApi.settle();
    const run = (await runApi.get(runId)).json;
    expect(stageOf(run, "research")).toMatchObject({ status: "pending", attempts: [{ n: 1, status: "cancelled" }] });
    expect(run.artifacts).toEqual([]);

    fake.setResponder((req) => (stageAsked(req) === "research" ? { kind: "error", status: 401, body: { error: { message: "no" } } } : stageWriter(req)));
    const failedId = (await runApi.start({ thread_id: thread.id, stack: "foundation", request: "y" })).json.id;
    await runApi.settle();
    expect((await runApi.get(failedId)).json.status).toBe("failed");
    expect((await runApi.cancel(failedId)).json.status).toBe("cancelled");
    expect(events(failedId).at(-1)!.type).toBe("run.cancelled");
  });

  test("starting a run needs a known stack and a configured provider", async () => {
    const { thread } = await seedCampaign();
    const unknown = await runApi.start({ thread_id: thread.id, stack: "nope", request: "x" });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.details[0]).toMatchObject({ path: "stack", code: "unknown_stack" });
    expect((await runApi.start({ thread_id: "thr_01ARZ3NDEKTSV4RRFFQ69G5FAV", stack: "foundation", request: "x" })).status).toBe(404);
    expect(fs.existsSync(path.join(dir, "runs"))).toBe(false);
  });
});
