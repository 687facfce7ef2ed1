import { getContainer } from "@/lib/container";
import { authorized } from "@/app/api/v1/_authorized";

export const dynamic = "force-dynamic";

export const DELETE = authorized("manage", async (_req, { invitationId }, actor) => {
  await getContainer().organization.revokeInvitation(actor, invitationId);
  return new Response(null, { status: 204 });
});
