import * as runs from "@/app/api/v1/runs/route";
import * as run from "@/app/api/v1/runs/[runId]/route";
import * as approve from "@/app/api/v1/runs/[runId]/approve/route";
import * as skip from "@/app/api/v1/runs/[runId]/skip/route";
import * as retry from "@/app/api/v1/runs/[runId]/retry/route";
import * as cancel from "@/app/api/v1/runs/[runId]/cancel/route";
import * as rerun from "@/app/api/v1/runs/[runId]/rerun/route";
import * as resume from "@/app/api/v1/runs/[runId]/resume/route";
import * as compare from "@/app/api/v1/compare/route";
import * as pkg from "@/app/api/v1/runs/[runId]/package/route";
import * as artifact from "@/app/api/v1/runs/[runId]/artifacts/[artifactId]/route";
import * as attempt from "@/app/api/v1/runs/[runId]/stages/[stageId]/attempts/[n]/route";
import * as threadRuns from "@/app/api/v1/threads/[threadId]/runs/route";
import * as threadApproved from "@/app/api/v1/threads/[threadId]/approved/route";
import * as stacks from "@/app/api/v1/stacks/route";
import * as events from "@/app/api/v1/events/route";
import { getContainer } from "@/lib/container";
import { callRoute } from "./callRoute";

/** The run API, through the real route handlers. */
export const runApi = {
  stacks: () => callRoute(stacks.GET, "GET", "/api/v1/stacks"),
  start: (body: unknown, headers?: Record<string, string>) => callRoute(runs.POST, "POST", "/api/v1/runs", { body, headers }),
  get: (runId: string) => callRoute(run.GET, "GET", `/api/v1/runs/${runId}`, { params: { runId } }),
  list: (threadId: string) => callRoute(threadRuns.GET, "GET", `/api/v1/threads/${threadId}/runs`, { params: { threadId } }),
  approved: (threadId: string) => callRoute(threadApproved.GET, "GET", `/api/v1/threads/${threadId}/approved`, { params: { threadId } }),
  approve: (runId: string, body: unknown, headers?: Record<string, string>) =>
    callRoute(approve.POST, "POST", `/api/v1/runs/${runId}/approve`, { body, headers, params: { runId } }),
  planRerun: (runId: string, query: string) => callRoute(rerun.GET, "GET", `/api/v1/runs/${runId}/rerun`, { query, params: { runId } }),
  rerun: (runId: string, body: unknown, headers?: Record<string, string>) =>
    callRoute(rerun.POST, "POST", `/api/v1/runs/${runId}/rerun`, { body, headers, params: { runId } }),
  resume: (runId: string, body: unknown, headers?: Record<string, string>) =>
    callRoute(resume.POST, "POST", `/api/v1/runs/${runId}/resume`, { body, headers, params: { runId } }),
  compare: (left: string, right: string) =>
    callRoute(compare.GET, "GET", "/api/v1/compare", { query: `left=${encodeURIComponent(left)}&right=${encodeURIComponent(right)}` }),
  skip: (runId: string, body: unknown) => callRoute(skip.POST, "POST", `/api/v1/runs/${runId}/skip`, { body, params: { runId } }),
  retry: (runId: string, body: unknown) => callRoute(retry.POST, "POST", `/api/v1/runs/${runId}/retry`, { body, params: { runId } }),
  cancel: (runId: string) => callRoute(cancel.POST, "POST", `/api/v1/runs/${runId}/cancel`, { params: { runId } }),
  package: (runId: string) => callRoute(pkg.GET, "GET", `/api/v1/runs/${runId}/package`, { params: { runId } }),
  artifact: (runId: string, artifactId: string) =>
    callRoute(artifact.GET, "GET", `/api/v1/runs/${runId}/artifacts/${artifactId}`, { params: { runId, artifactId } }),
  attempt: (runId: string, stageId: string, n: number | string) =>
    callRoute(attempt.GET, "GET", `/api/v1/runs/${runId}/stages/${stageId}/attempts/${n}`, { params: { runId, stageId, n: String(n) } }),
  /** Opens the SSE stream; the caller reads and cancels the body. */
  events: (query: string, lastEventId?: string) =>
    events.GET(
      new Request(`http://127.0.0.1/api/v1/events?${query}`, { headers: lastEventId ? { "last-event-id": lastEventId } : {} }),
      { params: Promise.resolve({}) },
    ),
  /** Waits until the engine has nothing left to do (the run waits at a gate, failed, or ended). */
  settle: () => getContainer().engine.idle(),
};
