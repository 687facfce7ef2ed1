import { withEssence, withSoul } from "../domain/canonicalReads";
import { buildContextPack, type ContextPack, type UpstreamArtifact } from "../domain/contextPack";
import { stageRetrievalQuery } from "../domain/retrieval";
import type { Artifact, Decision, Run, StageRun } from "../domain/run";
import type { Stack } from "../domain/stackDefinition";
import { layout } from "../domain/workspaceLayout";
import type { EngineDeps } from "./engineDeps";

/** The artifact a settled stage hands downstream: the reviewer's edit if there is one, else the approved attempt's. */
export function finalArtifact(artifacts: Artifact[], stage: StageRun): Artifact | null {
  const ofStage = artifacts.filter((a) => a.stageId === stage.id && (a.kind === "stage" || a.kind === "edit"));
  const edit = ofStage.filter((a) => a.kind === "edit").at(-1);
  if (edit) return edit;
  const last = stage.attempts.filter((a) => a.status === "succeeded").at(-1);
  return ofStage.find((a) => a.kind === "stage" && a.attempt === last?.n) ?? null;
}

/** The reviewer's feedback for the next attempt: the latest retry decision on the stage after its last attempt. */
export function pendingFeedback(decisions: Decision[], stage: StageRun): string | null {
  const last = stage.attempts.at(-1);
  // An attempt cut short (crash, cancel) is redone with the feedback it was given.
  if (last && (last.status === "interrupted" || last.status === "cancelled")) return last.feedback;
  const lastStart = last?.startedAt ?? "";
  const retry = decisions.filter((d) => d.stageId === stage.id && d.action === "retry" && d.createdAt >= lastStart).at(-1);
  return retry?.comment ?? null;
}

export async function readRunStack(deps: EngineDeps, runId: string): Promise<Stack> {
  const text = await deps.blobs.read(layout.runStack(runId));
  if (!text) throw new Error(`run ${runId} has no stack.json`);
  return JSON.parse(text) as Stack;
}

/** Everything one attempt is given, built in the documented order and within the token budget. */
export async function buildStageContext(deps: EngineDeps, run: Run, stage: StageRun, feedback: string | null): Promise<ContextPack> {
  const thread = await deps.repos.threads.get(run.threadId);
  if (!thread) throw new Error(`thread ${run.threadId} of run ${run.id} is gone`);
  const [brandRow, productRow, stack, artifacts] = await Promise.all([
    deps.repos.brands.get(thread.brandId),
    deps.repos.products.get(thread.productId),
    readRunStack(deps, run.id),
    deps.repos.runs.listArtifacts(run.id),
  ]);
  if (!brandRow || !productRow) throw new Error(`the brand or product of run ${run.id} is gone`);
  const [brand, product] = await Promise.all([withSoul(deps.blobs, brandRow), withEssence(deps.blobs, productRow)]);

  const upstream: UpstreamArtifact[] = [];
  const skippedUpstream: string[] = [];
  for (const depId of stage.dependsOn) {
    const dep = run.stages.find((s) => s.id === depId);
    if (!dep) continue;
    if (dep.status === "skipped") {
      skippedUpstream.push(`${dep.title} (${dep.id})`);
      continue;
    }
    const artifact = dep.status === "approved" ? finalArtifact(artifacts, dep) : null;
    if (!artifact) continue;
    upstream.push({
      stageId: dep.id,
      title: dep.title,
      content: (await deps.blobs.read(artifact.relativePath)) ?? "",
      artifactPath: artifact.relativePath,
    });
  }

  const query = stageRetrievalQuery({
    request: run.request,
    stageId: stage.id,
    stageTitle: stage.title,
    brandName: brand.name,
    productName: product.name,
  });
  // Memory is help, not a requirement: if retrieval fails, the stage runs with canonical memory alone.
  let retrievalError: string | null = null;
  const snippets = deps.options.topK
    ? await deps.retriever.retrieve({ query, brandId: brand.id, productId: product.id, topK: deps.options.topK }).catch((err: Error) => {
        retrievalError = err.message.split("\n")[0];
        deps.log(`retrieval for run ${run.id} stage ${stage.id} failed`, err);
        return [];
      })
    : [];
  const stageDef = stack.stages.find((s) => s.id === stage.id);
  return buildContextPack({
    brand,
    product,
    retrievalQuery: query,
    snippets,
    stage: { id: stage.id, title: stage.title, output: stage.output },
    contract: stack.contracts[stage.id] ?? "",
    contractPath: stageDef ? `${stack.path}/${stageDef.contract}` : "",
    upstream,
    skippedUpstream,
    request: run.request,
    feedback,
    budget: deps.options.contextTokenBudget,
    retrievalError,
  });
}
