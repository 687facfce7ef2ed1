import { getContainer } from "@/lib/container";
import { presentRun } from "@/lib/http/presenters";
import { authorized } from "@/app/api/v1/_authorized";

export const dynamic = "force-dynamic";

export const GET = authorized("read", async (_req, { threadId }) => {
  const runs = await getContainer().runs.listThreadRuns(threadId);
  return Response.json({ items: runs.map((r) => presentRun(r)) });
});
