import { getContainer } from "@/lib/container";
import { presentVersion } from "@/lib/http/presenters";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route(async (_req, { brandId }) => {
  const versions = await getContainer().brands.listBrandVersions(brandId);
  return Response.json({ items: versions.map(presentVersion) });
});
