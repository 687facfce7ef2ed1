import { getContainer } from "@/lib/container";
import { presentMemoryStatus } from "@/lib/http/presenters";
import { authorized } from "@/app/api/v1/_authorized";

export const dynamic = "force-dynamic";

export const GET = authorized("read", async () => {
  const c = getContainer();
  return Response.json(presentMemoryStatus(await c.memory.status(), c.eventLoop.snapshot()));
});
