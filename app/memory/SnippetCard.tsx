"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { useLang, useT } from "../_i18n/client";
import type { SnippetJson } from "../_components/apiTypes";
import { LocalTime } from "../_components/LocalTime";
import { Markdown } from "../_components/Markdown";
import { formatScore } from "../_components/numbers";
import { KIND_TONE, sourceHref } from "../_components/memorySource";

/** One retrieved chunk: rank, score, kind, where it sits, when it was written, its text and a link to its source. */
export function SnippetCard({ snippet: s, rank, marker }: { snippet: SnippetJson; rank: number; marker?: ReactNode }) {
  const t = useT();
  const lang = useLang();
  const href = sourceHref(s);
  const kind = t.memory.kindLabel[s.source_kind] ?? s.source_kind;
  return (
    <li data-testid="snippet" data-kind={s.source_kind} data-id={s.id} className="rounded-lg border border-stone-200 bg-white">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-stone-100 px-3 py-2 text-xs text-stone-500">
        <span className="font-mono text-sm font-semibold text-stone-900" aria-label={t.memory.rankLabel(rank)}>
          #{rank}
        </span>
        <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${KIND_TONE[s.source_kind] ?? "bg-stone-100 text-stone-700 ring-stone-200"}`}>
          {kind}
        </span>
        <span className="tabular-nums" data-testid="snippet-score">
          {t.memory.score} <span className="font-mono font-medium text-stone-800">{formatScore(s.score, lang)}</span>
        </span>
        {s.created_at && <LocalTime iso={s.created_at} withDate />}
        {marker && <span className="ml-auto">{marker}</span>}
      </div>
      <div className="space-y-2 px-3 py-2">
        {s.heading_path && <p className="text-xs font-medium break-words text-stone-700">{s.heading_path}</p>}
        <div className="max-h-64 overflow-auto rounded-md bg-stone-50/70 px-3 py-2">
          <Markdown source={s.text} />
        </div>
        <p className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs">
          {href ? (
            <Link href={href} className="link font-medium" data-testid="snippet-source">
              {t.memory.openSource(kind)} →
            </Link>
          ) : (
            <span className="text-stone-400">{t.memory.noSource}</span>
          )}
          <span className="min-w-0 truncate font-mono text-[11px] text-stone-400" title={s.source_path}>
            {s.source_path}
          </span>
        </p>
      </div>
    </li>
  );
}
