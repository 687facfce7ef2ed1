import { resumeInput } from "@/lib/domain/run";
import { getContainer } from "@/lib/container";
import { presentRun } from "@/lib/http/presenters";
import { readJson } from "@/lib/http/readJson";
import { idempotent } from "@/app/api/v1/_idempotent";
import { authorized } from "@/app/api/v1/_authorized";

export const dynamic = "force-dynamic";

/** Continues a run its budget paused, from the stage it stopped at, with the budget raised. */
export const POST = idempotent("POST /api/v1/runs/{runId}/resume", authorized("edit", async (req, { runId }) => {
  const c = getContainer();
  const input = await readJson(req, resumeInput, c.settings.http.max_body_bytes);
  return Response.json(presentRun(await c.runs.resume(runId, input)));
}));
