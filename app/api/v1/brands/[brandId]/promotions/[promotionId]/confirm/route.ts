import { getContainer } from "@/lib/container";
import { presentPromotion } from "@/lib/http/presenters";
import { route } from "@/lib/http/route";
import { promotionDiff } from "@/lib/services/promotionService";

export const dynamic = "force-dynamic";

export const POST = route(async (_req, { brandId, promotionId }) => {
  const p = await getContainer().promotions.confirm("brand", brandId, promotionId);
  return Response.json(presentPromotion(p, promotionDiff(p)));
});
