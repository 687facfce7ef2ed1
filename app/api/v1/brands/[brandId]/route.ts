import { getContainer } from "@/lib/container";
import { queryFlag } from "@/lib/http/route";
import { brandRoutes } from "@/app/api/v1/_canonical/canonicalRoutes";
import { authorized } from "@/app/api/v1/_authorized";

export const dynamic = "force-dynamic";

export const GET = brandRoutes.get;
export const PATCH = brandRoutes.patch;

/** What differs per kind: a delete cascades to its own children. */
export const DELETE = authorized("manage", async (req, { brandId }) => {
  await getContainer().brands.deleteBrand(brandId, { cascade: queryFlag(req, "cascade") });
  return new Response(null, { status: 204 });
});
