import { getContainer } from "@/lib/container";
import { presentMemoryStatus } from "@/lib/http/presenters";
import { authorized } from "@/app/api/v1/_authorized";

export const dynamic = "force-dynamic";

export const GET = authorized("read", async (_req, _params, actor) => {
  const c = getContainer();
  return Response.json(presentMemoryStatus(await c.memory.status(actor.organizationId ? (kind, id) => c.access.owns(actor, kind, id) : undefined), c.eventLoop.snapshot()));
});
