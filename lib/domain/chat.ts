import { z } from "zod";
import { isSavedReply, type ChatMessage } from "./chatMessage";
import type { Brand } from "./brand";
import { CANONICAL, entityText } from "./canonical";
import { memoryText } from "./contextPack";
import type { RetrievedSnippet } from "./retrieval";
import { GUARDRAILS } from "./guardrails";
import { idPattern } from "./ids";
import { usageJson, type LlmMessage, type LlmUsage } from "./llm";
import type { Product } from "./product";
import { estimateTokens } from "./tokens";
import type { LlmRetry } from "./llm";

export const MAX_CHAT_MESSAGE = 20_000;

export const chatInput = z.strictObject({
  thread_id: z.string().regex(idPattern("thread"), "not a thread id"),
  message: z.string().trim().min(1, "must not be empty").max(MAX_CHAT_MESSAGE),
  stream: z.boolean().default(true),
});
export type ChatInput = z.infer<typeof chatInput>;

/**
 * The messages of one chat turn: guardrails, canonical memory (always whole) and recalled memory, then as much recent
 * history as fits the budget (newest kept first; failed turns left out), then the new message.
 */
export function buildChatMessages(args: {
  brand: Brand;
  product: Product;
  history: ChatMessage[];
  message: string;
  historyTokenBudget: number;
  /** Episodic memory recalled for this message (canonical memory is always there regardless). */
  snippets: RetrievedSnippet[];
}): { messages: LlmMessage[]; historyUsed: number; historyDropped: number } {
  const system = [GUARDRAILS, entityText(CANONICAL.brand, args.brand), entityText(CANONICAL.product, args.product), memoryText(args.snippets)].join("\n\n");
  const usable = args.history.filter(isSavedReply);
  const kept: ChatMessage[] = [];
  let budget = args.historyTokenBudget;
  for (let i = usable.length - 1; i >= 0; i--) {
    const cost = estimateTokens(usable[i].content);
    if (cost > budget) break;
    budget -= cost;
    kept.unshift(usable[i]);
  }
  return {
    messages: [
      { role: "system", content: system },
      ...kept.map((m) => ({ role: m.role, content: m.content })),
      { role: "user", content: args.message },
    ],
    historyUsed: kept.length,
    historyDropped: usable.length - kept.length,
  };
}

/** The JSON form of a chat message: one line of chat.jsonl and the API's representation alike. */
export function chatMessageJson(m: ChatMessage) {
  return {
    id: m.id,
    thread_id: m.threadId,
    seq: m.seq,
    role: m.role,
    content: m.content,
    status: m.status,
    error: m.error,
    partial_content: m.partialContent,
    checks: m.checks,
    usage: usageJson(m.usage),
    latency_ms: m.latencyMs,
    model: m.model,
    created_at: m.createdAt,
  };
}

/** Parses chat.jsonl; a torn last line (a crash mid-append) is ignored rather than failing the thread. */
export function parseChatLog(text: string): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    let j: ReturnType<typeof chatMessageJson>;
    try {
      j = JSON.parse(line);
    } catch {
      continue;
    }
    out.push({
      id: j.id,
      threadId: j.thread_id,
      seq: j.seq,
      role: j.role,
      content: j.content,
      status: j.status,
      error: j.error ?? null,
      partialContent: j.partial_content ?? null,
      checks: j.checks ?? null,
      usage: j.usage
        ? { promptTokens: j.usage.prompt_tokens, completionTokens: j.usage.completion_tokens, totalTokens: j.usage.total_tokens }
        : null,
      latencyMs: j.latency_ms ?? null,
      model: j.model ?? null,
      createdAt: j.created_at,
    });
  }
  return out;
}

export type ChatEvent =
  | { type: "delta"; text: string }
  /** The provider is about to try again (overloaded, 5xx, dropped connection). */
  | { type: "retry"; retry: LlmRetry }
  /** A reasoning model is thinking: how many reasoning chunks (≈ tokens) so far. */
  | { type: "thinking"; tokens: number }
  | { type: "done"; message: ChatMessage }
  | { type: "error"; message: ChatMessage };

export interface ChatTurn {
  userMessage: ChatMessage;
  /** Deltas, then `done` (the saved reply) or `error` (the saved failed turn). */
  events: AsyncIterable<ChatEvent>;
  /** The saved assistant message, ok or failed; resolves even when nobody reads `events`. */
  reply: Promise<ChatMessage>;
}
