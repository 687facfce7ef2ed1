import { getContainer } from "@/lib/container";
import { readBodyStream } from "@/lib/http/readBodyStream";
import { queryFlag, route } from "@/lib/http/route";
import { idempotent } from "@/app/api/v1/_idempotent";

export const dynamic = "force-dynamic";

/**
 * Imports an archive made by the export (body: the .tar.gz). Verified whole first; applied all or
 * nothing; `?merge=true` keeps and reports what already exists instead of refusing.
 */
export const POST = idempotent("POST /api/v1/workspace/import", route(async (req) => {
  const c = getContainer();
  const body = readBodyStream(req, /^application\/(gzip|x-gzip|octet-stream)\b/i, c.settings.transfer.max_archive_bytes);
  const report = await c.transfer.importArchive(body, { merge: queryFlag(req, "merge") });
  return Response.json(report);
}), "archive");
