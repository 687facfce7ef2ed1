import { getContainer } from "@/lib/container";
import { eventsQuery, queryOf } from "@/lib/http/querySchemas";
import { parseWith } from "@/lib/http/readJson";
import { route } from "@/lib/http/route";
import { sseResponse } from "@/lib/http/sse";

export const dynamic = "force-dynamic";

/**
 * Server-Sent Events of a run (`?run_id=`, id = seq, the whole log replayed first) or of a thread's
 * runs (`?thread_id=`, id = run_id:seq, live). `Last-Event-ID` resumes exactly after what was seen.
 */
export const GET = route(async (req) => {
  const c = getContainer();
  const q = parseWith(eventsQuery, queryOf(req));
  const lastEventId = req.headers.get("last-event-id");
  const stream = await c.runs.openEvents({ runId: q.run_id, threadId: q.thread_id }, lastEventId);
  return sseResponse(stream, {
    heartbeatMs: c.settings.events.heartbeat_ms,
    // A draft has no id: it is not in the log, and Last-Event-ID must name the last logged event.
    map: (e) => (e.type === "stage.draft" ? { event: e.type, data: e } : { event: e.type, id: q.run_id ? e.seq : `${e.run_id}:${e.seq}`, data: e }),
  });
});
