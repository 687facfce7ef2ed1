import { getContainer } from "@/lib/container";
import { presentPromotion } from "@/lib/http/presenters";
import { route } from "@/lib/http/route";
import { promotionDiff } from "@/lib/services/promotionService";

export const dynamic = "force-dynamic";

export const POST = route(async (_req, { productId, promotionId }) => {
  const p = await getContainer().promotions.confirm("product", productId, promotionId);
  return Response.json(presentPromotion(p, promotionDiff(p)));
});
