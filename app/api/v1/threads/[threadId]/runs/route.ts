import { getContainer } from "@/lib/container";
import { presentRun } from "@/lib/http/presenters";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route(async (_req, { threadId }) => {
  const runs = await getContainer().runs.listThreadRuns(threadId);
  return Response.json({ items: runs.map((r) => presentRun(r)) });
});
