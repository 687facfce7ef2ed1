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
