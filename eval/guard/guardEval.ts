import { GUARD_RULES, type GuardRule } from "@/lib/domain/guard/findings";
import { runGuard } from "@/lib/domain/guard/runGuard";
import { fold } from "@/lib/domain/words";
import { BRANDS, CASES, type EvalCase } from "./cases";

// Runs the guard's rules directly on the labelled set (no server, no I/O) and scores them per rule.

export interface RuleScore {
  rule: GuardRule;
  tp: number;
  fp: number;
  fn: number;
  precision: number | null;
  recall: number | null;
}

export interface GuardEvalResult {
  cases: number;
  rules: RuleScore[];
  misses: { id: string; kind: "missed" | "spurious"; rule: string; evidence: string }[];
}

const matches = (expected: string, found: string) => !expected || fold(found).includes(fold(expected)) || fold(expected).includes(fold(found));

export function runGuardEval(cases: EvalCase[] = CASES): GuardEvalResult {
  const counts = new Map<GuardRule, { tp: number; fp: number; fn: number }>(GUARD_RULES.map((r) => [r, { tp: 0, fp: 0, fn: 0 }]));
  const misses: GuardEvalResult["misses"] = [];
  for (const c of cases) {
    const brand = BRANDS.find((b) => b.key === c.brand)!;
    const result = runGuard({
      markdown: c.markdown,
      lang: "pt-BR",
      brand: { name: brand.name, taboos: brand.taboos, language: brand.language, mutes: [] },
      proof: { canon: brand.canon, request: c.request ?? "", upstream: [] },
      stage: c.stage ? { requiredSections: c.stage.required_sections, limits: c.stage.limits } : null,
    });
    const unmatched = [...result.findings];
    for (const e of c.expect) {
      const at = unmatched.findIndex((f) => f.rule === e.rule && matches(e.evidence, f.evidence));
      if (at >= 0) {
        counts.get(e.rule)!.tp++;
        unmatched.splice(at, 1);
      } else {
        counts.get(e.rule)!.fn++;
        misses.push({ id: c.id, kind: "missed", rule: e.rule, evidence: e.evidence });
      }
    }
    for (const f of unmatched) {
      counts.get(f.rule)!.fp++;
      misses.push({ id: c.id, kind: "spurious", rule: f.rule, evidence: f.evidence });
    }
  }
  const rules = [...counts.entries()]
    .filter(([, n]) => n.tp + n.fp + n.fn > 0)
    .map(([rule, n]) => ({ rule, ...n, precision: n.tp + n.fp ? n.tp / (n.tp + n.fp) : null, recall: n.tp + n.fn ? n.tp / (n.tp + n.fn) : null }));
  return { cases: cases.length, rules, misses };
}
