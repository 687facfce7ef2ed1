import { guardCheckInput } from "@/lib/domain/guard/guardCheckInput";
import { getContainer } from "@/lib/container";
import { readJson } from "@/lib/http/readJson";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** The brand guard on any text: copy written elsewhere, a folder a script lints, a stage's artifact by hand. */
export const POST = route(async (req) => {
  const c = getContainer();
  const input = await readJson(req, guardCheckInput, c.settings.http.max_body_bytes);
  return Response.json(await c.guard.check(input));
});
