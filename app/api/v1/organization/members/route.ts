import { getContainer } from "@/lib/container";
import { presentMember } from "@/lib/http/presenters";
import { authorized } from "@/app/api/v1/_authorized";

export const dynamic = "force-dynamic";

export const GET = authorized("read", async (_req, _params, actor) => {
  const members = await getContainer().organization.members(actor);
  return Response.json({ items: members.map(presentMember) });
});
