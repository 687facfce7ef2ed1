"use client";

import { useEffect, useLayoutEffect, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { isSavedReply } from "@/lib/domain/chatMessage";
import { useLang, useT } from "../../_i18n/client";
import { getJson } from "../../_components/api";
import type { MessageJson } from "../../_components/apiTypes";
import { Markdown } from "../../_components/Markdown";
import { providerActivity } from "../../_components/providerActivity";
import { ProviderNotice } from "../../_components/ProviderNotice";
import { useNow } from "../../_components/useNow";
import { AssistantFrame, ChatMessageView } from "./ChatMessageView";
import { useChatStream } from "./useChatStream";

const PAGE = 30;

interface Page {
  items: MessageJson[];
  hasMore: boolean;
  nextBefore: number | null;
}

type Notice = { kind: "provider" } | { kind: "error"; text: string } | { kind: "info"; text: string } | null;

/** After our connection broke mid-reply the server still saves it: how long to keep looking for it. */
const RECOVER_FOR_MS = 120_000;

/**
 * The campaign's chat: the saved history (older pages on demand), a box to write, and the reply
 * streaming in as sanitized markdown. The log has a fixed height and keeps to the bottom while the
 * reader is there, so nothing on the page moves while the model writes.
 */
export function ChatPanel({ threadId, initial }: { threadId: string; initial: Page }) {
  const t = useT();
  const lang = useLang();
  const [messages, setMessages] = useState<MessageJson[]>(initial.items);
  const [older, setOlder] = useState({ hasMore: initial.hasMore, nextBefore: initial.nextBefore });
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [olderFailed, setOlderFailed] = useState(false);
  const [draft, setDraft] = useState("");
  const chat = useChatStream(threadId);
  /** The reply being written (null when none is streaming). */
  const streamText = chat.streamText;
  const [notice, setNotice] = useState<Notice>(null);
  /** What arrived before our connection broke, shown until the saved reply replaces it. */
  const [cutOff, setCutOff] = useState<{ userId: string | null; partial: string } | null>(null);
  const input = useRef<HTMLTextAreaElement>(null);
  const now = useNow(chat.activity.retry !== null);

  // The server finishes and saves a reply whose stream we lost: look for it, then show it.
  useEffect(() => {
    if (!cutOff) return;
    const until = Date.now() + RECOVER_FOR_MS;
    let stopped = false;
    const look = async () => {
      if (stopped) return;
      const res = await getJson<{ messages: { items: MessageJson[] } }>(`/api/v1/threads/${threadId}?limit=${PAGE}`);
      if (stopped) return;
      const latest = res.ok ? res.data.messages.items : [];
      const at = cutOff.userId ? latest.findIndex((m) => m.id === cutOff.userId) : -1;
      const reply = at >= 0 ? latest.slice(at + 1).find((m) => m.role === "assistant") : undefined;
      if (reply) {
        setMessages((list) => (list.some((m) => m.id === reply.id) ? list : [...list, reply]));
        setCutOff(null);
        setNotice(isSavedReply(reply) ? { kind: "info", text: t.chat.recovered } : null);
      } else if (Date.now() < until) setTimeout(look, 1000);
    };
    const first = setTimeout(look, 500);
    return () => {
      stopped = true;
      clearTimeout(first);
    };
  }, [cutOff, threadId, t]);

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
    await sendText(draft);
  }

  async function sendText(text: string) {
    if (!text.trim() || chat.sending) return;
    setNotice(null);
    setCutOff(null);
    follow.current = true;
    // Once the server saved the message the box empties; until then (a refusal) the text stays in it.
    const outcome = await chat.send(text, (user) => {
      setDraft((d) => (d === text ? "" : d));
      setMessages((m) => [...m, user]);
    });
    if (outcome.kind === "saved") setMessages((m) => [...m, outcome.reply]);
    else if (outcome.kind === "refused") {
      if (outcome.code === "provider_not_configured") setNotice({ kind: "provider" });
      else setNotice({ kind: "error", text: `${t.errors.api[outcome.code] ?? outcome.message} ${t.chat.notSent}` });
    } else if (outcome.kind === "broken") {
      setNotice({ kind: "error", text: t.chat.interrupted });
      setCutOff({ userId: outcome.user?.id ?? null, partial: outcome.partial });
    } else setNotice({ kind: "error", text: t.chat.internalError });
  }

  /** The failed turn's message back in the box, to change before sending it again. */
  function editAndResend(text: string) {
    setDraft(text);
    input.current?.focus();
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
            {messages.map((m, i) => {
              // The last turn failed: offer to send its message again, as it was or edited.
              const asked = i === messages.length - 1 && !isSavedReply(m) && m.role === "assistant" ? messages[i - 1] : undefined;
              return (
                <li key={m.id}>
                  <ChatMessageView message={m}>
                    {asked?.role === "user" && (
                      <div className="mt-3 flex flex-wrap gap-2" data-testid="failed-turn-actions">
                        <button type="button" className="btn-primary btn-sm" disabled={chat.sending} onClick={() => void sendText(asked.content)} title={t.chat.retryHint}>
                          {t.chat.retry}
                        </button>
                        <button type="button" className="btn-secondary btn-sm" disabled={chat.sending} onClick={() => editAndResend(asked.content)}>
                          {t.chat.editResend}
                        </button>
                      </div>
                    )}
                  </ChatMessageView>
                </li>
              );
            })}
            {cutOff && !streaming && cutOff.partial && (
              <li>
                <AssistantFrame writing>
                  <div data-testid="chat-cut-off" className="opacity-70">
                    <Markdown source={cutOff.partial} />
                  </div>
                </AssistantFrame>
              </li>
            )}
            {streaming && (
              <li>
                <AssistantFrame writing>
                  <div data-testid="chat-streaming" data-streaming="true" className="min-h-12">
                    {streamText ? (
                      <Markdown source={streamText} />
                    ) : providerActivity(t, lang, chat.activity, now) ? (
                      <p className="pt-1 text-sm text-stone-600" data-testid="chat-activity">
                        {providerActivity(t, lang, chat.activity, now)}
                      </p>
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
        {notice?.kind === "info" && (
          <p role="status" className="mb-3 rounded-lg border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
            {notice.text}
          </p>
        )}
        <label htmlFor="chat-input" className="sr-only">
          {t.chat.inputLabel}
        </label>
        <div className="flex items-end gap-2">
          <textarea
            ref={input}
            id="chat-input"
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={onKeyDown}
            rows={2}
            placeholder={t.chat.placeholder}
            aria-describedby="chat-input-hint"
            className="input mt-0 max-h-48 min-h-[3.25rem] flex-1 resize-y"
          />
          <button type="submit" className="btn-primary h-[3.25rem] min-w-24" disabled={chat.sending || !draft.trim()}>
            {chat.sending ? t.chat.sending : t.chat.send}
          </button>
        </div>
        <p id="chat-input-hint" className="field-hint">
          {t.chat.inputHint}
        </p>
      </form>
    </div>
  );
}
