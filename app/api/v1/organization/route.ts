import { organizationPatchInput } from "@/lib/domain/accounts";
import { getContainer } from "@/lib/container";
import { presentOrganization } from "@/lib/http/presenters";
import { readJson } from "@/lib/http/readJson";
import { authorized } from "@/app/api/v1/_authorized";

export const dynamic = "force-dynamic";

export const GET = authorized("read", async (_req, _params, actor) => Response.json(presentOrganization(await getContainer().organization.get(actor))));

/** The organization's name and its "four eyes" setting (owners). */
export const PATCH = authorized("manage", async (req, _params, actor) => {
  const c = getContainer();
  const input = await readJson(req, organizationPatchInput, c.settings.http.max_body_bytes);
  return Response.json(presentOrganization(await c.organization.update(actor, input)));
});
