import { chatInput, chatMessageJson, type ChatTurn } from "@/lib/domain/chat";
import { retryJson } from "@/lib/domain/llm";
import { isSavedReply } from "@/lib/domain/chatMessage";
import { getContainer } from "@/lib/container";
import { readJson } from "@/lib/http/readJson";
import { sseResponse, type SseMessage } from "@/lib/http/sse";
import { idempotent } from "@/app/api/v1/_idempotent";
import { authorized } from "@/app/api/v1/_authorized";

export const dynamic = "force-dynamic";

export const POST = idempotent("POST /api/v1/chat", authorized("edit", async (req, _params, actor) => {
  const c = getContainer();
  const input = await readJson(req, chatInput, c.settings.http.max_body_bytes);
  await c.access.requireOwned(actor, "thread", input.thread_id);
  const turn = await c.chat.sendMessage(input);
  if (!input.stream) {
    const message = await turn.reply;
    return Response.json({ message: chatMessageJson(message) }, { status: isSavedReply(message) ? 200 : 502 });
  }
  return sseResponse(chatEvents(turn));
}));

async function* chatEvents(turn: ChatTurn): AsyncGenerator<SseMessage> {
  let finished = false;
  yield { event: "user", data: { message: chatMessageJson(turn.userMessage) } };
  for await (const e of turn.events) {
    if (e.type === "delta") yield { event: "delta", data: { text: e.text } };
    else if (e.type === "retry") yield { event: "retry", data: retryJson(e.retry) };
    else if (e.type === "thinking") yield { event: "thinking", data: { tokens: e.tokens } };
    else {
      finished = true;
      yield { event: e.type, data: { message: chatMessageJson(e.message) } };
    }
  }
  if (!finished) {
    // Not a provider failure (those are saved turns): something on our side broke mid-reply.
    await turn.reply.catch(() => {});
    yield { event: "error", data: { error: { code: "internal", message: "the reply could not be saved; see the server log" } } };
  }
}
