import { z } from "zod";
import { getContainer } from "@/lib/container";
import { parseWith } from "@/lib/http/readJson";
import { route } from "@/lib/http/route";
import { sseResponse } from "@/lib/http/sse";
import { idPattern } from "@/lib/domain/ids";

export const dynamic = "force-dynamic";

const query = z
  .strictObject({
    run_id: z.string().regex(idPattern("run"), "not a run id").optional(),
    thread_id: z.string().regex(idPattern("thread"), "not a thread id").optional(),
  })
  .refine((q) => !!q.run_id !== !!q.thread_id, { message: "give exactly one of run_id and thread_id" });

/**
 * Server-Sent Events of a run (`?run_id=`, id = seq, the whole log replayed first) or of a thread's
 * runs (`?thread_id=`, id = run_id:seq, live). `Last-Event-ID` resumes exactly after what was seen.
 */
export const GET = route(async (req) => {
  const c = getContainer();
  const q = parseWith(query, Object.fromEntries(new URL(req.url).searchParams));
  const lastEventId = req.headers.get("last-event-id");
  const stream = await c.runs.openEvents({ runId: q.run_id, threadId: q.thread_id }, lastEventId);
  return sseResponse(stream, {
    heartbeatMs: c.settings.events.heartbeat_ms,
    map: (e) => ({ event: e.type, id: q.run_id ? e.seq : `${e.run_id}:${e.seq}`, data: e }),
  });
});
