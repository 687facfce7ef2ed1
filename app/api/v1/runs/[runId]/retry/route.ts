import { retryInput } from "@/lib/domain/run";
import { getContainer } from "@/lib/container";
import { presentRun } from "@/lib/http/presenters";
import { readJson } from "@/lib/http/readJson";
import { idempotent } from "@/app/api/v1/_idempotent";
import { authorized } from "@/app/api/v1/_authorized";

export const dynamic = "force-dynamic";

/** A new attempt of the stage, with the reviewer's feedback in its Context Pack; earlier attempts are kept. */
export const POST = idempotent("POST /api/v1/runs/{runId}/retry", authorized("decide", async (req, { runId }, actor) => {
  const c = getContainer();
  const input = await readJson(req, retryInput, c.settings.http.max_body_bytes);
  return Response.json(presentRun(await c.runs.retry(runId, input.stage_id, { feedback: input.feedback, who: await c.access.decider(actor) })));
}));
