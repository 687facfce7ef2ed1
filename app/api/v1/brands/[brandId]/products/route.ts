import { getContainer } from "@/lib/container";
import { presentCanonicalSummary } from "@/lib/http/presenters";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route(async (_req, { brandId }) => {
  const products = await getContainer().products.listProducts(brandId);
  return Response.json({ items: products.map((p) => presentCanonicalSummary("product", p)) });
});
