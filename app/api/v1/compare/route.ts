import { getContainer } from "@/lib/container";
import { presentComparison } from "@/lib/http/presenters";
import { compareQuery, queryOf } from "@/lib/http/querySchemas";
import { parseWith } from "@/lib/http/readJson";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Two attempts side by side: `?left=<run>:<stage>:<n>&right=…` (`<run>:<stage>` for what the stage stands for). */
export const GET = route(async (req) => {
  const q = parseWith(compareQuery, queryOf(req));
  return Response.json(presentComparison(await getContainer().compare.compare(q.left, q.right)));
});
