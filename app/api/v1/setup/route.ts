import { setupInput } from "@/lib/domain/accounts";
import { getContainer } from "@/lib/container";
import { presentSignedIn } from "@/lib/http/presenters";
import { readJson } from "@/lib/http/readJson";
import { publicRoute } from "@/app/api/v1/_authorized";
import { requireHosted, sessionCookie } from "@/app/api/v1/_session";

export const dynamic = "force-dynamic";

/** The first owner, from the one-time setup link a fresh deployment prints to its log. Signs them in. */
export const POST = publicRoute(async (req) => {
  requireHosted();
  const c = getContainer();
  const input = await readJson(req, setupInput, c.settings.http.max_body_bytes);
  const signedIn = await c.account.setup(input);
  return Response.json(presentSignedIn(signedIn), { status: 201, headers: { "set-cookie": sessionCookie(req, signedIn) } });
});
