import { getContainer } from "@/lib/container";
import { authorized } from "@/app/api/v1/_authorized";
import { memberJson } from "@/app/api/v1/_people";

export const dynamic = "force-dynamic";

export const GET = authorized("read", async (_req, _params, actor) => {
  const members = await getContainer().organization.members(actor);
  return Response.json({ items: members.map(memberJson) });
});
