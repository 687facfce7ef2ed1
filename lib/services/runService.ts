import type { ActorStamp } from "../domain/access";
import type { DecidedBy } from "../engine/gateDecisions";
import { readSnapshot, type ReadSnapshot } from "../domain/attemptSnapshot";
import { conflict, DomainError, invalidInput, notFound } from "../domain/errors";
import { isId, newId } from "../domain/ids";
import type { StackCatalog } from "../domain/ports";
import type { ApprovedDeliverable, Feedback, FeedbackInput, RerunInput, RerunOrigin, ResumeInput, Run, RunBudget, StartRunInput, StageRun } from "../domain/run";
import { planRerun, type RerunPlan } from "../domain/rerun";
import { stackFromSnapshot, type Stack } from "../domain/stackDefinition";
import { finalArtifact } from "../domain/finalArtifact";
import { layout } from "../domain/workspaceLayout";
import type { StageDrafts } from "../engine/stageDrafts";
import type { EventBus } from "../engine/eventBus";
import { openEventStream, type EventStream } from "../engine/eventStream";
import type { GateDecisions } from "../engine/gateDecisions";
import type { RunDriver } from "../engine/runDriver";
import { runTransaction } from "../engine/runTransaction";
import type { ServiceDeps } from "./serviceDeps";

export interface RunDeps extends ServiceDeps {
  /** The settings' budgets of a run that does not give its own (null = none). */
  defaultBudget: RunBudget;
  driver: RunDriver;
  decisions: GateDecisions;
  stacks: StackCatalog;
  bus: EventBus;
  drafts: StageDrafts;
  providerConfigured: () => boolean;
}

export type RunService = ReturnType<typeof createRunService>;


