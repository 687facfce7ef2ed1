import { restoreParams } from "@/lib/domain/promotion";
import { getContainer } from "@/lib/container";
import { parseWith } from "@/lib/http/readJson";
import { presentProduct } from "@/lib/http/presenters";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Makes an old canonical version current again, as a new version (history only grows). */
export const POST = route(async (_req, { productId, version }) => {
  const { version: n } = parseWith(restoreParams, { version });
  return Response.json(presentProduct(await getContainer().promotions.restoreProductVersion(productId, n)));
});
