import { getContainer } from "@/lib/container";
import { presentApproved } from "@/lib/http/presenters";
import { authorized } from "@/app/api/v1/_authorized";

export const dynamic = "force-dynamic";

/** The campaign's latest approved deliverable of each stack stage: what a later stack's inputs can be filled from. */
export const GET = authorized("read", async (_req, { threadId }) => {
  const items = await getContainer().runs.approvedInThread(threadId);
  return Response.json({ items: items.map(presentApproved) });
});
