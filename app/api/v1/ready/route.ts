import { getContainer } from "@/lib/container";
import { publicRoute } from "@/app/api/v1/_authorized";

export const dynamic = "force-dynamic";

/** 200 when every dependency answers, 503 (with the checks) when one does not: for a load balancer. */
export const GET = publicRoute(async () => {
  const result = await getContainer().readiness();
  return Response.json(result, { status: result.ready ? 200 : 503, headers: { "cache-control": "no-store" } });
});
