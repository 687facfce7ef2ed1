import { isId, type IdKind } from "./ids";
import { notFound } from "./errors";

// Where each blob lives, relative to the workspace root. Every segment that comes from an id is
// checked here, so a crafted id can never name a path outside its own folder.
function checked(kind: IdKind, id: string): string {
  if (!isId(kind, id)) throw notFound(kind, id);
  return id;
}

export const layout = {
  database: "workspace.sqlite3",
  brandDir: (brandId: string) => `brands/${checked("brand", brandId)}`,
  brandJson: (brandId: string) => `${layout.brandDir(brandId)}/brand.json`,
  soul: (brandId: string) => `${layout.brandDir(brandId)}/soul.md`,
  productDir: (brandId: string, productId: string) =>
    `${layout.brandDir(brandId)}/products/${checked("product", productId)}`,
  productJson: (brandId: string, productId: string) => `${layout.productDir(brandId, productId)}/product.json`,
  essence: (brandId: string, productId: string) => `${layout.productDir(brandId, productId)}/essence.md`,
  threadDir: (threadId: string) => `threads/${checked("thread", threadId)}`,
  chat: (threadId: string) => `${layout.threadDir(threadId)}/chat.jsonl`,
  runDir: (runId: string) => `runs/${checked("run", runId)}`,
  events: (runId: string) => `${layout.runDir(runId)}/events.jsonl`,
  /** The stack (definition + contracts) as it was when the run started. */
  runStack: (runId: string) => `${layout.runDir(runId)}/stack.json`,
  artifact: (runId: string, stageId: string, attempt: number, suffix = "") =>
    `${layout.runDir(runId)}/artifacts/${checkedStage(stageId)}/${attempt}${suffix}`,
  /** A re-run's copy of the original run's approved artifact of a stage. */
  reusedArtifact: (runId: string, stageId: string) => `${layout.runDir(runId)}/artifacts/${checkedStage(stageId)}/reused.md`,
  package: (runId: string) => `${layout.runDir(runId)}/artifacts/package.md`,
  snapshot: (runId: string, stageId: string, attempt: number) =>
    `${layout.runDir(runId)}/prompt-snapshots/${checkedStage(stageId)}-${attempt}.json`,
};

function checkedStage(stageId: string): string {
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(stageId)) throw notFound("stage", stageId);
  return stageId;
}
