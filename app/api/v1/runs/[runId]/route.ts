import { getContainer } from "@/lib/container";
import { presentRun } from "@/lib/http/presenters";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route(async (_req, { runId }) => {
  const { run, artifacts, decisions, feedback } = await getContainer().runs.runDetails(runId);
  return Response.json(presentRun(run, { artifacts, decisions, feedback }));
});
