import { approveInput } from "@/lib/domain/run";
import { getContainer } from "@/lib/container";
import { presentRun } from "@/lib/http/presenters";
import { readJson } from "@/lib/http/readJson";
import { route } from "@/lib/http/route";
import { idempotent } from "@/app/api/v1/_idempotent";

export const dynamic = "force-dynamic";

/** Approve the stage waiting at its gate, optionally with the reviewer's edit (kept with its diff). */
export const POST = idempotent("POST /api/v1/runs/{runId}/approve", route(async (req, { runId }) => {
  const c = getContainer();
  const input = await readJson(req, approveInput, c.settings.http.max_body_bytes);
  const run = await c.runs.approve(runId, input.stage_id, { editedMarkdown: input.edited_markdown, comment: input.comment, overrideReason: input.override_reason, attempt: input.attempt });
  return Response.json(presentRun(run));
}));
