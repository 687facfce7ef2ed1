import { skipInput } from "@/lib/domain/run";
import { getContainer } from "@/lib/container";
import { presentRun } from "@/lib/http/presenters";
import { readJson } from "@/lib/http/readJson";
import { idempotent } from "@/app/api/v1/_idempotent";
import { authorized } from "@/app/api/v1/_authorized";

export const dynamic = "force-dynamic";

/** Skip the stage at its gate (or a failed one): its output is not used downstream. */
export const POST = idempotent("POST /api/v1/runs/{runId}/skip", authorized("decide", async (req, { runId }, actor) => {
  const c = getContainer();
  const input = await readJson(req, skipInput, c.settings.http.max_body_bytes);
  return Response.json(presentRun(await c.runs.skip(runId, input.stage_id, { comment: input.comment, who: await c.access.decider(actor) })));
}));
