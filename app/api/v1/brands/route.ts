import { brandCreateInput } from "@/lib/domain/brand";
import { getContainer } from "@/lib/container";
import { presentBrand, presentCanonicalSummary } from "@/lib/http/presenters";
import { readJson } from "@/lib/http/readJson";
import { authorized } from "@/app/api/v1/_authorized";

export const dynamic = "force-dynamic";

export const GET = authorized("read", async (_req, _params, actor) => {
  const brands = await getContainer().brands.listBrands(actor.organizationId);
  return Response.json({ items: brands.map((b) => presentCanonicalSummary("brand", b)) });
});

export const POST = authorized("edit", async (req, _params, actor) => {
  const c = getContainer();
  const input = await readJson(req, brandCreateInput, c.settings.http.max_body_bytes);
  return Response.json(presentBrand(await c.brands.createBrand(input, actor.organizationId)), { status: 201 });
});
