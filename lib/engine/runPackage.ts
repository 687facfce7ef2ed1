import type { Artifact, Run } from "../domain/run";
import type { BlobReader } from "../domain/ports";
import { finalArtifact } from "../domain/finalArtifact";
import { isSkippedStage } from "../domain/runStateMachine";

/** The consolidated deliverable of a finished run: every approved artifact in stage order. */
export async function buildRunPackage(run: Run, artifacts: Artifact[], blobs: BlobReader, stackTitle: string): Promise<string> {
  const parts: string[] = [
    `# ${stackTitle} — pacote consolidado`,
    "",
    `> Run \`${run.id}\` · pedido: ${run.request.replace(/\s+/g, " ").slice(0, 300)}`,
    "",
  ];
  for (const stage of run.stages) {
    if (isSkippedStage(stage.status)) {
      parts.push(`<!-- etapa "${stage.id}" pulada pelo revisor -->`, "");
      continue;
    }
    const artifact = finalArtifact(artifacts, stage);
    if (!artifact) continue;
    const body = ((await blobs.read(artifact.relativePath)) ?? "").trim();
    parts.push(`---`, "", `<!-- ${stage.id} · ${stage.output} · ${artifact.relativePath} -->`, "", body, "");
  }
  return parts.join("\n");
}
