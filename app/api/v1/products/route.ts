import { productCreateInput } from "@/lib/domain/product";
import { getContainer } from "@/lib/container";
import { presentProduct } from "@/lib/http/presenters";
import { readJson } from "@/lib/http/readJson";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const POST = route(async (req) => {
  const c = getContainer();
  const input = await readJson(req, productCreateInput, c.settings.http.max_body_bytes);
  return Response.json(presentProduct(await c.products.createProduct(input)), { status: 201 });
});
