import { expect, test } from "vitest";
import { readSnapshot } from "@/lib/domain/attemptSnapshot";

test("a snapshot in today's format is read typed; anything else is kept raw as an older format", () => {
  const current = {
    run_id: "run_x", thread_id: "thr_x", stack: "foundation",
    stage: { id: "research", title: "Pesquisa", attempt: 1, depends_on: [], approval_required: false, output: "research.md" },
    feedback: null, model_settings: { model: "m", temperature: 0.6, max_tokens: 100 },
    context_pack: null, retrieval: null, messages: [], started_at: "2026-12-02T00:00:00.000Z", status: "running",
  };
  expect(readSnapshot(current)).toMatchObject({ format: "current", snapshot: { stage: { id: "research" } } });
  const old = { stage: "research", prompt: "…" };
  expect(readSnapshot(old)).toEqual({ format: "older", raw: old });
  expect(readSnapshot(null)).toEqual({ format: "older", raw: null });
});
