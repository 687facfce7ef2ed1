import { rerunInput } from "@/lib/domain/run";
import { getContainer } from "@/lib/container";
import { presentRerunPlan, presentRun } from "@/lib/http/presenters";
import { queryOf, rerunPlanQuery } from "@/lib/http/querySchemas";
import { parseWith, readJson } from "@/lib/http/readJson";
import { idempotent } from "@/app/api/v1/_idempotent";
import { stampOf } from "@/lib/domain/access";
import { authorized } from "@/app/api/v1/_authorized";

export const dynamic = "force-dynamic";

/** What a re-run from `from_stage_id` would reuse and run, with its estimated tokens. Changes nothing. */
export const GET = authorized("read", async (req, { runId }) => {
  const q = parseWith(rerunPlanQuery, queryOf(req));
  const plan = await getContainer().runs.planRerun(runId, { fromStageId: q.from_stage_id, stackVersion: q.stack_version });
  return Response.json(presentRerunPlan(runId, plan));
});

/** 202: a new run of the campaign that reuses the original's settled stages before `from_stage_id`. */
export const POST = idempotent("POST /api/v1/runs/{runId}/rerun", authorized("edit", async (req, { runId }, actor) => {
  const c = getContainer();
  const input = await readJson(req, rerunInput, c.settings.http.max_body_bytes);
  const run = await c.runs.rerun(runId, input, stampOf(actor));
  return Response.json(presentRun(run), { status: 202, headers: { location: `/api/v1/runs/${run.id}` } });
}));
