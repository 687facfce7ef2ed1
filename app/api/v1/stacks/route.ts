import { getContainer } from "@/lib/container";
import { presentStack } from "@/lib/http/presenters";
import { authorized } from "@/app/api/v1/_authorized";

export const dynamic = "force-dynamic";

/** The valid stacks, and every stack file that could not be used with file, key path and reason. */
export const GET = authorized("read", async () => {
  const { stacks, problems } = await getContainer().runs.listStacks();
  return Response.json({ items: stacks.map(presentStack), invalid: problems });
});
