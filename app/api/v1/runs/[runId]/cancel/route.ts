import { cancelInput } from "@/lib/domain/run";
import { getContainer } from "@/lib/container";
import { presentRun } from "@/lib/http/presenters";
import { readJson } from "@/lib/http/readJson";
import { idempotent } from "@/app/api/v1/_idempotent";
import { stampOf } from "@/lib/domain/access";
import { authorized } from "@/app/api/v1/_authorized";

export const dynamic = "force-dynamic";

export const POST = idempotent("POST /api/v1/runs/{runId}/cancel", authorized("edit", async (req, { runId }, actor) => {
  const c = getContainer();
  // The body is optional here: an empty POST cancels without a comment.
  const hasBody = req.headers.get("content-length") !== "0" && req.headers.has("content-type");
  const input = hasBody ? await readJson(req, cancelInput, c.settings.http.max_body_bytes) : {};
  return Response.json(presentRun(await c.runs.cancel(runId, { comment: input.comment, by: stampOf(actor) })));
}));
