import type { Prisma } from "../../../generated/prisma/client";
import type { RunRepository } from "../../domain/ports";
import type { Checks } from "../../domain/guard/findings";
import type { Artifact, Attempt, Decision, Feedback, RerunOrigin, Run, RunError, RunPause, StageRun } from "../../domain/run";
import { OPEN_ATTEMPT_STATUSES, runStatusesInto, stageStatusesInto } from "../../domain/runStateMachine";
import type { Db } from "./database";

type Client = Db | Prisma.TransactionClient;

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const json = <T>(s: string | null): T | null => (s ? (JSON.parse(s) as T) : null);

const runInclude = { stages: { orderBy: { position: "asc" }, include: { attempts: { orderBy: { n: "asc" } } } } } as const;
type RunRow = Prisma.RunGetPayload<{ include: typeof runInclude }>;
type AttemptRow = RunRow["stages"][number]["attempts"][number];

const toAttempt = (a: AttemptRow): Attempt => ({
  id: a.id,
  n: a.n,
  status: a.status as Attempt["status"],
  feedback: a.feedback,
  artifactPath: a.artifactPath,
  snapshotPath: a.snapshotPath,
  usage:
    a.totalTokens === null
      ? null
      : { promptTokens: a.promptTokens ?? 0, completionTokens: a.completionTokens ?? 0, totalTokens: a.totalTokens },
  latencyMs: a.latencyMs,
  error: json<RunError>(a.error),
  checks: json<Checks>(a.checks),
  batch: a.batch,
  startedAt: a.startedAt.toISOString(),
  finishedAt: iso(a.finishedAt),
});

const toRun = (r: RunRow): Run => ({
  id: r.id,
  threadId: r.threadId,
  stack: r.stack,
  stackPath: r.stackPath,
  status: r.status as Run["status"],
  request: r.request,
  currentStage: r.currentStage,
  error: json<RunError>(r.error),
  lastEventSeq: r.lastEventSeq,
  claimedBy: r.claimedBy,
  budget: { tokens: r.budgetTokens, seconds: r.budgetSeconds },
  pause: json<RunPause>(r.pause),
  rerun: json<RerunOrigin>(r.rerun),
  startedBy: r.startedBy,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
  finishedAt: iso(r.finishedAt),
  stages: r.stages.map(
    (s): StageRun => ({
      rowId: s.id,
      id: s.stageId,
      position: s.position,
      title: s.title,
      status: s.status as StageRun["status"],
      approvalRequired: s.approvalRequired,
      dependsOn: JSON.parse(s.dependsOn) as string[],
      output: s.output,
      variants: s.variants,
      chosenAttempt: s.chosenAttempt,
      attempts: s.attempts.map(toAttempt),
      updatedAt: s.updatedAt.toISOString(),
    }),
  ),
});

const toArtifact = (a: Prisma.ArtifactGetPayload<object>): Artifact => ({
  id: a.id,
  runId: a.runId,
  stageId: a.stageId,
  attempt: a.attempt,
  kind: a.kind as Artifact["kind"],
  relativePath: a.relativePath,
  contentType: a.contentType,
  sha256: a.sha256,
  bytes: a.bytes,
  checks: json<Checks>(a.checks),
  reusedFrom: json<Artifact["reusedFrom"]>(a.reusedFrom),
  createdAt: a.createdAt.toISOString(),
});

const toDecision = (d: Prisma.DecisionGetPayload<object>): Decision => ({
  id: d.id,
  runId: d.runId,
  stageId: d.stageId,
  action: d.action as Decision["action"],
  comment: d.comment,
  artifactId: d.artifactId,
  overrideReason: d.overrideReason,
  overrides: json<string[]>(d.overrides),
  chosenAttempt: d.chosenAttempt,
  rejectedAttempts: json<number[]>(d.rejectedAttempts),
  by: d.actorId && d.actorEmail ? { id: d.actorId, email: d.actorEmail } : null,
  createdAt: d.createdAt.toISOString(),
});

