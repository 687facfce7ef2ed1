import { productPatchInput } from "@/lib/domain/product";
import { getContainer } from "@/lib/container";
import { presentProduct } from "@/lib/http/presenters";
import { readJson } from "@/lib/http/readJson";
import { queryFlag, route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route(async (_req, { productId }) =>
  Response.json(presentProduct(await getContainer().products.getProduct(productId))),
);

export const PATCH = route(async (req, { productId }) => {
  const c = getContainer();
  await c.products.getProduct(productId);
  const patch = await readJson(req, productPatchInput, c.settings.http.max_body_bytes);
  return Response.json(presentProduct(await c.products.updateProduct(productId, patch)));
});

export const DELETE = route(async (req, { productId }) => {
  await getContainer().products.deleteProduct(productId, { cascade: queryFlag(req, "cascade") });
  return new Response(null, { status: 204 });
});
