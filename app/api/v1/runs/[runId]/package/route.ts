import { getContainer } from "@/lib/container";
import { authorized } from "@/app/api/v1/_authorized";

export const dynamic = "force-dynamic";

/** The consolidated markdown package of a completed run, as a download. */
export const GET = authorized("read", async (_req, { runId }) => {
  const { run, content } = await getContainer().runs.readPackage(runId);
  return new Response(content, {
    headers: {
      "content-type": "text/markdown; charset=utf-8",
      "content-disposition": `attachment; filename="${run.stack}-${run.id}.md"`,
    },
  });
});
