import { z } from "zod";
import { getContainer } from "@/lib/container";
import { parseWith } from "@/lib/http/readJson";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

const query = z.strictObject({ window_s: z.coerce.number().int().min(1).max(60).optional() });

/** Liveness, and how late the event loop ran over the last minute (`?window_s=` for fewer seconds). */
export const GET = route(async (req) => {
  const q = parseWith(query, Object.fromEntries(new URL(req.url).searchParams));
  // Opening the container opens the workspace: a health check that passes means the database is usable.
  const { eventLoop, version } = getContainer();
  return Response.json({ ok: true, version, event_loop_delay_ms: eventLoop.snapshot(q.window_s) });
});
