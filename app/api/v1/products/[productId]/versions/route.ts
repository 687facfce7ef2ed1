import { getContainer } from "@/lib/container";
import { presentVersion } from "@/lib/http/presenters";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route(async (_req, { productId }) => {
  const versions = await getContainer().products.listProductVersions(productId);
  return Response.json({ items: versions.map(presentVersion) });
});
