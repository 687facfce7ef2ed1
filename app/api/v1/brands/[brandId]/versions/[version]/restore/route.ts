import { restoreParams } from "@/lib/domain/promotion";
import { getContainer } from "@/lib/container";
import { parseWith } from "@/lib/http/readJson";
import { presentBrand } from "@/lib/http/presenters";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Makes an old canonical version current again, as a new version (history only grows). */
export const POST = route(async (_req, { brandId, version }) => {
  const { version: n } = parseWith(restoreParams, { version });
  return Response.json(presentBrand(await getContainer().promotions.restoreBrandVersion(brandId, n)));
});
