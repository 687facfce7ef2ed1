import type { Checks } from "./guard/findings";
import type { LlmUsage } from "./llm";

// A chat message as threads/<id>/chat.jsonl keeps it (plain data: the screens import this file).

export interface ChatError {
  code: string;
  message: string;
  hint: string | null;
}

/** One line of threads/<thread_id>/chat.jsonl. */
export interface ChatMessage {
  id: string;
  threadId: string;
  seq: number;
  role: "user" | "assistant";
  content: string;
  status: "ok" | "failed";
  error: ChatError | null;
  /** What a failed reply had streamed before it broke (audit only; not shown as the answer). */
  partialContent: string | null;
  /** The brand guard's checks of a reply (shown under it, never blocking); null for the user's turns. */
  checks: Checks | null;
  usage: LlmUsage | null;
  latencyMs: number | null;
  model: string | null;
  createdAt: string;
}

/** A turn that completed (a failed turn is kept in the history but never sent back or remembered). */
export const isSavedReply = (m: Pick<ChatMessage, "status">) => m.status === "ok";
