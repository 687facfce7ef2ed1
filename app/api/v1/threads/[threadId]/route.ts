import { getContainer } from "@/lib/container";
import { presentThread } from "@/lib/http/presenters";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route(async (_req, { threadId }) =>
  Response.json(presentThread(await getContainer().threads.getThread(threadId))),
);
