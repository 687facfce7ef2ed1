import { brandCreateInput } from "@/lib/domain/brand";
import { getContainer } from "@/lib/container";
import { presentBrand, presentCanonicalSummary } from "@/lib/http/presenters";
import { readJson } from "@/lib/http/readJson";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route(async () => {
  const brands = await getContainer().brands.listBrands();
  return Response.json({ items: brands.map((b) => presentCanonicalSummary("brand", b)) });
});

export const POST = route(async (req) => {
  const c = getContainer();
  const input = await readJson(req, brandCreateInput, c.settings.http.max_body_bytes);
  return Response.json(presentBrand(await c.brands.createBrand(input)), { status: 201 });
});
