import { getContainer } from "@/lib/container";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const POST = route(async () => {
  const result = await getContainer().provider.check();
  return Response.json(result.ok ? { ok: true, latency_ms: result.latencyMs, model: result.model, note: result.note } : result);
});
