import { tokenCreateInput } from "@/lib/domain/accounts";
import { getContainer } from "@/lib/container";
import { presentToken } from "@/lib/http/presenters";
import { readJson } from "@/lib/http/readJson";
import { authorized } from "@/app/api/v1/_authorized";

export const dynamic = "force-dynamic";

/** The caller's own API tokens (never their secrets). */
export const GET = authorized("read", async (_req, _params, actor) => {
  const items = await getContainer().account.listTokens(actor);
  return Response.json({ items: items.map(presentToken) });
});

/** A new token: `secret` is in this answer only; the server keeps its SHA-256. */
export const POST = authorized("account", async (req, _params, actor) => {
  const c = getContainer();
  const input = await readJson(req, tokenCreateInput, c.settings.http.max_body_bytes);
  const { token, secret } = await c.account.createToken(actor, input);
  return Response.json({ ...presentToken(token), secret }, { status: 201 });
});
