import { guardContext, type Draft, type GuardInput, type Rule } from "./context";
import { RULES_VERSION, verdictOf, type Checks, type Finding } from "./findings";
import { claimRule } from "./rules/claim";
import { languageRule } from "./rules/language";
import { lengthRule } from "./rules/length";
import { preambleRule } from "./rules/preamble";
import { priceRule } from "./rules/price";
import { sectionRule } from "./rules/section";
import { tabooRule } from "./rules/taboo";
import { fold } from "../words";

// The brand guard: deterministic rules (no LLM) run on a text against the canon, the request, the
// approved upstream artifacts and the stage's contract. Text in, findings out — no I/O, so it runs
// before every gate, on chat replies, on pasted copy, and in the evaluation, in milliseconds.

export const RULES: [Draft["rule"], Rule][] = [
  ["taboo", tabooRule],
  ["price", priceRule],
  ["claim", claimRule],
  ["section", sectionRule],
  ["preamble", preambleRule],
  ["length", lengthRule],
  ["language", languageRule],
];

const SEVERITY_ORDER = { block: 0, warn: 1, info: 2 } as const;

/** Is a finding muted for this brand? A mute names a rule ("claim") or one term of it ("claim:líder"). */
function muted(draft: Draft, mutes: string[]): boolean {
  return mutes.some((m) => {
    const [rule, ...rest] = m.split(":");
    if (rule !== draft.rule) return false;
    if (!rest.length) return true;
    const term = fold(rest.join(":").trim());
    return fold(draft.key).endsWith(`:${term}`) || fold(draft.evidence).includes(term);
  });
}

export function runGuard(input: GuardInput, rules: [Draft["rule"], Rule][] = RULES): Checks {
  const ctx = guardContext(input);
  const drafts: Draft[] = [];
  for (const [name, rule] of rules) {
    try {
      drafts.push(...rule(ctx));
    } catch (err) {
      // A broken rule is reported, never fatal: the text still reaches its gate.
      drafts.push({
        rule: "rule_error",
        severity: "warn",
        key: `rule_error:${name}`,
        evidence: "",
        at: null,
        message: ctx.say(`A regra “${name}” falhou e não verificou este texto: ${String((err as Error)?.message ?? err)}`, `The “${name}” rule failed and did not check this text: ${String((err as Error)?.message ?? err)}`),
        suggestion: ctx.say("Revise este ponto à mão.", "Check this point by hand."),
      });
    }
  }
  const mutes = input.brand.mutes;
  const findings: Finding[] = drafts
    .filter((d) => !muted(d, mutes))
    // What blocks first, then warnings, then notes; within each, in the order of the text.
    .sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || (a.at ?? -1) - (b.at ?? -1))
    .map((d, i) => ({
      id: `f${i + 1}`,
      rule: d.rule,
      severity: d.severity,
      key: d.key,
      message: d.message,
      evidence: d.evidence,
      line: d.at === null ? 0 : ctx.lineOf(d.at),
      suggestion: d.suggestion,
    }));
  return { status: verdictOf(findings), findings, rules_version: RULES_VERSION };
}
