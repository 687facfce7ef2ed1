import type { Brand } from "../domain/brand";
import { invalidInput, notFound } from "../domain/errors";
import type { GuardCheckInput } from "../domain/guard/guardCheckInput";
import { guardInputOf } from "../domain/guard/guardInput";
import type { Checks, GuardRule } from "../domain/guard/findings";
import { judgeAgreement, type JudgeAgreement, type RuleStats } from "../domain/guard/ruleStats";
import { runGuard } from "../domain/guard/runGuard";
import { isId } from "../domain/ids";
import type { StackCatalog } from "../domain/ports";
import type { Product } from "../domain/product";
import { isApprovedStage, isSettledStage, isSucceededAttempt } from "../domain/runStateMachine";
import type { CanonicalStore } from "./canonicalStore";
import type { ServiceDeps } from "./serviceDeps";

const ruleOf = (key: string) => key.split(":")[0] as GuardRule;

export type GuardService = ReturnType<typeof createGuardService>;

/** The brand guard outside a run: any text on demand, chat replies, and how each rule fares with the reviewer. */
export function createGuardService(deps: ServiceDeps & { canonical: CanonicalStore; stacks: StackCatalog; lang: "pt-BR" | "en" }) {
  const { repos, canonical } = deps;

  return {
    /** A chat reply (or any text) against the campaign's brand and product; no stage contract. */
    checkText(brand: Brand, product: Product | null, markdown: string, request = ""): Checks {
      return runGuard({ ...guardInputOf({ brand, product, request, upstream: [], lang: deps.lang }), markdown });
    },

    /** POST /api/v1/guard/check. */
    async check(input: GuardCheckInput): Promise<Checks> {
      const brand = await canonical.get("brand", input.brand_id);
      let product: Product | null = null;
      if (input.product_id) {
        product = await canonical.get("product", input.product_id);
        if (product.brandId !== brand.id) {
          throw invalidInput("the product is not one of this brand's", [{ path: "product_id", issue: "belongs to another brand", code: "scope_mismatch" }]);
        }
      }
      let stage = null;
      if (input.stack) {
        const { stacks } = await deps.stacks.load();
        const stack = stacks.find((s) => s.name === input.stack);
        if (!stack) throw invalidInput(`unknown stack "${input.stack}"`, [{ path: "stack", issue: `not one of: ${stacks.map((s) => s.name).join(", ")}`, code: "unknown_stack" }]);
        if (input.stage_id) {
          stage = stack.stages.find((s) => s.id === input.stage_id) ?? null;
          if (!stage) throw invalidInput(`stack "${stack.name}" has no stage "${input.stage_id}"`, [{ path: "stage_id", issue: "not a stage of this stack", code: "unknown_stage" }]);
        }
      }
      return runGuard({ ...guardInputOf({ brand, product, request: "", upstream: [], stage, lang: deps.lang }), markdown: input.markdown });
    },

    /**
     * How each rule fares on this brand's runs: its findings, how many the reviewer fixed (gone after a
     * retry or an edit) and how many were approved anyway — the override rate says how often a rule
     * was wrong for the brand.
     */
    async brandStats(brandId: string): Promise<{ rules: RuleStats[]; judge: JudgeAgreement }> {
      if (!isId("brand", brandId) || !(await repos.brands.get(brandId))) throw notFound("brand", brandId);
      const by = new Map<GuardRule, RuleStats>();
      const stat = (rule: GuardRule) => {
        let s = by.get(rule);
        if (!s) by.set(rule, (s = { rule, findings: 0, fixed: 0, overridden: 0, overrideRate: null }));
        return s;
      };
      const judged = { flaggedChanged: 0, flaggedKept: 0, cleanChanged: 0, cleanKept: 0 };
      for (const thread of await repos.threads.listByBrand(brandId)) {
        for (const run of await repos.runs.listByThread(thread.id)) {
          const [artifacts, decisions] = await Promise.all([repos.runs.listArtifacts(run.id), repos.runs.listDecisions(run.id)]);
          for (const stage of run.stages) {
            const checked = stage.attempts.filter((a) => isSucceededAttempt(a.status) && a.checks).map((a) => a.checks!);
            const edit = artifacts.filter((a) => a.stageId === stage.id && a.kind === "edit" && a.checks).at(-1)?.checks;
            const versions = edit ? [...checked, edit] : checked;
            for (const c of versions) for (const f of c.findings) stat(f.rule).findings++;
            // A finding of one version that the next one no longer has was fixed.
            for (let i = 1; i < versions.length; i++) {
              const now = new Set(versions[i].findings.map((f) => f.key));
              for (const key of new Set(versions[i - 1].findings.map((f) => f.key))) if (!now.has(key)) stat(ruleOf(key)).fixed++;
            }
            for (const d of decisions.filter((x) => x.stageId === stage.id && x.overrides)) for (const key of d.overrides!) stat(ruleOf(key)).overridden++;
            // The judge against what the reviewer did next with each judged attempt.
            const succeeded = stage.attempts.filter((a) => isSucceededAttempt(a.status));
            succeeded.forEach((a, i) => {
              if (a.checks?.judge?.status !== "ok") return;
              const flagged = a.checks.findings.some((f) => f.rule === "voice" || f.rule === "constraint");
              const last = i === succeeded.length - 1;
              if (last && !isSettledStage(stage.status)) return; // not decided yet
              // Retried (a later attempt), edited, or skipped: the reviewer changed it; else it was approved as written.
              const changed = !last || !isApprovedStage(stage.status) || decisions.some((d) => d.stageId === stage.id && d.action === "edit_approve");
              judged[flagged ? (changed ? "flaggedChanged" : "flaggedKept") : changed ? "cleanChanged" : "cleanKept"]++;
            });
          }
        }
      }
      const rules = [...by.values()]
        .map((s) => ({ ...s, overrideRate: s.fixed + s.overridden ? s.overridden / (s.fixed + s.overridden) : null }))
        .sort((a, b) => b.findings - a.findings);
      return { rules, judge: judgeAgreement(judged) };
    },
  };
}
