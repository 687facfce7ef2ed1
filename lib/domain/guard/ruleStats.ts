import type { GuardRule } from "./findings";

/** How one guard rule fares with a brand's reviewer. */
export interface RuleStats {
  rule: GuardRule;
  /** Findings of this rule on every attempt and edit of the brand's runs. */
  findings: number;
  /** Gone after a retry or an edit: the reviewer agreed and fixed it. */
  fixed: number;
  /** Approved anyway, with a reason: the rule was wrong for this brand (or the brand chose otherwise). */
  overridden: number;
  /** overridden / (fixed + overridden); null when neither happened yet. */
  overrideRate: number | null;
}

/** How the optional judge agrees with the reviewer: flagged attempts retried or edited, clean ones approved as they were. */
export interface JudgeAgreement {
  /** Flagged by the judge, then retried or edited (agree). */
  flaggedChanged: number;
  /** Flagged, approved as written (disagree). */
  flaggedKept: number;
  /** Not flagged, retried or edited anyway (disagree). */
  cleanChanged: number;
  /** Not flagged, approved as written (agree). */
  cleanKept: number;
  /** (agreeing decisions) / (decisions); null with none. */
  agreement: number | null;
  /** Cohen's κ over the four counts; null when it is undefined (no decisions, or no variation). */
  kappa: number | null;
}

export function judgeAgreement(c: Omit<JudgeAgreement, "agreement" | "kappa">): JudgeAgreement {
  const n = c.flaggedChanged + c.flaggedKept + c.cleanChanged + c.cleanKept;
  if (!n) return { ...c, agreement: null, kappa: null };
  const po = (c.flaggedChanged + c.cleanKept) / n;
  const flagged = (c.flaggedChanged + c.flaggedKept) / n;
  const changed = (c.flaggedChanged + c.cleanChanged) / n;
  const pe = flagged * changed + (1 - flagged) * (1 - changed);
  return { ...c, agreement: po, kappa: pe === 1 ? null : (po - pe) / (1 - pe) };
}
