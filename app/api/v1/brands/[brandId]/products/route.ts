import { getContainer } from "@/lib/container";
import { presentCanonicalSummary } from "@/lib/http/presenters";
import { authorized } from "@/app/api/v1/_authorized";

export const dynamic = "force-dynamic";

export const GET = authorized("read", async (_req, { brandId }) => {
  const products = await getContainer().products.listProducts(brandId);
  return Response.json({ items: products.map((p) => presentCanonicalSummary("product", p)) });
});
