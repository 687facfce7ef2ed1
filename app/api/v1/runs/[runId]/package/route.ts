import { getContainer } from "@/lib/container";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** The consolidated markdown package of a completed run, as a download. */
export const GET = route(async (_req, { runId }) => {
  const { run, content } = await getContainer().runs.readPackage(runId);
  return new Response(content, {
    headers: {
      "content-type": "text/markdown; charset=utf-8",
      "content-disposition": `attachment; filename="${run.stack}-${run.id}.md"`,
    },
  });
});
