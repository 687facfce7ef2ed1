import { acceptInviteInput } from "@/lib/domain/accounts";
import { getContainer } from "@/lib/container";
import { presentSignedIn } from "@/lib/http/presenters";
import { readJson } from "@/lib/http/readJson";
import { publicRoute } from "@/app/api/v1/_authorized";
import { clientAddress, requireHosted, sessionCookie } from "@/app/api/v1/_session";

export const dynamic = "force-dynamic";

/** Joins the organization the link invites to and signs in (a new password, or an existing account's). */
export const POST = publicRoute(async (req) => {
  requireHosted();
  const c = getContainer();
  const input = await readJson(req, acceptInviteInput, c.settings.http.max_body_bytes);
  const signedIn = await c.organization.accept(input, clientAddress(req));
  return Response.json(presentSignedIn(signedIn), { status: 201, headers: { "set-cookie": sessionCookie(req, signedIn) } });
});
