import { approveInput } from "@/lib/domain/run";
import { getContainer } from "@/lib/container";
import { presentRun } from "@/lib/http/presenters";
import { readJson } from "@/lib/http/readJson";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Approve the stage waiting at its gate, optionally with the reviewer's edit (kept with its diff). */
export const POST = route(async (req, { runId }) => {
  const c = getContainer();
  const input = await readJson(req, approveInput, c.settings.http.max_body_bytes);
  const run = await c.runs.approve(runId, input.stage_id, { editedMarkdown: input.edited_markdown, comment: input.comment, overrideReason: input.override_reason });
  return Response.json(presentRun(run));
});
