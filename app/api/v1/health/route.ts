import { getContainer } from "@/lib/container";
import { healthQuery, queryOf } from "@/lib/http/querySchemas";
import { parseWith } from "@/lib/http/readJson";
import { publicRoute } from "@/app/api/v1/_authorized";

export const dynamic = "force-dynamic";

/** Liveness, and how late the event loop ran over the last minute (`?window_s=` for fewer seconds). */
export const GET = publicRoute(async (req) => {
  const q = parseWith(healthQuery, queryOf(req));
  // Opening the container opens the workspace: a health check that passes means the database is usable.
  const { eventLoop, version } = getContainer();
  return Response.json({ ok: true, version, event_loop_delay_ms: eventLoop.snapshot(q.window_s) });
});
