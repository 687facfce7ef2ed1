import { getContainer } from "@/lib/container";
import { presentApproved } from "@/lib/http/presenters";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** The campaign's latest approved deliverable of each stack stage: what a later stack's inputs can be filled from. */
export const GET = route(async (_req, { threadId }) => {
  const items = await getContainer().runs.approvedInThread(threadId);
  return Response.json({ items: items.map(presentApproved) });
});