export function prismaRunRepository(db: Client): RunRepository {
  async function stageRowId(runId: string, stageId: string): Promise<string> {
    const row = await db.stage.findUnique({ where: { runId_stageId: { runId, stageId } }, select: { id: true } });
    if (!row) throw new Error(`stage ${stageId} of run ${runId} does not exist`);
    return row.id;
  }

  return {
    async insert(run) {
      await db.run.create({
        data: {
          id: run.id,
          threadId: run.threadId,
          stack: run.stack,
          stackPath: run.stackPath,
          status: run.status,
          request: run.request,
          currentStage: run.currentStage,
          error: run.error ? JSON.stringify(run.error) : null,
          lastEventSeq: run.lastEventSeq,
          claimedBy: run.claimedBy,
          startedBy: run.startedBy ?? null,
          budgetTokens: run.budget.tokens,
          budgetSeconds: run.budget.seconds,
          pause: run.pause ? JSON.stringify(run.pause) : null,
          rerun: run.rerun ? JSON.stringify(run.rerun) : null,
          createdAt: new Date(run.createdAt),
          updatedAt: new Date(run.updatedAt),
          stages: {
            create: run.stages.map((s) => ({
              id: s.rowId,
              stageId: s.id,
              position: s.position,
              title: s.title,
              status: s.status,
              approvalRequired: s.approvalRequired,
              dependsOn: JSON.stringify(s.dependsOn),
              output: s.output,
              variants: s.variants,
              chosenAttempt: s.chosenAttempt,
              createdAt: new Date(run.createdAt),
              updatedAt: new Date(s.updatedAt),
            })),
          },
        },
      });
    },
    async get(id) {
      const row = await db.run.findUnique({ where: { id }, include: runInclude });
      return row ? toRun(row) : null;
    },
    async listByThread(threadId) {
      return (await db.run.findMany({ where: { threadId }, include: runInclude, orderBy: { createdAt: "desc" } })).map(toRun);
    },
    async listByStatus(status) {
      return (await db.run.findMany({ where: { status }, include: runInclude, orderBy: { createdAt: "asc" } })).map(toRun);
    },
    async moveRun(id, to, patch) {
      const { count } = await db.run.updateMany({
        where: { id, status: { in: runStatusesInto(to) } },
        data: {
          status: to,
          ...(patch.currentStage !== undefined && { currentStage: patch.currentStage }),
          ...(patch.error !== undefined && { error: patch.error ? JSON.stringify(patch.error) : null }),
          ...(patch.finishedAt !== undefined && { finishedAt: patch.finishedAt ? new Date(patch.finishedAt) : null }),
          ...(patch.pause !== undefined && { pause: patch.pause ? JSON.stringify(patch.pause) : null }),
          ...(patch.budget !== undefined && { budgetTokens: patch.budget.tokens, budgetSeconds: patch.budget.seconds }),
          updatedAt: new Date(patch.updatedAt),
        },
      });
      return count === 1;
    },
    async chooseAttempt(runId, stageId, attempt) {
      await db.stage.update({ where: { runId_stageId: { runId, stageId } }, data: { chosenAttempt: attempt } });
    },
    async setCurrentStage(id, stageId, updatedAt) {
      await db.run.update({ where: { id }, data: { currentStage: stageId, updatedAt: new Date(updatedAt) } });
    },
    async claim(id, owner, expectedOwner) {
      const { count } = await db.run.updateMany({
        where: { id, claimedBy: expectedOwner },
        data: { claimedBy: owner, claimedAt: new Date() },
      });
      return count === 1;
    },
    async nextEventSeq(id) {
      const row = await db.run.update({ where: { id }, data: { lastEventSeq: { increment: 1 } }, select: { lastEventSeq: true } });
      return row.lastEventSeq;
    },
    async moveStage(runId, stageId, to, updatedAt) {
      const { count } = await db.stage.updateMany({
        where: { runId, stageId, status: { in: stageStatusesInto(to) } },
        data: { status: to, updatedAt: new Date(updatedAt) },
      });
      return count === 1;
    },
    async insertAttempt(runId, stageId, a) {
      await db.stageAttempt.create({
        data: {
          id: a.id,
          stageRowId: await stageRowId(runId, stageId),
          n: a.n,
          status: a.status,
          feedback: a.feedback,
          artifactPath: a.artifactPath,
          snapshotPath: a.snapshotPath,
          batch: a.batch,
          startedAt: new Date(a.startedAt),
        },
      });
    },
    async closeAttempt(attemptId, p) {
      const { count } = await db.stageAttempt.updateMany({
        where: { id: attemptId, status: { in: OPEN_ATTEMPT_STATUSES } },
        data: {
          status: p.status,
          ...(p.artifactPath !== undefined && { artifactPath: p.artifactPath }),
          ...(p.snapshotPath !== undefined && { snapshotPath: p.snapshotPath }),
          ...(p.usage !== undefined && {
            promptTokens: p.usage?.promptTokens ?? null,
            completionTokens: p.usage?.completionTokens ?? null,
            totalTokens: p.usage?.totalTokens ?? null,
          }),
          ...(p.latencyMs !== undefined && { latencyMs: p.latencyMs }),
          ...(p.error !== undefined && { error: p.error ? JSON.stringify(p.error) : null }),
          ...(p.checks !== undefined && { checks: p.checks ? JSON.stringify(p.checks) : null }),
          ...(p.finishedAt !== undefined && { finishedAt: p.finishedAt ? new Date(p.finishedAt) : null }),
        },
      });
      return count === 1;
    },
    async insertArtifact(a) {
      await db.artifact.create({
        data: { ...a, checks: a.checks ? JSON.stringify(a.checks) : null, reusedFrom: a.reusedFrom ? JSON.stringify(a.reusedFrom) : null, createdAt: new Date(a.createdAt) },
      });
    },
    async listArtifacts(runId) {
      return (await db.artifact.findMany({ where: { runId }, orderBy: { createdAt: "asc" } })).map(toArtifact);
    },
    async insertDecision(d) {
      const { by, ...rest } = d;
      await db.decision.create({
        data: {
          ...rest,
          actorId: by?.id ?? null,
          actorEmail: by?.email ?? null,
          overrides: d.overrides ? JSON.stringify(d.overrides) : null,
          rejectedAttempts: d.rejectedAttempts ? JSON.stringify(d.rejectedAttempts) : null,
          createdAt: new Date(d.createdAt),
        },
      });
    },
    async listDecisions(runId) {
      return (await db.decision.findMany({ where: { runId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] })).map(toDecision);
    },
    async insertFeedback(f) {
      await db.feedback.create({ data: { ...f, createdAt: new Date(f.createdAt) } });
    },
    async listFeedback(runId) {
      return (await db.feedback.findMany({ where: { runId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] })).map(
        (f): Feedback => ({ ...f, verdict: f.verdict as Feedback["verdict"], createdAt: f.createdAt.toISOString() }),
      );
    },
  };
}
