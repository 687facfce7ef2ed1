import { Readable } from "node:stream";
import { z } from "zod";
import { idPattern } from "@/lib/domain/ids";
import { getContainer } from "@/lib/container";
import { parseWith } from "@/lib/http/readJson";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

const query = z.strictObject({ brand_id: z.string().regex(idPattern("brand"), "not a brand id").optional() });

/** The whole workspace (or `?brand_id=` one brand with its products, threads, runs) as a .tar.gz download. */
export const GET = route(async (req) => {
  const q = parseWith(query, Object.fromEntries(new URL(req.url).searchParams));
  const { stream, fileName } = await getContainer().transfer.exportArchive(q.brand_id ? { brandId: q.brand_id } : undefined);
  return new Response(Readable.toWeb(Readable.from(stream)) as ReadableStream, {
    headers: { "content-type": "application/gzip", "content-disposition": `attachment; filename="${fileName}"` },
  });
});
