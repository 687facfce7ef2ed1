import { EventSourceParserStream } from "eventsource-parser/stream";
import { useCallback, useState } from "react";
import { actionKeys } from "../../_components/api";
import type { MessageJson } from "../../_components/apiTypes";
import type { RetryNotice } from "../../_components/providerActivity";

/** What the provider is doing before the reply flows: retrying, or a reasoning model thinking. */
export interface ChatActivity {
  retry: RetryNotice | null;
  reasoningTokens: number;
}

/** How one turn ended: saved (ok or a failed turn), refused before anything was saved, or cut off. */
export type TurnOutcome =
  | { kind: "saved"; user: MessageJson | null; reply: MessageJson }
  | { kind: "refused"; code: string; message: string }
  | { kind: "broken"; user: MessageJson | null; partial: string }
  | { kind: "internal"; user: MessageJson | null };

/**
 * One chat turn over POST /api/v1/chat (stream): the user's saved message, the reply growing delta by
 * delta, then the saved reply. The server keeps generating and saves the reply even if this
 * connection breaks; the outcome says which of those happened.
 */
export function useChatStream(threadId: string) {
  const [streamText, setStreamText] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [activity, setActivity] = useState<ChatActivity>({ retry: null, reasoningTokens: 0 });

  const send = useCallback(
    async (text: string, onUserSaved: (m: MessageJson) => void): Promise<TurnOutcome> => {
      setSending(true);
      try {
        let res: Response;
        try {
          res = await fetch("/api/v1/chat", {
            method: "POST",
            // One key per message sent: a request resent by the network layer does not post the message twice.
            headers: { "content-type": "application/json", accept: "text/event-stream", "Idempotency-Key": actionKeys().keyFor(text) },
            body: JSON.stringify({ thread_id: threadId, message: text, stream: true }),
          });
        } catch {
          return { kind: "refused", code: "network", message: "" };
        }
        if (!res.ok || !res.body) {
          const json = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
          return { kind: "refused", code: json?.error?.code ?? "internal", message: json?.error?.message ?? res.statusText };
        }
        let user: MessageJson | null = null;
        let acc = "";
        setStreamText("");
        try {
          const reader = res.body.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream()).getReader();
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            const data = JSON.parse(value.data) as { text?: string; message?: MessageJson; tokens?: number } & Partial<Omit<RetryNotice, "at">>;
            if (value.event === "user" && data.message) onUserSaved((user = data.message));
            else if (value.event === "delta" && data.text) {
              setActivity({ retry: null, reasoningTokens: 0 });
              setStreamText((acc += data.text));
            } else if (value.event === "retry" && data.attempt && data.of && data.reason) {
              const retry = { attempt: data.attempt, of: data.of, delay_ms: data.delay_ms ?? null, reason: data.reason, at: new Date().toISOString() };
              setActivity((a) => ({ ...a, retry }));
            } else if (value.event === "thinking" && typeof data.tokens === "number") {
              const tokens = data.tokens;
              setActivity(() => ({ retry: null, reasoningTokens: tokens }));
            }
            else if ((value.event === "done" || value.event === "error") && data.message) return { kind: "saved", user, reply: data.message };
            else if (value.event === "error") return { kind: "internal", user };
          }
        } catch {
          // the connection broke mid-reply: reported as such below
        }
        return { kind: "broken", user, partial: acc };
      } finally {
        setStreamText(null);
        setActivity({ retry: null, reasoningTokens: 0 });
        setSending(false);
      }
    },
    [threadId],
  );

  return { send, sending, streamText, activity };
}
