import { comparisonDiff, decisionOn, parseAttemptRef, resolveAttempt, separation, type AttemptRef, type ComparedSide } from "../domain/comparison";
import { notFound } from "../domain/errors";
import type { ServiceDeps } from "./serviceDeps";

export type CompareService = ReturnType<typeof createCompareService>;

/** Two attempts side by side: their texts, the diff, what each cost, the guard's findings and what separated them. */
export function createCompareService(deps: ServiceDeps) {
  const { repos, blobs } = deps;

  async function side(ref: AttemptRef, owns: (kind: "run", id: string) => Promise<boolean>): Promise<ComparedSide> {
    // Another organization's run (hosted mode) is not found, like one that does not exist.
    const run = (await owns("run", ref.runId)) ? await repos.runs.get(ref.runId) : null;
    if (!run) throw notFound("run", ref.runId);
    const stage = run.stages.find((s) => s.id === ref.stageId);
    if (!stage) throw notFound("stage", ref.stageId);
    const attempt = resolveAttempt(stage, ref.n);
    const [artifacts, decisions] = await Promise.all([repos.runs.listArtifacts(run.id), repos.runs.listDecisions(run.id)]);
    const ofStage = artifacts.filter((a) => a.stageId === stage.id);
    const artifact =
      attempt === "none"
        ? undefined
        : attempt
          ? ofStage.find((a) => a.kind === "stage" && a.attempt === attempt.n)
          : ofStage.find((a) => a.reusedFrom !== null);
    if (attempt === "none" || !artifact) throw notFound("attempt with an artifact", `${ref.runId}:${ref.stageId}${ref.n === null ? "" : `:${ref.n}`}`);
    const edit = attempt ? ofStage.filter((a) => a.kind === "edit" && a.attempt === attempt.n).at(-1) : undefined;
    const [markdown, edited] = await Promise.all([blobs.read(artifact.relativePath), edit ? blobs.read(edit.relativePath) : null]);
    return { run, stage, attempt, artifact, markdown: markdown ?? "", edited, decision: attempt ? decisionOn(stage, attempt, decisions) : null };
  }

  return {
    /** `owns` (hosted mode): what the caller's organization owns; everything by default. */
    async compare(left: string | null, right: string | null, owns: (kind: "run", id: string) => Promise<boolean> = async () => true) {
      const refs = [parseAttemptRef("left", left), parseAttemptRef("right", right)];
      // Both sides settle before the answer (a 404 on one must not leave the other's reads running).
      const sides = await Promise.allSettled(refs.map((ref) => side(ref, owns)));
      for (const s of sides) if (s.status === "rejected") throw s.reason;
      const [l, r] = sides.map((s) => (s as PromiseFulfilledResult<ComparedSide>).value);
      const label = (s: ComparedSide) => `${s.run.id}/${s.stage.id}/${s.attempt?.n ?? "reused"}`;
      return {
        left: l,
        right: r,
        diff: comparisonDiff({ label: label(l), text: l.edited ?? l.markdown }, { label: label(r), text: r.edited ?? r.markdown }),
        separatedBy: separation(l, r),
      };
    },
  };
}
