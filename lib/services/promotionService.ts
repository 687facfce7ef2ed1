import type { ActorStamp } from "../domain/access";
import { CANONICAL, fieldsOf, type CanonicalFields, type CanonicalKind } from "../domain/canonical";
import { conflict, notFound } from "../domain/errors";
import { isId, newId } from "../domain/ids";
import { isPendingPromotion, promotedMarkdown, type CanonicalState, type Promotion } from "../domain/promotion";
import type { PromotionInput } from "../domain/promotionInput";
import type { CanonicalStore } from "./canonicalStore";
import type { ServiceDeps } from "./serviceDeps";

export type PromotionService = ReturnType<typeof createPromotionService>;

/**
 * Promotion to canonical memory, for any canonical kind: a proposal is only a preview; canonical changes
 * when — and only when — the user confirms it, as a new canonical version that names its source.
 * Restoring an old version is the same kind of explicit act.
 */
export function createPromotionService(deps: ServiceDeps & { canonical: CanonicalStore }) {
  const { repos, clock, canonical } = deps;

  async function requirePromotion(kind: CanonicalKind, entityId: string, promotionId: string): Promise<Promotion> {
    const p = isId("promotion", promotionId) ? await repos.promotions.get(promotionId) : null;
    if (!p || p.entityType !== kind || p.entityId !== entityId) throw notFound("promotion", promotionId);
    return p;
  }

  const alreadyDecided = (status: string) => [{ path: "status", issue: `already ${status}`, code: "already_decided" }];

  return {
    async propose(kind: CanonicalKind, entityId: string, input: PromotionInput, by: ActorStamp | null = null): Promise<Promotion> {
      const spec = CANONICAL[kind];
      const current = await canonical.get(kind, entityId);
      const markdown = (current as unknown as Record<string, string>)[spec.markdown.key];
      const before: CanonicalState = { fields: fieldsOf(spec, current), markdown };
      const after: CanonicalState = { fields: fieldsOf(spec, { ...before.fields, ...(input.fields as Partial<CanonicalFields>) }), markdown: promotedMarkdown(markdown, input) };
      const promotion: Promotion = {
        id: newId("promotion"),
        entityType: kind,
        entityId,
        status: "proposed",
        proposal: { before, after },
        baseVersion: current.canonicalVersion,
        sourceKind: input.source?.kind ?? null,
        sourceId: input.source?.id ?? null,
        note: input.note ?? "",
        createdAt: clock.now().toISOString(),
        decidedAt: null,
        proposedBy: by?.email ?? null,
      };
      await repos.promotions.insert(promotion);
      return promotion;
    },

    get: requirePromotion,

    /** Compare-and-set on the version the preview was made from: a stale preview is refused, never merged blindly. */
    async confirm(kind: CanonicalKind, entityId: string, promotionId: string, by: ActorStamp | null = null): Promise<Promotion> {
      const p = await requirePromotion(kind, entityId, promotionId);
      if (!isPendingPromotion(p)) throw conflict(`the promotion is already ${p.status}`, alreadyDecided(p.status));
      const at = clock.now().toISOString();
      const note = p.note || `promovido de ${p.sourceKind ?? "edição"}${p.sourceId ? ` ${p.sourceId}` : ""}`;
      await canonical.update(kind, entityId, { fields: p.proposal.after.fields, markdown: p.proposal.after.markdown, note }, "promotion", {
        expectedVersion: p.baseVersion,
        alsoInTx: async (tx) => {
          if (!(await tx.promotions.decide(p.id, "proposed", "confirmed", at, by?.email))) throw conflict("the promotion was decided already", alreadyDecided("confirmed"));
        },
      });
      return (await repos.promotions.get(p.id))!;
    },

    async discard(kind: CanonicalKind, entityId: string, promotionId: string, by: ActorStamp | null = null): Promise<Promotion> {
      const p = await requirePromotion(kind, entityId, promotionId);
      if (!(await repos.promotions.decide(p.id, "proposed", "discarded", clock.now().toISOString(), by?.email))) {
        throw conflict(`the promotion is already ${p.status}`, alreadyDecided(p.status));
      }
      return (await repos.promotions.get(p.id))!;
    },

    list: (kind: CanonicalKind, entityId: string) => repos.promotions.list(kind, entityId),

    /** Makes an old version current again — as a new version, so history only grows. */
    async restoreVersion(kind: CanonicalKind, entityId: string, version: number) {
      const old = (await canonical.versions(kind, entityId)).find((v) => v.version === version);
      if (!old) throw notFound("version", String(version));
      return canonical.update(kind, entityId, { fields: old.fields, markdown: old.markdown, note: `restaurada a versão ${version}` }, "restore");
    },
  };
}
