import { feedbackInput } from "@/lib/domain/run";
import { getContainer } from "@/lib/container";
import { presentFeedback } from "@/lib/http/presenters";
import { readJson } from "@/lib/http/readJson";
import { authorized } from "@/app/api/v1/_authorized";

export const dynamic = "force-dynamic";

export const POST = authorized("edit", async (req, _params, actor) => {
  const c = getContainer();
  const input = await readJson(req, feedbackInput, c.settings.http.max_body_bytes);
  await c.access.requireOwned(actor, "run", input.run_id);
  return Response.json(presentFeedback(await c.runs.addFeedback(input)), { status: 201 });
});
