import { guardCheckInput } from "@/lib/domain/guard/guardCheckInput";
import { getContainer } from "@/lib/container";
import { readJson } from "@/lib/http/readJson";
import { authorized } from "@/app/api/v1/_authorized";

export const dynamic = "force-dynamic";

/** The brand guard on any text: copy written elsewhere, a folder a script lints, a stage's artifact by hand. */
export const POST = authorized("read", async (req, _params, actor) => {
  const c = getContainer();
  const input = await readJson(req, guardCheckInput, c.settings.http.max_body_bytes);
  await c.access.requireOwned(actor, "brand", input.brand_id);
  if (input.product_id) await c.access.requireOwned(actor, "product", input.product_id);
  return Response.json(await c.guard.check(input));
});
