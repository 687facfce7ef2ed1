"use client";

import { useState } from "react";
import { useT } from "../../_i18n/client";
import type { ArtifactJson } from "../../_components/apiTypes";
import { DiffView } from "../../_components/DiffView";
import { LocalTime } from "../../_components/LocalTime";
import { Markdown } from "../../_components/Markdown";

export interface ArtifactVersion {
  artifact: ArtifactJson;
  label: string;
}

/** The versions of one stage's artifact (every attempt, then the reviewer's edit), oldest first. */
export function stageVersions(
  artifacts: ArtifactJson[],
  stageId: string,
  labels: { attempt: (n: number) => string; edit: (n: number) => string; reused: string },
): ArtifactVersion[] {
  return artifacts
    .filter((a) => a.stage_id === stageId && (a.kind === "stage" || a.kind === "edit"))
    .sort((a, b) => (a.created_at === b.created_at ? (a.kind === "edit" ? 1 : -1) : a.created_at < b.created_at ? -1 : 1))
    .map((a) => ({ artifact: a, label: a.reused_from ? labels.reused : a.kind === "edit" ? labels.edit(a.attempt ?? 0) : labels.attempt(a.attempt ?? 0) }));
}

/** Lists a stage's artifact versions; opens any of them; compares two with a line diff. */
export function ArtifactHistory({ versions, contents }: { versions: ArtifactVersion[]; contents: Record<string, string> }) {
  const t = useT();
  const [open, setOpen] = useState<string | null>(null);
  const [from, setFrom] = useState<string | null>(null);
  const [to, setTo] = useState<string | null>(null);
  if (versions.length === 0) return null;

  const ids = versions.map((v) => v.artifact.id);
  // Defaults: the newest version against the one before it.
  const toId = to && ids.includes(to) ? to : ids[ids.length - 1];
  const fromId = from && ids.includes(from) ? from : ids[Math.max(0, ids.length - 2)];
  const shown = versions.find((v) => v.artifact.id === open);

  return (
    <div className="space-y-3">
      <h3 className="text-sm font-semibold text-stone-900">{t.run.versions}</h3>
      <ul aria-label={t.run.versions} className="divide-y divide-stone-100 rounded-lg border border-stone-200">
        {versions.map((v) => {
          const isOpen = open === v.artifact.id;
          return (
            <li key={v.artifact.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2 text-sm">
              <span className={`font-medium ${v.artifact.kind === "edit" ? "text-accent-800" : "text-stone-800"}`}>{v.label}</span>
              <LocalTime iso={v.artifact.created_at} className="text-xs text-stone-500" />
              <span className="font-mono text-[11px] text-stone-400">{v.artifact.bytes} B</span>
              <button
                type="button"
                className="btn-secondary btn-sm ml-auto"
                aria-pressed={isOpen}
                aria-label={`${t.run.view}: ${v.label}`}
                onClick={() => setOpen(isOpen ? null : v.artifact.id)}
              >
                {isOpen ? t.common.close : t.run.view}
              </button>
            </li>
          );
        })}
      </ul>

      {shown && (
        <section aria-label={`${t.run.viewing}: ${shown.label}`} className="rounded-lg border border-stone-200 bg-stone-50/60">
          <p className="border-b border-stone-200 px-3 py-1.5 text-xs font-medium text-stone-500">
            {t.run.viewing}: {shown.label}
          </p>
          <div className="max-h-[28rem] overflow-auto px-4 py-3">
            {contents[shown.artifact.id] === undefined ? (
              <p className="muted">{t.run.loadingArtifact}</p>
            ) : (
              <Markdown source={contents[shown.artifact.id]} />
            )}
          </div>
        </section>
      )}

      {versions.length > 1 && (
        <div className="rounded-lg border border-stone-200 p-3">
          <h4 className="text-sm font-semibold">{t.run.compareTitle}</h4>
          <div className="mt-2 grid gap-2 sm:grid-cols-2">
            <label className="text-xs text-stone-600">
              {t.run.compareFrom}
              <select className="input mt-1" value={fromId} onChange={(e) => setFrom(e.target.value)}>
                {versions.map((v) => (
                  <option key={v.artifact.id} value={v.artifact.id}>
                    {v.label}
                  </option>
                ))}
              </select>
            </label>
            <label className="text-xs text-stone-600">
              {t.run.compareTo}
              <select className="input mt-1" value={toId} onChange={(e) => setTo(e.target.value)}>
                {versions.map((v) => (
                  <option key={v.artifact.id} value={v.artifact.id}>
                    {v.label}
                  </option>
                ))}
              </select>
            </label>
          </div>
          {contents[fromId] === undefined || contents[toId] === undefined ? (
            <p className="muted mt-3">{t.run.loadingArtifact}</p>
          ) : (
            <DiffView before={contents[fromId]} after={contents[toId]} />
          )}
        </div>
      )}
    </div>
  );
}
