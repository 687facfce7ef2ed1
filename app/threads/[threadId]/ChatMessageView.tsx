"use client";

import type { ReactNode } from "react";
import { isSavedReply } from "@/lib/domain/chatMessage";
import { useLang, useT } from "../../_i18n/client";
import type { MessageJson } from "../../_components/apiTypes";
import { GuardFindings } from "../../_components/GuardFindings";
import { LlmErrorBox } from "../../_components/LlmErrorBox";
import { LocalTime } from "../../_components/LocalTime";
import { Markdown } from "../../_components/Markdown";
import { formatDuration, formatNumber } from "../../_components/numbers";

/** One message of the log: the user's bubble, the assistant's markdown, or a failed turn with what to do. */
export function ChatMessageView({ message: m, children }: { message: MessageJson; children?: ReactNode }) {
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
  if (!isSavedReply(m) && m.error) {
    return (
      <AssistantFrame time={m.created_at} bare>
        <LlmErrorBox error={m.error} title={t.chat.failedTitle}>
          {m.partial_content && (
            <details className="mt-3 rounded-md border border-red-200 bg-white/70">
              <summary className="cursor-pointer px-3 py-1.5 text-xs font-medium text-red-900">{t.chat.partial(m.partial_content.length)}</summary>
              <div className="border-t border-red-100 px-3 py-2">
                <Markdown source={m.partial_content} />
              </div>
            </details>
          )}
          {children}
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
      {m.checks && m.checks.findings.length > 0 && (
        <div className="mt-3">
          <GuardFindings checks={m.checks} compact />
        </div>
      )}
    </AssistantFrame>
  );
}

/** The assistant's side of the log: the same frame while writing and once saved, so nothing jumps. */
export function AssistantFrame({
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
      <div className={bare ? "w-full max-w-[92%]" : "w-full max-w-[92%] rounded-2xl rounded-bl-md border border-stone-200 bg-white px-4 py-3 shadow-xs"}>{children}</div>
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
