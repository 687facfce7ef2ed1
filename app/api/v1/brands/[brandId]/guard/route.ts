import { getContainer } from "@/lib/container";
import { presentGuardStats } from "@/lib/http/presenters";
import { authorized } from "@/app/api/v1/_authorized";

export const dynamic = "force-dynamic";

/** How each guard rule fares on the brand's runs (fixed, overridden, override rate), and what is muted. */
export const GET = authorized("read", async (_req, { brandId }) => {
  const c = getContainer();
  const [brand, stats] = await Promise.all([c.brands.getBrand(brandId), c.guard.brandStats(brandId)]);
  return Response.json(presentGuardStats(stats, brand.guard_mutes));
});
