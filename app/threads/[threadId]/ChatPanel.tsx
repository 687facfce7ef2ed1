"use client";

import { EventSourceParserStream } from "eventsource-parser/stream";
import { useLayoutEffect, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode } from "react";
import { useLang, useT } from "../../_i18n/client";
import { getJson } from "../../_components/api";
import type { MessageJson } from "../../_components/apiTypes";
import { LlmErrorBox } from "../../_components/LlmErrorBox";
import { LocalTime } from "../../_components/LocalTime";
import { Markdown } from "../../_components/Markdown";
import { formatDuration, formatNumber } from "../../_components/numbers";
import { ProviderNotice } from "../../_components/ProviderNotice";

const PAGE = 30;

interface Page {
  items: MessageJson[];
  hasMore: boolean;
  nextBefore: number | null;
}

type Notice = { kind: "provider" } | { kind: "error"; text: string } | null;

/**
 * The campaign's chat: the saved history (older pages on demand), a box to write, and the reply
 * streaming in as sanitized markdown. The log has a fixed height and keeps to the bottom while the
 * reader is there, so nothing on the page moves while the model writes.
 */
export function ChatPanel({ threadId, initial }: { threadId: string; initial: Page }) {
  const t = useT();
  const [messages, setMessages] = useState<MessageJson[]>(initial.items);
  const [older, setOlder] = useState({ hasMore: initial.hasMore, nextBefore: initial.nextBefore });
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [olderFailed, setOlderFailed] = useState(false);
  const [draft, setDraft] = useState("");
  const [sending, setSending] = useState(false);
  /** The reply being written (null when none is streaming). */
  const [streamText, setStreamText] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice>(null);

  const scroller = useRef<HTMLDivElement>(null);
  const follow = useRef(true);
  const heightBeforePrepend = useRef<number | null>(null);
  const firstLayout = useRef(true);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    if (heightBeforePrepend.current !== null) {
      // Older messages went in above: keep what the reader was looking at where it was.
      el.scrollTop += el.scrollHeight - heightBeforePrepend.current;
      heightBeforePrepend.current = null;
      return;
    }
    if (firstLayout.current) {
      firstLayout.current = false;
      el.scrollTop = el.scrollHeight;
      return;
    }
    if (follow.current) el.scrollTo({ top: el.scrollHeight, behavior: "smooth" });
  }, [messages, streamText]);

  function onScroll() {
    const el = scroller.current;
    if (el) follow.current = el.scrollHeight - el.scrollTop - el.clientHeight < 96;
  }

  async function loadOlder() {
    if (older.nextBefore === null) return;
    setLoadingOlder(true);
    setOlderFailed(false);
    const res = await getJson<{ messages: { items: MessageJson[]; has_more: boolean; next_before: number | null } }>(
      `/api/v1/threads/${threadId}?limit=${PAGE}&before=${older.nextBefore}`,
    );
    setLoadingOlder(false);
    if (!res.ok) {
      setOlderFailed(true);
      return;
    }
    heightBeforePrepend.current = scroller.current?.scrollHeight ?? null;
    const page = res.data.messages;
    setMessages((m) => [...page.items, ...m]);
    setOlder({ hasMore: page.has_more, nextBefore: page.next_before });
  }

  async function send(e?: FormEvent) {
    e?.preventDefault();
    const text = draft;
    if (!text.trim() || sending) return;
    setSending(true);
    setNotice(null);
    let res: Response;
    try {
      res = await fetch("/api/v1/chat", {
        method: "POST",
        headers: { "content-type": "application/json", accept: "text/event-stream" },
        body: JSON.stringify({ thread_id: threadId, message: text, stream: true }),
      });
    } catch {
      setNotice({ kind: "error", text: `${t.errors.api.network} ${t.chat.notSent}` });
      setSending(false);
      return;
    }
    if (!res.ok || !res.body) {
      // Refused before anything was saved: the typed message stays in the box.
      const json = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
      const code = json?.error?.code ?? "internal";
      if (code === "provider_not_configured") setNotice({ kind: "provider" });
      else setNotice({ kind: "error", text: `${t.errors.api[code] ?? json?.error?.message ?? res.statusText} ${t.chat.notSent}` });
      setSending(false);
      return;
    }

    // Accepted: the server saved the message; the reply streams as `delta`, then `done` or `error`.
    setDraft("");
    follow.current = true;
    const now = new Date().toISOString();
    setMessages((m) => [...m, localUserMessage(threadId, text, now)]);
    setStreamText("");
    let acc = "";
    let finished = false;
    try {
      const events = res.body.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream());
      const reader = events.getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        const data = JSON.parse(value.data) as { text?: string; message?: MessageJson; error?: { message?: string } };
        if (value.event === "delta" && data.text) {
          acc += data.text;
          setStreamText(acc);
        } else if ((value.event === "done" || value.event === "error") && data.message) {
          finished = true;
          const saved = data.message;
          setMessages((m) => [...m, saved]);
        } else if (value.event === "error") {
          finished = true;
          setNotice({ kind: "error", text: t.chat.internalError });
        }
      }
    } catch {
      // the connection broke mid-reply; reported below
    }
    if (!finished) setNotice({ kind: "error", text: t.chat.interrupted });
    setStreamText(null);
    setSending(false);
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void send();
    }
  }

  const streaming = streamText !== null;
  return (
    <div className="flex flex-col">
      <div
        ref={scroller}
        onScroll={onScroll}
        role="log"
        aria-label={t.chat.historyLabel}
        aria-busy={streaming}
        className="h-[28rem] overflow-y-auto overscroll-contain rounded-lg border border-stone-200 bg-stone-50/70 p-3 [overflow-anchor:none] sm:h-[34rem] sm:p-4"
      >
        {older.hasMore && (
          <div className="mb-3 text-center">
            <button type="button" className="btn-secondary btn-sm" onClick={loadOlder} disabled={loadingOlder}>
              {loadingOlder ? t.chat.loadingOlder : t.chat.loadOlder}
            </button>
            {olderFailed && <p className="field-error">{t.chat.loadOlderFailed}</p>}
          </div>
        )}
        {messages.length === 0 && !streaming ? (
          <div className="grid h-full place-items-center">
            <p className="max-w-sm text-center text-sm text-stone-500">{t.chat.empty}</p>
          </div>
        ) : (
          <ol className="space-y-4">
            {messages.map((m) => (
              <li key={m.id}>
                <ChatMessage message={m} />
              </li>
            ))}
            {streaming && (
              <li>
                <AssistantFrame writing>
                  <div data-testid="chat-streaming" data-streaming="true" className="min-h-12">
                    {streamText ? (
                      <Markdown source={streamText} />
                    ) : (
                      <span className="inline-flex gap-1 pt-2" aria-hidden>
                        <span className="size-1.5 animate-bounce rounded-full bg-stone-400" />
                        <span className="size-1.5 animate-bounce rounded-full bg-stone-400 [animation-delay:120ms]" />
                        <span className="size-1.5 animate-bounce rounded-full bg-stone-400 [animation-delay:240ms]" />
                      </span>
                    )}
                  </div>
                </AssistantFrame>
              </li>
            )}
          </ol>
        )}
      </div>

      <form onSubmit={send} className="mt-3" noValidate>
        {notice?.kind === "provider" && (
          <div className="mb-3">
            <ProviderNotice />
          </div>
        )}
        {notice?.kind === "error" && (
          <p role="alert" className="mb-3 rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
            {notice.text}
          </p>
        )}
        <label htmlFor="chat-input" className="sr-only">
          {t.chat.inputLabel}
        </label>
        <div className="flex items-end gap-2">
          <textarea
            id="chat-input"
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={onKeyDown}
            rows={2}
            placeholder={t.chat.placeholder}
            aria-describedby="chat-input-hint"
            className="input mt-0 max-h-48 min-h-[3.25rem] flex-1 resize-y"
          />
          <button type="submit" className="btn-primary h-[3.25rem] min-w-24" disabled={sending || !draft.trim()}>
            {sending ? t.chat.sending : t.chat.send}
          </button>
        </div>
        <p id="chat-input-hint" className="field-hint">
          {t.chat.inputHint}
        </p>
      </form>
    </div>
  );
}

