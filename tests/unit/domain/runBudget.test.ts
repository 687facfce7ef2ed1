import { expect, test } from "vitest";
import type { Attempt, RunBudget } from "@/lib/domain/run";
import { budgetBreach, budgetUsed, nextCallEstimate, raisedBudget } from "@/lib/domain/runBudget";

const t0 = Date.parse("2026-12-02T12:00:00Z");
const attempt = (n: number, seconds: number, tokens: number, batch: number | null = null): Attempt => ({
  id: `att_${n}`,
  n,
  status: "succeeded",
  feedback: null,
  artifactPath: null,
  snapshotPath: null,
  usage: { promptTokens: tokens - 10, completionTokens: 10, totalTokens: tokens },
  latencyMs: seconds * 1000,
  error: null,
  checks: null,
  batch,
  startedAt: new Date(t0).toISOString(),
  finishedAt: new Date(t0 + seconds * 1000).toISOString(),
});
const run = (stages: { attempts: Attempt[]; variants?: number }[], budget: RunBudget = { tokens: null, seconds: null }) => ({
  stages: stages.map((s, i) => ({ id: `s${i}`, variants: s.variants ?? 1, attempts: s.attempts })) as never,
  budget,
});

test("variants written side by side cost their tokens each, but the time of the longest", () => {
  const r = run([{ attempts: [attempt(1, 10, 100)] }, { attempts: [attempt(1, 20, 300, 1), attempt(2, 30, 300, 1), attempt(3, 25, 300, 1)], variants: 3 }]);
  expect(budgetUsed(r, t0 + 60_000)).toEqual({ tokens: 1000, seconds: 40 });
});

test("the next call is estimated from this run's calls, times the variants it makes; nothing to go by before the first", () => {
  expect(nextCallEstimate(run([{ attempts: [] }]), { variants: 1 }, t0)).toEqual({ tokens: 0, seconds: 0 });
  const r = run([{ attempts: [attempt(1, 10, 100), attempt(2, 20, 300)] }]);
  expect(nextCallEstimate(r, { variants: 3 }, t0)).toEqual({ tokens: 600, seconds: 15 });
});

test("a breach names the budget, what was used, the limit and the estimate; a raise leaves an unset budget unset", () => {
  const r = run([{ attempts: [attempt(1, 10, 400)] }, { attempts: [] }], { tokens: 700, seconds: null });
  expect(budgetBreach(r, { id: "s1", variants: 1 }, t0 + 10_000)).toEqual({ reason: "budget_exceeded", budget: "tokens", used: 400, limit: 700, next_estimate: 400, stage_id: "s1" });
  expect(budgetBreach({ ...r, budget: raisedBudget(r.budget, { tokens: 100, seconds: 50 }) }, { id: "s1", variants: 1 }, t0 + 10_000)).toBeNull();
  expect(raisedBudget({ tokens: 700, seconds: null }, { tokens: 100, seconds: 50 })).toEqual({ tokens: 800, seconds: null });
});
