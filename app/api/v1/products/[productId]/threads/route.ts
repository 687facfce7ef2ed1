import { getContainer } from "@/lib/container";
import { presentThread } from "@/lib/http/presenters";
import { authorized } from "@/app/api/v1/_authorized";

export const dynamic = "force-dynamic";

export const GET = authorized("read", async (_req, { productId }) => {
  const threads = await getContainer().threads.listThreads(productId);
  return Response.json({ items: threads.map(presentThread) });
});
