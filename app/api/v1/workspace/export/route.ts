import { Readable } from "node:stream";
import { getContainer } from "@/lib/container";
import { exportQuery, queryOf } from "@/lib/http/querySchemas";
import { parseWith } from "@/lib/http/readJson";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** The whole workspace (or `?brand_id=` one brand with its products, threads, runs) as a .tar.gz download. */
export const GET = route(async (req) => {
  const q = parseWith(exportQuery, queryOf(req));
  const { stream, fileName } = await getContainer().transfer.exportArchive(q.brand_id ? { brandId: q.brand_id } : undefined);
  return new Response(Readable.toWeb(Readable.from(stream)) as ReadableStream, {
    headers: { "content-type": "application/gzip", "content-disposition": `attachment; filename="${fileName}"` },
  });
});
