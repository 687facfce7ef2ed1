import { productPromotionInput } from "@/lib/domain/promotion";
import { getContainer } from "@/lib/container";
import { presentPromotion } from "@/lib/http/presenters";
import { readJson } from "@/lib/http/readJson";
import { route } from "@/lib/http/route";
import { promotionDiff } from "@/lib/services/promotionService";

export const dynamic = "force-dynamic";

export const GET = route(async (_req, { productId }) => {
  const items = await getContainer().promotions.list("product", productId);
  return Response.json({ items: items.map((p) => presentPromotion(p, promotionDiff(p))) });
});

/** A proposal: the before → after preview. Nothing changes until POST …/promotions/{id}/confirm. */
export const POST = route(async (req, { productId }) => {
  const c = getContainer();
  const input = await readJson(req, productPromotionInput, c.settings.http.max_body_bytes);
  const p = await c.promotions.proposeForProduct(productId, input);
  return Response.json(presentPromotion(p, promotionDiff(p)), { status: 201 });
});
