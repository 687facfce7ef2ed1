import { startRunInput } from "@/lib/domain/run";
import { getContainer } from "@/lib/container";
import { presentRun } from "@/lib/http/presenters";
import { readJson } from "@/lib/http/readJson";
import { idempotent } from "@/app/api/v1/_idempotent";
import { stampOf } from "@/lib/domain/access";
import { authorized } from "@/app/api/v1/_authorized";

export const dynamic = "force-dynamic";

/** 202: the run exists and executes in the background; follow it with GET /runs/{id} or /events. */
export const POST = idempotent("POST /api/v1/runs", authorized("edit", async (req, _params, actor) => {
  const c = getContainer();
  const input = await readJson(req, startRunInput, c.settings.http.max_body_bytes);
  await c.access.requireOwned(actor, "thread", input.thread_id);
  const run = await c.runs.startRun(input, stampOf(actor));
  return Response.json(presentRun(run), { status: 202, headers: { location: `/api/v1/runs/${run.id}` } });
}));
