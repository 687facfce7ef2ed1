import { getContainer } from "@/lib/container";
import { authorized } from "@/app/api/v1/_authorized";

export const dynamic = "force-dynamic";

export const POST = authorized("administer", async () => {
  const result = await getContainer().provider.check();
  return Response.json(result.ok ? { ok: true, latency_ms: result.latencyMs, model: result.model, note: result.note } : result);
});
