import { getContainer } from "@/lib/container";
import { presentComparison } from "@/lib/http/presenters";
import { compareQuery, queryOf } from "@/lib/http/querySchemas";
import { parseWith } from "@/lib/http/readJson";
import { authorized } from "@/app/api/v1/_authorized";

export const dynamic = "force-dynamic";

/** Two attempts side by side: `?left=<run>:<stage>:<n>&right=…` (`<run>:<stage>` for what the stage stands for). */
export const GET = authorized("read", async (req, _params, actor) => {
  const q = parseWith(compareQuery, queryOf(req));
  const c = getContainer();
  return Response.json(presentComparison(await c.compare.compare(q.left, q.right, (kind, id) => c.access.owns(actor, kind, id))));
});
