import { approveInput } from "@/lib/domain/run";
import { getContainer } from "@/lib/container";
import { presentRun } from "@/lib/http/presenters";
import { readJson } from "@/lib/http/readJson";
import { idempotent } from "@/app/api/v1/_idempotent";
import { authorized } from "@/app/api/v1/_authorized";

export const dynamic = "force-dynamic";

/** Approve the stage waiting at its gate, optionally with the reviewer's edit (kept with its diff). */
export const POST = idempotent("POST /api/v1/runs/{runId}/approve", authorized("decide", async (req, { runId }, actor) => {
  const c = getContainer();
  const input = await readJson(req, approveInput, c.settings.http.max_body_bytes);
  const run = await c.runs.approve(runId, input.stage_id, { editedMarkdown: input.edited_markdown, comment: input.comment, overrideReason: input.override_reason, attempt: input.attempt, who: await c.access.decider(actor) });
  return Response.json(presentRun(run));
}));
