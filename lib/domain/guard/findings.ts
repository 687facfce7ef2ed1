import { z } from "zod";

// What the brand guard says about a text: findings with the exact evidence, and a verdict.

export const GUARD_RULES = ["taboo", "price", "claim", "section", "preamble", "length", "language", "voice", "constraint", "rule_error"] as const;
export type GuardRule = (typeof GUARD_RULES)[number];
export const SEVERITIES = ["block", "warn", "info"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Bumped whenever a rule changes what it finds: a stored result says which rules made it. */
export const RULES_VERSION = "guard-2026.12-1";

export const findingSchema = z.object({
  id: z.string(),
  rule: z.enum(GUARD_RULES),
  severity: z.enum(SEVERITIES),
  /** The same finding across attempts (e.g. "taboo:barato"): how calibration sees it fixed or overridden. */
  key: z.string(),
  message: z.string(),
  /** The exact text found, as written. */
  evidence: z.string(),
  /** 1-based line of the evidence in the markdown (0 when the finding is about the whole text). */
  line: z.number().int(),
  suggestion: z.string(),
});
export type Finding = z.infer<typeof findingSchema>;

export const judgeRecordSchema = z.object({
  status: z.enum(["ok", "unavailable"]),
  error: z.string().optional(),
  model: z.string().optional(),
  usage: z.object({ prompt_tokens: z.number(), completion_tokens: z.number(), total_tokens: z.number() }).nullable().optional(),
  latency_ms: z.number().optional(),
  scores: z.array(z.object({ attribute: z.string(), score: z.number(), note: z.string() })).optional(),
});
export type JudgeRecord = z.infer<typeof judgeRecordSchema>;

export const checksSchema = z.object({
  status: z.enum(["pass", "warn", "block"]),
  findings: z.array(findingSchema),
  rules_version: z.string(),
  /** The optional LLM judge (guard.judge: on). */
  judge: judgeRecordSchema.optional(),
});
export type Checks = z.infer<typeof checksSchema>;

/** block when any finding blocks, warn when any warns, else pass. */
export function verdictOf(findings: Pick<Finding, "severity">[]): Checks["status"] {
  if (findings.some((f) => f.severity === "block")) return "block";
  if (findings.some((f) => f.severity === "warn")) return "warn";
  return "pass";
}

export const blocks = (c: Pick<Checks, "status"> | null | undefined) => c?.status === "block";
export const blockingFindings = (c: Pick<Checks, "findings"> | null | undefined) => (c?.findings ?? []).filter((f) => f.severity === "block");

export function countBySeverity(c: Pick<Checks, "findings">): Record<Severity, number> {
  const out: Record<Severity, number> = { block: 0, warn: 0, info: 0 };
  for (const f of c.findings) out[f.severity]++;
  return out;
}
