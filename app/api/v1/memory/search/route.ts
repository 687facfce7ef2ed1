import { memorySearchInput } from "@/lib/domain/memory";
import { snippetJson } from "@/lib/domain/retrieval";
import { getContainer } from "@/lib/container";
import { readJson } from "@/lib/http/readJson";
import { authorized } from "@/app/api/v1/_authorized";

export const dynamic = "force-dynamic";

/**
 * The retrieval inspector's query: the very function that runs before every stage and chat reply, with
 * the same filters and scoring. Defaults (top_k from settings, episodic source kinds, mode auto) are
 * the stages' own.
 */
export const POST = authorized("read", async (req, _params, actor) => {
  const c = getContainer();
  const input = await readJson(req, memorySearchInput, c.settings.http.max_body_bytes);
  await c.access.requireOwned(actor, "brand", input.brand_id);
  if (input.product_id) await c.access.requireOwned(actor, "product", input.product_id);
  if (input.thread_id) await c.access.requireOwned(actor, "thread", input.thread_id);
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
