import { getContainer } from "@/lib/container";
import { queryFlag } from "@/lib/http/route";
import { productRoutes } from "@/app/api/v1/_canonical/canonicalRoutes";
import { authorized } from "@/app/api/v1/_authorized";

export const dynamic = "force-dynamic";

export const GET = productRoutes.get;
export const PATCH = productRoutes.patch;

/** What differs per kind: a delete cascades to its own children. */
export const DELETE = authorized("manage", async (req, { productId }) => {
  await getContainer().products.deleteProduct(productId, { cascade: queryFlag(req, "cascade") });
  return new Response(null, { status: 204 });
});