export function createRunService(deps: RunDeps) {
  const { repos, blobs, clock } = deps;

  async function requireRun(id: string): Promise<Run> {
    const run = isId("run", id) ? await repos.runs.get(id) : null;
    if (!run) throw notFound("run", id);
    return run;
  }

  /** A malformed id is a 404 before anything is read; the decision itself loads the run once. */
  function requireRunId(id: string): string {
    if (!isId("run", id)) throw notFound("run", id);
    return id;
  }

  /** A run's budgets: what the request says (null: none), else the settings' default. */
  function budgetOf(asked: StartRunInput["budget"]): RunBudget {
    return {
      tokens: asked?.tokens === undefined ? deps.defaultBudget.tokens : asked.tokens,
      seconds: asked?.seconds === undefined ? deps.defaultBudget.seconds : asked.seconds,
    };
  }

  function requireProvider(): void {
    if (!deps.providerConfigured()) {
      throw new DomainError("provider_not_configured", "no LLM provider is configured: set VM_LLM_API_KEY (see Settings or README → LLM provider)");
    }
  }

  /** A run about to start on `stack`: every stage pending, the first one current. */
  function newRun(threadId: string, stack: Stack, request: string, budget: RunBudget, rerun: RerunOrigin | null, by: ActorStamp | null): Run {
    const now = clock.now().toISOString();
    return {
      id: newId("run"),
      threadId,
      stack: stack.name,
      stackPath: stack.path,
      status: "running",
      request,
      currentStage: stack.stages[0].id,
      error: null,
      lastEventSeq: 0,
      claimedBy: null,
      budget,
      pause: null,
      rerun,
      startedBy: by?.id ?? null,
      createdAt: now,
      updatedAt: now,
      finishedAt: null,
      stages: stack.stages.map(
        (s, position): StageRun => ({
          rowId: newId("stage"),
          id: s.id,
          position,
          title: s.title,
          status: "pending",
          approvalRequired: s.approval_required,
          dependsOn: s.depends_on,
          output: s.output,
          variants: s.variants,
          chosenAttempt: null,
          attempts: [],
          updatedAt: now,
        }),
      ),
    };
  }

  /** The original's stack (its snapshot), the current one (null if no longer valid), and the plan. */
  async function rerunPlanOf(original: Run, q: { fromStageId: string; stackVersion: "same" | "current" }): Promise<RerunPlan> {
    const [snapshot, { stacks }, artifacts] = await Promise.all([blobs.read(layout.runStack(original.id)), deps.stacks.load(), repos.runs.listArtifacts(original.id)]);
    if (!snapshot) throw conflict(`run ${original.id} has no stack snapshot to re-run`);
    return planRerun({
      original,
      artifacts,
      originalStack: stackFromSnapshot(JSON.parse(snapshot)),
      currentStack: stacks.find((s) => s.name === original.stack) ?? null,
      fromStageId: q.fromStageId,
      stackVersion: q.stackVersion,
    });
  }

  async function requireThread(id: string) {
    const thread = isId("thread", id) ? await repos.threads.get(id) : null;
    if (!thread) throw notFound("thread", id);
    return thread;
  }

  return {
    listStacks: () => deps.stacks.load(),

    /** Creates the run, its stages and its folder, then lets the engine execute it in the background. */
    async startRun(input: StartRunInput, by: ActorStamp | null = null): Promise<Run> {
      const thread = await requireThread(input.thread_id);
      const { stacks } = await deps.stacks.load();
      const stack = stacks.find((s) => s.name === input.stack);
      if (!stack) {
        throw invalidInput(`unknown stack "${input.stack}"`, [
          { path: "stack", issue: `not one of: ${stacks.map((s) => s.name).join(", ") || "(no valid stack)"}`, code: "unknown_stack" },
        ]);
      }
      requireProvider();
      const run = newRun(thread.id, stack, input.request, budgetOf(input.budget), null, by);
      await runTransaction({ uow: deps.uow, bus: deps.bus, now: clock.now }, run, async (t) => {
        await t.runs.insert(run);
        // The stack as it is now: later edits to stacks/ never change what this run was asked to do.
        await t.files.put(layout.runStack(run.id), JSON.stringify(stack, null, 2) + "\n");
        await t.emit("run.started", { stack: stack.name, stages: stack.stages.map((s) => s.id), request: input.request, ...(by && { by }) });
      });
      void deps.driver.kick(run.id);
      return (await repos.runs.get(run.id))!;
    },

    /** What a re-run from a stage would reuse and run, with the tokens it is expected to take. Changes nothing. */
    planRerun: async (runId: string, q: { fromStageId: string; stackVersion: "same" | "current" }) => rerunPlanOf(await requireRun(runId), q),

    /**
     * A new run of the same campaign: the original's settled stages before `from_stage_id` are taken as
     * they are (approved artifacts copied with `reused_from`, no model call), the rest is executed. From
     * a stage waiting at its gate, this forks the run ("another direction from here"); the original is untouched.
     */
    async rerun(runId: string, input: RerunInput, by: ActorStamp | null = null): Promise<Run> {
      const original = await requireRun(runId);
      const plan = await rerunPlanOf(original, { fromStageId: input.from_stage_id, stackVersion: input.stack_version });
      requireProvider();
      const request = input.request ?? original.request;
      const origin: RerunOrigin = {
        of: original.id,
        from_stage: plan.fromStageId,
        stack_version: plan.stackVersion,
        changed_stages: plan.stackVersion === "current" ? plan.changedStages : [],
      };
      const run = newRun(original.threadId, plan.stack, request, budgetOf(input.budget), origin, by);
      const reused = new Map(plan.reused.map((r) => [r.stageId, r]));
      for (const stage of run.stages) {
        const r = reused.get(stage.id);
        if (r) stage.status = r.as;
      }
      run.currentStage = plan.fromStageId;
      const contents = await Promise.all(plan.reused.map(async (r) => (r.artifact ? ((await blobs.read(r.artifact.relativePath)) ?? "") : "")));
      await runTransaction({ uow: deps.uow, bus: deps.bus, now: clock.now }, run, async (t) => {
        await t.runs.insert(run);
        await t.files.put(layout.runStack(run.id), JSON.stringify(plan.stack, null, 2) + "\n");
        await t.emit("run.started", { stack: plan.stack.name, stages: plan.stack.stages.map((s) => s.id), request, rerun: origin, ...(by && { by }) });
        for (const [i, r] of plan.reused.entries()) {
          const from = r.artifact ? { run_id: original.id, stage_id: r.stageId, attempt: r.artifact.attempt } : null;
          if (r.artifact) {
            const copy = await t.writeArtifact({
              kind: "stage", path: layout.reusedArtifact(run.id, r.stageId), content: contents[i],
              stageId: r.stageId, attempt: null, at: run.createdAt, reusedFrom: from,
            });
            await t.emit("stage.reused", { as: r.as, path: copy.relativePath, reused_from: from }, { stageId: r.stageId });
          } else {
            await t.emit("stage.reused", { as: r.as, reused_from: { run_id: original.id, stage_id: r.stageId, attempt: null } }, { stageId: r.stageId });
          }
        }
      });
      void deps.driver.kick(run.id);
      return (await repos.runs.get(run.id))!;
    },

    /** Continues a run its budget paused, raising the budget by what is asked. */
    resume: (runId: string, input: ResumeInput) => deps.decisions.resume(requireRunId(runId), { tokens: input.raise_tokens, seconds: input.raise_seconds }),

    getRun: requireRun,

    async runDetails(id: string) {
      const run = await requireRun(id);
      const [artifacts, decisions, feedback] = await Promise.all([
        repos.runs.listArtifacts(id),
        repos.runs.listDecisions(id),
        repos.runs.listFeedback(id),
      ]);
      return { run, artifacts, decisions, feedback };
    },

    /** "Worked / did not work" on a run or one of its stages: kept, put in the run's events, and remembered. */
    async addFeedback(input: FeedbackInput): Promise<Feedback> {
      const run = await requireRun(input.run_id);
      const stage = input.stage_id ? run.stages.find((s) => s.id === input.stage_id) : null;
      if (input.stage_id && !stage) throw invalidInput(`run ${run.id} has no stage "${input.stage_id}"`, [{ path: "stage_id", issue: "not a stage of this run", code: "unknown_stage" }]);
      const artifacts = stage ? await repos.runs.listArtifacts(run.id) : [];
      const feedback: Feedback = {
        id: newId("feedback"),
        runId: run.id,
        stageId: stage?.id ?? null,
        artifactId: stage ? (artifacts.filter((a) => a.stageId === stage.id && a.kind !== "package").at(-1)?.id ?? null) : null,
        verdict: input.verdict,
        comment: input.comment ?? null,
        createdAt: clock.now().toISOString(),
      };
      await runTransaction({ uow: deps.uow, bus: deps.bus, now: clock.now }, run, async (t) => {
        await t.runs.insertFeedback(feedback);
        await t.emit("feedback", { id: feedback.id, verdict: feedback.verdict, comment: feedback.comment, artifact_id: feedback.artifactId }, stage ? { stageId: stage.id } : {});
      });
      return feedback;
    },

    async listThreadRuns(threadId: string): Promise<Run[]> {
      await requireThread(threadId);
      return repos.runs.listByThread(threadId);
    },

    /** The campaign's latest approved deliverable of each stack stage (the reviewer's edit when there is one). */
    async approvedInThread(threadId: string): Promise<ApprovedDeliverable[]> {
      await requireThread(threadId);
      const out = new Map<string, ApprovedDeliverable>();
      for (const run of await repos.runs.listByThread(threadId)) {
        const artifacts = await repos.runs.listArtifacts(run.id);
        for (const stage of run.stages) {
          const a = finalArtifact(artifacts, stage);
          const key = `${run.stack}/${stage.id}`;
          if (!a || (out.get(key)?.createdAt ?? "") >= a.createdAt) continue;
          out.set(key, { stack: run.stack, stageId: stage.id, stageTitle: stage.title, runId: run.id, artifactId: a.id, edited: a.kind === "edit", createdAt: a.createdAt });
        }
      }
      return [...out.values()].sort((x, y) => (x.createdAt < y.createdAt ? 1 : -1));
    },

    /** The audit record of one attempt: exactly what the model got and answered (or, from an older version, what it wrote). */
    async getAttemptSnapshot(runId: string, stageId: string, n: number): Promise<ReadSnapshot> {
      const run = await requireRun(runId);
      const stage = run.stages.find((s) => s.id === stageId);
      const attempt = stage?.attempts.find((a) => a.n === n);
      if (!stage || !attempt?.snapshotPath) throw notFound("attempt", `${stageId}/${n}`);
      const text = await blobs.read(attempt.snapshotPath);
      if (!text) throw notFound("snapshot", `${stageId}/${n}`);
      return readSnapshot(JSON.parse(text));
    },

    async readArtifact(runId: string, artifactId: string) {
      await requireRun(runId);
      const artifact = (await repos.runs.listArtifacts(runId)).find((a) => a.id === artifactId);
      if (!artifact) throw notFound("artifact", artifactId);
      return { artifact, content: (await blobs.read(artifact.relativePath)) ?? "" };
    },

    async readPackage(runId: string) {
      const run = await requireRun(runId);
      const pkg = (await repos.runs.listArtifacts(runId)).find((a) => a.kind === "package");
      if (!pkg) throw notFound("package of run", runId);
      return { run, content: (await blobs.read(pkg.relativePath)) ?? "" };
    },

    approve: (runId: string, stageId: string, o: { editedMarkdown?: string; comment?: string; overrideReason?: string; attempt?: number; who?: DecidedBy }) =>
      deps.decisions.approve(requireRunId(runId), stageId, o),
    skip: (runId: string, stageId: string, o: { comment?: string; who?: DecidedBy }) => deps.decisions.skip(requireRunId(runId), stageId, o),
    retry: (runId: string, stageId: string, o: { feedback?: string; who?: DecidedBy }) => {
      requireProvider();
      return deps.decisions.retry(requireRunId(runId), stageId, o);
    },
    cancel: (runId: string, o: { comment?: string; by?: ActorStamp | null }) => deps.decisions.cancel(requireRunId(runId), o),

    /** Live events of a run or a thread, replaying what a reconnecting client missed (Last-Event-ID). */
    async openEvents(scope: { runId?: string; threadId?: string }, lastEventId: string | null): Promise<EventStream> {
      if (scope.runId) {
        await requireRun(scope.runId);
        const seq = lastEventId && /^\d+$/.test(lastEventId) ? Number(lastEventId) : null;
        return openEventStream({
          bus: deps.bus,
          blobs,
          scope: { runId: scope.runId },
          after: seq === null ? null : { seq },
          replayFromStart: true,
          drafts: deps.drafts,
        });
      }
      const thread = await requireThread(scope.threadId ?? "");
      const m = lastEventId?.match(/^(run_[0-9A-HJKMNP-TV-Z]{26}):(\d+)$/);
      return openEventStream({
        bus: deps.bus,
        blobs,
        scope: { threadId: thread.id, runIds: async () => (await repos.runs.listByThread(thread.id)).map((r) => r.id) },
        after: m ? { runId: m[1], seq: Number(m[2]) } : null,
        replayFromStart: false,
      });
    },
  };
}
