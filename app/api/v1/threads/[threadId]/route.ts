import { z } from "zod";
import { chatMessageJson } from "@/lib/domain/chat";
import { getContainer } from "@/lib/container";
import { presentThread } from "@/lib/http/presenters";
import { parseWith } from "@/lib/http/readJson";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

const pageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  before: z.coerce.number().int().min(1).optional(),
});

/** The thread with its chat history, newest page first: `?limit=&before=<seq>` pages back. */
export const GET = route(async (req, { threadId }) => {
  const c = getContainer();
  const thread = await c.threads.getThread(threadId);
  const query = parseWith(pageQuery, Object.fromEntries(new URL(req.url).searchParams));
  const page = await c.chat.listMessages(thread.id, query);
  return Response.json({
    ...presentThread(thread),
    messages: { items: page.items.map(chatMessageJson), has_more: page.hasMore, next_before: page.nextBefore },
  });
});
