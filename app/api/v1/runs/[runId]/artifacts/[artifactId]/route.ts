import { getContainer } from "@/lib/container";
import { presentArtifact } from "@/lib/http/presenters";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route(async (_req, { runId, artifactId }) => {
  const { artifact, content } = await getContainer().runs.readArtifact(runId, artifactId);
  return Response.json({ ...presentArtifact(artifact), content });
});
