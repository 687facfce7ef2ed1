import { chatMessageJson } from "@/lib/domain/chat";
import { getContainer } from "@/lib/container";
import { presentThread } from "@/lib/http/presenters";
import { queryOf, threadPageQuery } from "@/lib/http/querySchemas";
import { parseWith } from "@/lib/http/readJson";
import { authorized } from "@/app/api/v1/_authorized";

export const dynamic = "force-dynamic";

/** The thread with its chat history, newest page first: `?limit=&before=<seq>` pages back. */
export const GET = authorized("read", async (req, { threadId }) => {
  const c = getContainer();
  const thread = await c.threads.getThread(threadId);
  const query = parseWith(threadPageQuery, queryOf(req));
  const page = await c.chat.listMessages(thread.id, query);
  return Response.json({
    ...presentThread(thread),
    messages: { items: page.items.map(chatMessageJson), has_more: page.hasMore, next_before: page.nextBefore },
  });
});
