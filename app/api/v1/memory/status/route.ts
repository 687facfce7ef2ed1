import { getContainer } from "@/lib/container";
import { presentMemoryStatus } from "@/lib/http/presenters";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route(async () => {
  const c = getContainer();
  return Response.json(presentMemoryStatus(await c.memory.status(), c.eventLoop.snapshot()));
});
