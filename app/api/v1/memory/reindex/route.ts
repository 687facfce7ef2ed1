import { getContainer } from "@/lib/container";
import { authorized } from "@/app/api/v1/_authorized";

export const dynamic = "force-dynamic";

/** Drops the memory index and rebuilds it from SQLite and the files; answers when it is done. */
export const POST = authorized("administer", async () => {
  const r = await getContainer().memory.reindex();
  return Response.json({ chunks: r.chunks, embedded_chunks: r.embedded, took_ms: r.tookMs });
});
