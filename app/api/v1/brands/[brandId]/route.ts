import { brandPatchInput } from "@/lib/domain/brand";
import { getContainer } from "@/lib/container";
import { presentBrand } from "@/lib/http/presenters";
import { readJson } from "@/lib/http/readJson";
import { queryFlag, route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route(async (_req, { brandId }) =>
  Response.json(presentBrand(await getContainer().brands.getBrand(brandId))),
);

export const PATCH = route(async (req, { brandId }) => {
  const c = getContainer();
  await c.brands.getBrand(brandId); // 404 before 400: a body is only judged for a brand that exists
  const patch = await readJson(req, brandPatchInput, c.settings.http.max_body_bytes);
  return Response.json(presentBrand(await c.brands.updateBrand(brandId, patch)));
});

export const DELETE = route(async (req, { brandId }) => {
  await getContainer().brands.deleteBrand(brandId, { cascade: queryFlag(req, "cascade") });
  return new Response(null, { status: 204 });
});
