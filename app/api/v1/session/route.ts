import { signInInput, switchOrganizationInput } from "@/lib/domain/accounts";
import { getContainer } from "@/lib/container";
import { presentSession, presentSignedIn } from "@/lib/http/presenters";
import { readJson } from "@/lib/http/readJson";
import { authorized, publicRoute } from "@/app/api/v1/_authorized";
import { clearSessionCookie, clientAddress, requireHosted, sessionCookie, sessionSecret } from "@/app/api/v1/_session";

export const dynamic = "force-dynamic";

/** Who is signed in (or whose token this is), in which organization, with which role. */
export const GET = authorized("read", async (_req, _params, actor) => Response.json(presentSession(actor, await getContainer().account.whoAmI(actor))));

/** Sign-in: sets the session cookie. 401 for a wrong e-mail or password, 429 (with the time) once locked. */
export const POST = publicRoute(async (req) => {
  requireHosted();
  const c = getContainer();
  const input = await readJson(req, signInInput, c.settings.http.max_body_bytes);
  const signedIn = await c.account.signIn(input, clientAddress(req));
  return Response.json(presentSignedIn(signedIn), { headers: { "set-cookie": sessionCookie(req, signedIn) } });
});

/** Continues the session in another organization the person belongs to. */
export const PATCH = authorized("account", async (req, _params, actor) => {
  const c = getContainer();
  const input = await readJson(req, switchOrganizationInput, c.settings.http.max_body_bytes);
  const moved = await c.account.switchOrganization(actor, input.organization_id, sessionSecret(req));
  return Response.json(presentSession(moved, await c.account.whoAmI(moved)));
});

/** Sign-out: ends the session on the server and clears the cookie. */
export const DELETE = publicRoute(async (req) => {
  requireHosted();
  await getContainer().account.signOut(sessionSecret(req));
  return new Response(null, { status: 204, headers: { "set-cookie": clearSessionCookie(req) } });
});