function localUserMessage(threadId: string, content: string, createdAt: string): MessageJson {
  return {
    id: `local-${createdAt}-${Math.random().toString(36).slice(2)}`,
    thread_id: threadId,
    seq: 0,
    role: "user",
    content,
    status: "ok",
    error: null,
    partial_content: null,
    usage: null,
    latency_ms: null,
    model: null,
    created_at: createdAt,
  };
}

function ChatMessage({ message: m }: { message: MessageJson }) {
  const t = useT();
  const lang = useLang();
  if (m.role === "user") {
    return (
      <div className="flex flex-col items-end">
        <div className="max-w-[85%] rounded-2xl rounded-br-md bg-accent-700 px-4 py-2.5 text-sm break-words whitespace-pre-wrap text-white shadow-sm">
          {m.content}
        </div>
        <p className="mt-1 text-[11px] text-stone-400">
          {t.chat.you} · <LocalTime iso={m.created_at} />
        </p>
      </div>
    );
  }
  if (m.status === "failed" && m.error) {
    return (
      <AssistantFrame time={m.created_at} bare>
        <LlmErrorBox error={m.error} title={t.chat.failedTitle}>
          {m.partial_content && (
            <details className="mt-3 rounded-md border border-red-200 bg-white/70">
              <summary className="cursor-pointer px-3 py-1.5 text-xs font-medium text-red-900">
                {t.chat.partial(m.partial_content.length)}
              </summary>
              <div className="border-t border-red-100 px-3 py-2">
                <Markdown source={m.partial_content} />
              </div>
            </details>
          )}
        </LlmErrorBox>
      </AssistantFrame>
    );
  }
  const meta = [
    m.model,
    m.latency_ms !== null ? formatDuration(m.latency_ms, lang) : null,
    m.usage ? t.chat.tokens(formatNumber(m.usage.total_tokens, lang)) : null,
  ].filter((x): x is string => !!x);
  return (
    <AssistantFrame time={m.created_at} meta={meta.length ? t.chat.meta(meta) : undefined}>
      <Markdown source={m.content} />
    </AssistantFrame>
  );
}

/** The assistant's side of the log: the same frame while writing and once saved, so nothing jumps. */
function AssistantFrame({
  children,
  time,
  meta,
  writing = false,
  bare = false,
}: {
  children: ReactNode;
  time?: string;
  meta?: string;
  writing?: boolean;
  /** No bubble around the content (a failed turn brings its own error box). */
  bare?: boolean;
}) {
  const t = useT();
  return (
    <div className="flex flex-col items-start">
      <div className={bare ? "w-full max-w-[92%]" : "w-full max-w-[92%] rounded-2xl rounded-bl-md border border-stone-200 bg-white px-4 py-3 shadow-xs"}>
        {children}
      </div>
      <p className="mt-1 flex min-h-4 items-center gap-1 text-[11px] text-stone-400">
        <span>{t.chat.assistant}</span>
        {writing ? (
          <span className="text-accent-700"> · {t.chat.writing}</span>
        ) : (
          <>
            {time && (
              <>
                {" · "}
                <LocalTime iso={time} />
              </>
            )}
            {meta && <span> · {meta}</span>}
          </>
        )}
      </p>
    </div>
  );
}
