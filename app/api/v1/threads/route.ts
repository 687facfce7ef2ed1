import { threadCreateInput } from "@/lib/domain/thread";
import { getContainer } from "@/lib/container";
import { presentThread } from "@/lib/http/presenters";
import { readJson } from "@/lib/http/readJson";
import { authorized } from "@/app/api/v1/_authorized";

export const dynamic = "force-dynamic";

export const POST = authorized("edit", async (req, _params, actor) => {
  const c = getContainer();
  const input = await readJson(req, threadCreateInput, c.settings.http.max_body_bytes);
  await c.access.requireOwned(actor, "product", input.product_id);
  return Response.json(presentThread(await c.threads.createThread(input)), { status: 201 });
});
