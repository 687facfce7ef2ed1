import { getContainer } from "@/lib/container";
import { presentRun } from "@/lib/http/presenters";
import { authorized } from "@/app/api/v1/_authorized";

export const dynamic = "force-dynamic";

export const GET = authorized("read", async (_req, { runId }) => {
  const { run, artifacts, decisions, feedback } = await getContainer().runs.runDetails(runId);
  return Response.json(presentRun(run, { artifacts, decisions, feedback }));
});
