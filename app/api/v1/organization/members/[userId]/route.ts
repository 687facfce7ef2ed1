import { roleInput } from "@/lib/domain/accounts";
import { getContainer } from "@/lib/container";
import { readJson } from "@/lib/http/readJson";
import { authorized } from "@/app/api/v1/_authorized";

export const dynamic = "force-dynamic";

/** Changes a member's role (owners); the last owner stays an owner (409). */
export const PATCH = authorized("manage", async (req, { userId }, actor) => {
  const c = getContainer();
  const input = await readJson(req, roleInput, c.settings.http.max_body_bytes);
  await c.organization.setRole(actor, userId, input.role);
  return new Response(null, { status: 204 });
});

/** Removes a member (owners), or leaves (anyone, for themself); their sessions and tokens end. */
export const DELETE = authorized("account", async (_req, { userId }, actor) => {
  await getContainer().organization.removeMember(actor, userId);
  return new Response(null, { status: 204 });
});
