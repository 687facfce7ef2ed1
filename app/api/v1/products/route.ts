import { productCreateInput } from "@/lib/domain/product";
import { getContainer } from "@/lib/container";
import { presentProduct } from "@/lib/http/presenters";
import { readJson } from "@/lib/http/readJson";
import { authorized } from "@/app/api/v1/_authorized";

export const dynamic = "force-dynamic";

export const POST = authorized("edit", async (req, _params, actor) => {
  const c = getContainer();
  const input = await readJson(req, productCreateInput, c.settings.http.max_body_bytes);
  await c.access.requireOwned(actor, "brand", input.brand_id);
  return Response.json(presentProduct(await c.products.createProduct(input)), { status: 201 });
});
