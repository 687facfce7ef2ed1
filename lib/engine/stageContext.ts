import { withMarkdown } from "../domain/canonicalReads";
import { buildContextPack, type ContextPack, type UpstreamArtifact } from "../domain/contextPack";
import { stageRetrievalQuery } from "../domain/retrieval";
import type { Decision, Run, StageRun } from "../domain/run";
import { finalArtifact } from "../domain/finalArtifact";
import { guardInputOf } from "../domain/guard/guardInput";
import { isCutShortAttempt, isSkippedStage } from "../domain/runStateMachine";
import { stackFromSnapshot, type Stack } from "../domain/stackDefinition";
import { layout } from "../domain/workspaceLayout";
import type { EngineDeps } from "./engineDeps";

/** The reviewer's feedback for the next attempt: the latest retry decision on the stage after its last attempt. */
export function pendingFeedback(decisions: Decision[], stage: StageRun): string | null {
  const last = stage.attempts.at(-1);
  // An attempt cut short (crash, cancel) is redone with the feedback it was given.
  if (last && isCutShortAttempt(last.status)) return last.feedback;
  const lastStart = last?.startedAt ?? "";
  const retry = decisions.filter((d) => d.stageId === stage.id && d.action === "retry" && d.createdAt >= lastStart).at(-1);
  return retry?.comment ?? null;
}

export async function readRunStack(deps: EngineDeps, runId: string): Promise<Stack> {
  const text = await deps.blobs.read(layout.runStack(runId));
  if (!text) throw new Error(`run ${runId} has no stack.json`);
  return stackFromSnapshot(JSON.parse(text));
}

/** What a stage works from: its brand and product, the run's stack, the approved upstream artifacts. */
export async function loadStageInputs(deps: EngineDeps, run: Run, stage: StageRun) {
  const thread = await deps.repos.threads.get(run.threadId);
  if (!thread) throw new Error(`thread ${run.threadId} of run ${run.id} is gone`);
  const [brandRow, productRow, stack, artifacts] = await Promise.all([
    deps.repos.brands.get(thread.brandId),
    deps.repos.products.get(thread.productId),
    readRunStack(deps, run.id),
    deps.repos.runs.listArtifacts(run.id),
  ]);
  if (!brandRow || !productRow) throw new Error(`the brand or product of run ${run.id} is gone`);

  // Every file at once: soul, essence and each approved upstream artifact.
  const upstreamStages = stage.dependsOn.map((depId) => run.stages.find((s) => s.id === depId)).filter((d) => d !== undefined);
  const finals = upstreamStages.map((dep) => (isSkippedStage(dep.status) ? null : finalArtifact(artifacts, dep)));
  const [brand, product, contents] = await Promise.all([
    withMarkdown(deps.blobs, "brand", brandRow),
    withMarkdown(deps.blobs, "product", productRow),
    Promise.all(finals.map((a) => (a ? deps.blobs.read(a.relativePath) : null))),
  ]);
  const upstream: UpstreamArtifact[] = [];
  const skippedUpstream: string[] = [];
  upstreamStages.forEach((dep, i) => {
    const artifact = finals[i];
    if (isSkippedStage(dep.status)) skippedUpstream.push(`${dep.title} (${dep.id})`);
    else if (artifact) upstream.push({ stageId: dep.id, title: dep.title, content: contents[i] ?? "", artifactPath: artifact.relativePath });
  });
  return { brand, product, stack, stageDef: stack.stages.find((s) => s.id === stage.id), upstream, skippedUpstream };
}
export type StageInputs = Awaited<ReturnType<typeof loadStageInputs>>;

/** What the brand guard checks this stage's text against. */
export function stageGuardInput(deps: EngineDeps, run: Run, inputs: StageInputs) {
  return guardInputOf({
    brand: inputs.brand,
    product: inputs.product,
    request: run.request,
    upstream: inputs.upstream.map((u) => u.content),
    stage: inputs.stageDef,
    lang: deps.options.uiLanguage,
  });
}

/** Everything one attempt is given, built in the documented order and within the token budget. */
export async function buildStageContext(deps: EngineDeps, run: Run, stage: StageRun, feedback: string | null, inputs: StageInputs): Promise<ContextPack> {
  const { brand, product, stack, upstream, skippedUpstream } = inputs;
  const query = stageRetrievalQuery({
    request: run.request,
    stageId: stage.id,
    stageTitle: stage.title,
    brandName: brand.name,
    productName: product.name,
  });
  // Memory is help, not a requirement: if retrieval fails, the stage runs with canonical memory alone.
  let retrievalError: string | null = null;
  const { snippets, mode: retrievalMode } = deps.options.topK
    ? await deps.retriever.retrieve({ query, brandId: brand.id, productId: product.id, topK: deps.options.topK, campaignThreadId: run.threadId }).catch((err: Error) => {
        retrievalError = err.message.split("\n")[0];
        deps.log(`retrieval for run ${run.id} stage ${stage.id} failed`, err);
        return { snippets: [], mode: null };
      })
    : { snippets: [], mode: null };
  const stageDef = stack.stages.find((s) => s.id === stage.id);
  return buildContextPack({
    brand,
    product,
    retrievalQuery: query,
    snippets,
    retrievalMode,
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
