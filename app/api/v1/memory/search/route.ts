import { memorySearchInput } from "@/lib/domain/memory";
import { snippetJson } from "@/lib/domain/retrieval";
import { getContainer } from "@/lib/container";
import { readJson } from "@/lib/http/readJson";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/**
 * The retrieval inspector's query: the very function that runs before every stage and chat reply, with
 * the same filters and scoring. Defaults (top_k from settings, episodic source kinds, mode auto) are
 * the stages' own.
 */
export const POST = route(async (req) => {
  const c = getContainer();
  const input = await readJson(req, memorySearchInput, c.settings.http.max_body_bytes);
  const scope = await c.memory.checkScope(input);
  const { snippets, mode } = await c.memory.search({
    query: input.query,
    ...scope,
    topK: input.top_k ?? c.settings.retrieval.top_k,
    sourceKinds: input.source_kinds,
    mode: input.mode,
  });
  return Response.json({ query: input.query, mode, items: snippets.map(snippetJson) });
});
