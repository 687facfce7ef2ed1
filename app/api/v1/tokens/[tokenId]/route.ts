import { getContainer } from "@/lib/container";
import { authorized } from "@/app/api/v1/_authorized";

export const dynamic = "force-dynamic";

/** Revokes the token: the next request made with it is a 401. */
export const DELETE = authorized("account", async (_req, { tokenId }, actor) => {
  await getContainer().account.revokeToken(actor, tokenId);
  return new Response(null, { status: 204 });
});
