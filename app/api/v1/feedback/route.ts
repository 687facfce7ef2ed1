import { feedbackInput } from "@/lib/domain/run";
import { getContainer } from "@/lib/container";
import { presentFeedback } from "@/lib/http/presenters";
import { readJson } from "@/lib/http/readJson";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const POST = route(async (req) => {
  const c = getContainer();
  const input = await readJson(req, feedbackInput, c.settings.http.max_body_bytes);
  return Response.json(presentFeedback(await c.runs.addFeedback(input)), { status: 201 });
});
