import { createTwoFilesPatch } from "diff";
import type { BrandFields } from "../domain/brand";
import { conflict, notFound } from "../domain/errors";
import { isId, newId } from "../domain/ids";
import type { ProductFields } from "../domain/product";
import { promotedMarkdown, type BrandPromotionInput, type CanonicalState, type ProductPromotionInput, type Promotion } from "../domain/promotion";
import type { BrandService } from "./brandService";
import type { ProductService } from "./productService";
import type { ServiceDeps } from "./serviceDeps";

export type PromotionService = ReturnType<typeof createPromotionService>;

/** The before → after of a promotion, field by field and as a unified diff of the markdown. */
export function promotionDiff(p: Promotion) {
  const fields = Object.keys(p.proposal.after.fields)
    .map((field) => ({
      field,
      before: (p.proposal.before.fields as unknown as Record<string, unknown>)[field],
      after: (p.proposal.after.fields as unknown as Record<string, unknown>)[field],
    }))
    .filter((f) => JSON.stringify(f.before) !== JSON.stringify(f.after));
  const file = p.entityType === "brand" ? "soul.md" : "essence.md";
  const markdown =
    p.proposal.before.markdown === p.proposal.after.markdown
      ? ""
      : createTwoFilesPatch(file, file, p.proposal.before.markdown, p.proposal.after.markdown, `v${p.baseVersion}`, "proposta");
  return { fields, markdown };
}

/**
 * Promotion to canonical memory: a proposal is only a preview; canonical changes when — and only when —
 * the user confirms it, as a new canonical version that names its source. Restoring an old version is
 * the same kind of explicit act.
 */
export function createPromotionService(deps: ServiceDeps & { brands: BrandService; products: ProductService }) {
  const { repos, clock } = deps;

  async function propose(entityType: Promotion["entityType"], entityId: string, before: CanonicalState, after: CanonicalState, baseVersion: number, input: BrandPromotionInput | ProductPromotionInput) {
    const promotion: Promotion = {
      id: newId("promotion"),
      entityType,
      entityId,
      status: "proposed",
      proposal: { before, after },
      baseVersion,
      sourceKind: input.source?.kind ?? null,
      sourceId: input.source?.id ?? null,
      note: input.note ?? "",
      createdAt: clock.now().toISOString(),
      decidedAt: null,
    };
    await repos.promotions.insert(promotion);
    return promotion;
  }

  async function requirePromotion(entityType: Promotion["entityType"], entityId: string, promotionId: string): Promise<Promotion> {
    const p = isId("promotion", promotionId) ? await repos.promotions.get(promotionId) : null;
    if (!p || p.entityType !== entityType || p.entityId !== entityId) throw notFound("promotion", promotionId);
    return p;
  }

  async function confirm(entityType: Promotion["entityType"], entityId: string, promotionId: string) {
    const p = await requirePromotion(entityType, entityId, promotionId);
    const decided = [{ path: "status", issue: `already ${p.status}`, code: "already_decided" }];
    if (p.status !== "proposed") throw conflict(`the promotion is already ${p.status}`, decided);
    const at = clock.now().toISOString();
    const note = p.note || `promovido de ${p.sourceKind ?? "edição"}${p.sourceId ? ` ${p.sourceId}` : ""}`;
    const settle = async (tx: { promotions: typeof repos.promotions }) => {
      if (!(await tx.promotions.decide(p.id, "proposed", "confirmed", at))) throw conflict("the promotion was decided already", decided);
    };
    // Compare-and-set on the version the preview was made from: a stale preview is refused, never merged blindly.
    if (entityType === "brand") {
      const f = p.proposal.after.fields as BrandFields;
      await deps.brands.updateBrand(entityId, { ...f, soul_md: p.proposal.after.markdown, note }, "promotion", { expectedVersion: p.baseVersion, alsoInTx: settle });
    } else {
      const f = p.proposal.after.fields as ProductFields;
      await deps.products.updateProduct(entityId, { ...f, essence_md: p.proposal.after.markdown, note }, "promotion", { expectedVersion: p.baseVersion, alsoInTx: settle });
    }
    return (await repos.promotions.get(p.id))!;
  }

  return {
    async proposeForBrand(brandId: string, input: BrandPromotionInput) {
      const b = await deps.brands.getBrand(brandId);
      const before: CanonicalState = { fields: { name: b.name, audience: b.audience, tone: b.tone, taboos: b.taboos, promise: b.promise }, markdown: b.soulMd };
      const after: CanonicalState = { fields: { ...(before.fields as BrandFields), ...input.fields }, markdown: promotedMarkdown(b.soulMd, input) };
      return propose("brand", brandId, before, after, b.canonicalVersion, input);
    },

    async proposeForProduct(productId: string, input: ProductPromotionInput) {
      const p = await deps.products.getProduct(productId);
      const before: CanonicalState = { fields: { name: p.name, offer: p.offer, price: p.price, differentiator: p.differentiator, constraints: p.constraints }, markdown: p.essenceMd };
      const after: CanonicalState = { fields: { ...(before.fields as ProductFields), ...input.fields }, markdown: promotedMarkdown(p.essenceMd, input) };
      return propose("product", productId, before, after, p.canonicalVersion, input);
    },

    get: requirePromotion,
    confirm,

    async discard(entityType: Promotion["entityType"], entityId: string, promotionId: string) {
      const p = await requirePromotion(entityType, entityId, promotionId);
      if (!(await repos.promotions.decide(p.id, "proposed", "discarded", clock.now().toISOString()))) {
        throw conflict(`the promotion is already ${p.status}`, [{ path: "status", issue: `already ${p.status}`, code: "already_decided" }]);
      }
      return (await repos.promotions.get(p.id))!;
    },

    list: async (entityType: Promotion["entityType"], entityId: string) => repos.promotions.list(entityType, entityId),

    /** Makes an old version current again — as a new version, so history only grows. */
    async restoreBrandVersion(brandId: string, version: number) {
      const old = (await deps.brands.listBrandVersions(brandId)).find((v) => v.version === version);
      if (!old) throw notFound("version", String(version));
      return deps.brands.updateBrand(brandId, { ...(old.fields as BrandFields), soul_md: old.markdown, note: `restaurada a versão ${version}` }, "restore");
    },

    async restoreProductVersion(productId: string, version: number) {
      const old = (await deps.products.listProductVersions(productId)).find((v) => v.version === version);
      if (!old) throw notFound("version", String(version));
      return deps.products.updateProduct(productId, { ...(old.fields as ProductFields), essence_md: old.markdown, note: `restaurada a versão ${version}` }, "restore");
    },
  };
}
