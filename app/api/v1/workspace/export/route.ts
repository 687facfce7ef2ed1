import { Readable } from "node:stream";
import { getContainer } from "@/lib/container";
import { exportQuery, queryOf } from "@/lib/http/querySchemas";
import { parseWith } from "@/lib/http/readJson";
import { authorized } from "@/app/api/v1/_authorized";

export const dynamic = "force-dynamic";

/** The whole workspace (or `?brand_id=` one brand with its products, threads, runs) as a .tar.gz download. */
export const GET = authorized("read", async (req, _params, actor) => {
  const q = parseWith(exportQuery, queryOf(req));
  const c = getContainer();
  if (q.brand_id) await c.access.requireOwned(actor, "brand", q.brand_id);
  const visible = await c.access.visibleBrands(actor);
  const scope = q.brand_id
    ? { kind: "brand" as const, brandId: q.brand_id }
    : visible && actor.organizationId
      ? { kind: "organization" as const, organizationId: actor.organizationId, brandIds: [...visible] }
      : undefined;
  const { stream, fileName } = await c.transfer.exportArchive(scope);
  return new Response(Readable.toWeb(Readable.from(stream)) as ReadableStream, {
    headers: { "content-type": "application/gzip", "content-disposition": `attachment; filename="${fileName}"` },
  });
});
