import { getContainer } from "@/lib/container";
import { eventsQuery, queryOf } from "@/lib/http/querySchemas";
import { parseWith } from "@/lib/http/readJson";
import { sseResponse } from "@/lib/http/sse";
import { authorized } from "@/app/api/v1/_authorized";

export const dynamic = "force-dynamic";

/**
 * Server-Sent Events of a run (`?run_id=`, id = seq, the whole log replayed first) or of a thread's
 * runs (`?thread_id=`, id = run_id:seq, live). `Last-Event-ID` resumes exactly after what was seen.
 */
export const GET = authorized("read", async (req, _params, actor) => {
  const c = getContainer();
  const q = parseWith(eventsQuery, queryOf(req));
  if (q.run_id) await c.access.requireOwned(actor, "run", q.run_id);
  if (q.thread_id) await c.access.requireOwned(actor, "thread", q.thread_id);
  const lastEventId = req.headers.get("last-event-id");
  const stream = await c.runs.openEvents({ runId: q.run_id, threadId: q.thread_id }, lastEventId);
  return sseResponse(stream, {
    heartbeatMs: c.settings.events.heartbeat_ms,
    // A draft has no id: it is not in the log, and Last-Event-ID must name the last logged event.
    map: (e) => (e.type === "stage.draft" ? { event: e.type, data: e } : { event: e.type, id: q.run_id ? e.seq : `${e.run_id}:${e.seq}`, data: e }),
  });
});
