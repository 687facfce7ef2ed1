import { getContainer } from "@/lib/container";
import { presentArtifact } from "@/lib/http/presenters";
import { authorized } from "@/app/api/v1/_authorized";

export const dynamic = "force-dynamic";

export const GET = authorized("read", async (_req, { runId, artifactId }) => {
  const { artifact, content } = await getContainer().runs.readArtifact(runId, artifactId);
  return Response.json({ ...presentArtifact(artifact), content });
});
