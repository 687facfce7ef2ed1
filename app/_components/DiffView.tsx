"use client";

import { diffLines } from "diff";
import { useEffect, useMemo, useRef } from "react";
import { useT } from "../_i18n/client";

type Row = { kind: "add" | "del" | "same" | "hunk" | "meta"; text: string };

const box = "max-h-[28rem] overflow-auto rounded-md border border-stone-200 bg-white font-mono text-[12.5px] leading-relaxed";

function Rows({ rows }: { rows: Row[] }) {
  return rows.map((r, i) =>
    r.kind === "add" ? (
      <ins key={i} className="block bg-emerald-50 pr-3 whitespace-pre-wrap text-emerald-900 no-underline">
        <span aria-hidden className="inline-block w-6 text-center text-emerald-600 select-none">
          +
        </span>
        {r.text}
      </ins>
    ) : r.kind === "del" ? (
      <del key={i} className="block bg-red-50 pr-3 whitespace-pre-wrap text-red-900 no-underline">
        <span aria-hidden className="inline-block w-6 text-center text-red-600 select-none">
          −
        </span>
        {r.text}
      </del>
    ) : r.kind === "hunk" ? (
      <div key={i} className="border-y border-sky-100 bg-sky-50/70 px-2 py-0.5 text-[11px] text-sky-800">
        {r.text}
      </div>
    ) : r.kind === "meta" ? (
      <div key={i} className="px-2 text-[11px] text-stone-400">
        {r.text}
      </div>
    ) : (
      <div key={i} className="pr-3 whitespace-pre-wrap text-stone-600">
        <span aria-hidden className="inline-block w-6 select-none" />
        {r.text}
      </div>
    ),
  );
}

/** A line diff (the `diff` package's diffLines): removed lines in red, added lines in green. */
export function DiffView({
  before,
  after,
  testId = "artifact-diff",
  label,
}: {
  before: string;
  after: string;
  testId?: string;
  label?: string;
}) {
  const t = useT();
  const rows = useMemo(() => {
    const out: Row[] = [];
    for (const part of diffLines(before, after, { ignoreNewlineAtEof: true })) {
      const lines = part.value.replace(/\n$/, "").split("\n");
      const kind = part.added ? "add" : part.removed ? "del" : "same";
      for (const line of lines) out.push({ kind, text: line });
    }
    return out;
  }, [before, after]);
  const added = rows.filter((r) => r.kind === "add").length;
  const removed = rows.filter((r) => r.kind === "del").length;
  const scroller = useRef<HTMLDivElement>(null);
  // A long text changed near its end: open at the first change, not at a page of identical lines.
  useEffect(() => {
    const box = scroller.current;
    const first = box?.querySelector<HTMLElement>("ins, del");
    if (box && first) box.scrollTop = Math.max(0, first.offsetTop - 48);
  }, [rows]);
  if (added === 0 && removed === 0) return <p className="muted mt-3">{t.run.noDiff}</p>;
  return (
    <div className="mt-3">
      <p className="text-xs text-stone-500">{t.run.diffLegend(added, removed)}</p>
      <div ref={scroller} role="region" aria-label={label ?? t.run.diffLabel} data-testid={testId} className={`mt-1 ${box} relative`}>
        <Rows rows={rows} />
      </div>
    </div>
  );
}

/**
 * A unified diff as the API writes it (`diff.createTwoFilesPatch`): + lines green, − lines red, hunk
 * headers in blue; the file header lines are shown small.
 */
export function UnifiedDiff({ patch, label, testId }: { patch: string; label: string; testId?: string }) {
  const rows = useMemo(() => {
    const out: Row[] = [];
    for (const line of patch.replace(/\n$/, "").split("\n")) {
      // "Index:" and "====" only repeat the file name the heading already gives.
      if (/^(Index: |={5,}$)/.test(line)) continue;
      if (/^(--- |\+\+\+ )/.test(line)) out.push({ kind: "meta", text: line });
      else if (line.startsWith("@@")) out.push({ kind: "hunk", text: line });
      else if (line.startsWith("\\")) out.push({ kind: "meta", text: line });
      else if (line.startsWith("+")) out.push({ kind: "add", text: line.slice(1) });
      else if (line.startsWith("-")) out.push({ kind: "del", text: line.slice(1) });
      else out.push({ kind: "same", text: line.slice(1) });
    }
    return out;
  }, [patch]);
  return (
    <div role="region" aria-label={label} data-testid={testId} className={box}>
      <Rows rows={rows} />
    </div>
  );
}
