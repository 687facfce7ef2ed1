import { inviteInput } from "@/lib/domain/accounts";
import { getContainer } from "@/lib/container";
import { presentInvitation } from "@/lib/http/presenters";
import { readJson } from "@/lib/http/readJson";
import { authorized } from "@/app/api/v1/_authorized";

export const dynamic = "force-dynamic";

export const GET = authorized("manage", async (_req, _params, actor) => {
  const items = await getContainer().organization.invitations(actor);
  return Response.json({ items: items.map(presentInvitation) });
});

/** Invites by link, mailed (or printed to the server log) and answered once here for the owner to pass on. */
export const POST = authorized("manage", async (req, _params, actor) => {
  const c = getContainer();
  const input = await readJson(req, inviteInput, c.settings.http.max_body_bytes);
  const { invitation, link } = await c.organization.invite(actor, input);
  return Response.json({ ...presentInvitation(invitation), link }, { status: 201 });
});
