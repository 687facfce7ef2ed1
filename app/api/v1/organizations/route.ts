import { organizationCreateInput } from "@/lib/domain/accounts";
import { getContainer } from "@/lib/container";
import { presentOrganization } from "@/lib/http/presenters";
import { readJson } from "@/lib/http/readJson";
import { authorized } from "@/app/api/v1/_authorized";
import { sessionSecret } from "@/app/api/v1/_session";

export const dynamic = "force-dynamic";

/** A new organization owned by the caller (a session continues in it); its brands are its own from the start. */
export const POST = authorized("account", async (req, _params, actor) => {
  const c = getContainer();
  const input = await readJson(req, organizationCreateInput, c.settings.http.max_body_bytes);
  return Response.json(presentOrganization(await c.account.createOrganization(actor, input.name, sessionSecret(req))), { status: 201 });
});
