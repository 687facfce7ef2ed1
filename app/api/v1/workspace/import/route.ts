import { getContainer } from "@/lib/container";
import type { OwnedKind } from "@/lib/domain/accounts";
import { readBodyStream } from "@/lib/http/readBodyStream";
import { queryFlag } from "@/lib/http/route";
import { idempotent } from "@/app/api/v1/_idempotent";
import { authorized } from "@/app/api/v1/_authorized";

export const dynamic = "force-dynamic";

/**
 * Imports an archive made by the export (body: the .tar.gz). Verified whole first; applied all or
 * nothing; `?merge=true` keeps and reports what already exists instead of refusing.
 */
export const POST = idempotent("POST /api/v1/workspace/import", authorized("manage", async (req, _params, actor) => {
  const c = getContainer();
  const body = readBodyStream(req, /^application\/(gzip|x-gzip|octet-stream)\b/i, c.settings.transfer.max_archive_bytes);
  const report = await c.transfer.importArchive(body, {
    merge: queryFlag(req, "merge"),
    organizationId: actor.organizationId,
    ...(actor.organizationId && { whose: (kind: OwnedKind, id: string) => c.access.whose(actor, kind, id) }),
  });
  await c.organization.audit(actor, "workspace.imported", { imported: report.imported, files: report.files, conflicts: report.conflicts.length });
  return Response.json(report);
}), "archive");
