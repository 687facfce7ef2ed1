import { getContainer } from "@/lib/container";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** 200 when every dependency answers, 503 (with the checks) when one does not: for a load balancer. */
export const GET = route(async () => {
  const result = await getContainer().readiness();
  return Response.json(result, { status: result.ready ? 200 : 503, headers: { "cache-control": "no-store" } });
});
