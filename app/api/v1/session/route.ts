import { signInInput } from "@/lib/domain/accounts";
import { getContainer } from "@/lib/container";
import { readJson } from "@/lib/http/readJson";
import { route } from "@/lib/http/route";
import { authorized } from "@/app/api/v1/_authorized";
import { clearSessionCookie, clientAddress, requireHosted, sessionCookie, sessionSecret, signedInJson } from "@/app/api/v1/_session";

export const dynamic = "force-dynamic";

/** Who is signed in (or whose token this is), in which organization, with which role. */
export const GET = authorized("read", async (_req, _params, actor) => {
  const me = await getContainer().account.whoAmI(actor);
  if (!me) return Response.json({ mode: "local", user: null, organization: null, role: actor.role, via: actor.via, organizations: [] });
  return Response.json({
    mode: "hosted",
    user: { id: me.user.id, email: me.user.email, name: me.user.name },
    organization: { id: me.organization.id, name: me.organization.name, four_eyes: me.organization.fourEyes },
    role: me.role,
    via: me.via,
    organizations: me.organizations.map((m) => ({ id: m.organization.id, name: m.organization.name, role: m.role })),
  });
});

/** Sign-in: sets the session cookie. 401 for a wrong e-mail or password, 429 (with the time) once locked. */
export const POST = route(async (req) => {
  requireHosted();
  const c = getContainer();
  const input = await readJson(req, signInInput, c.settings.http.max_body_bytes);
  const signedIn = await c.account.signIn(input, clientAddress(req));
  return Response.json(signedInJson(signedIn), { headers: { "set-cookie": sessionCookie(req, signedIn) } });
});

/** Sign-out: ends the session on the server and clears the cookie. */
export const DELETE = route(async (req) => {
  requireHosted();
  await getContainer().account.signOut(sessionSecret(req));
  return new Response(null, { status: 204, headers: { "set-cookie": clearSessionCookie(req) } });
});
