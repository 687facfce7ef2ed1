import { getContainer } from "@/lib/container";
import { presentAuditEntry } from "@/lib/http/presenters";
import { authorized } from "@/app/api/v1/_authorized";

export const dynamic = "force-dynamic";

/** Who did what to the organization: members, roles, invitations, tokens' owners, imports, settings. */
export const GET = authorized("manage", async (_req, _params, actor) => {
  const entries = await getContainer().organization.auditLog(actor);
  return Response.json({ items: entries.map(presentAuditEntry) });
});
