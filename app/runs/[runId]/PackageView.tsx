"use client";

import { useState } from "react";
import { useT } from "../../_i18n/client";
import { Markdown } from "../../_components/Markdown";

/** The consolidated deliverable of a completed run: rendered, copyable, downloadable. */
export function PackageView({ runId, content }: { runId: string; content: string | null }) {
  const t = useT();
  const [copy, setCopy] = useState<"idle" | "done" | "failed">("idle");

  async function copyToClipboard() {
    if (content === null) return;
    try {
      await navigator.clipboard.writeText(content);
      setCopy("done");
    } catch {
      setCopy("failed");
    }
    setTimeout(() => setCopy("idle"), 2500);
  }

  return (
    <section aria-labelledby="package-title" className="card overflow-hidden border-emerald-200">
      <div className="flex flex-wrap items-center justify-between gap-3 border-b border-emerald-100 bg-emerald-50/60 px-5 py-4 sm:px-6">
        <div className="min-w-0">
          <h2 id="package-title" className="section-title">
            {t.run.packageTitle}
          </h2>
          <p className="muted mt-0.5">{t.run.packageIntro}</p>
        </div>
        <div className="flex flex-wrap gap-2">
          <button type="button" className="btn-secondary" onClick={copyToClipboard} disabled={content === null}>
            {copy === "done" ? t.run.copied : copy === "failed" ? t.run.copyFailed : t.run.copy}
          </button>
          <a href={`/api/v1/runs/${runId}/package`} download className="btn-primary">
            {t.run.download}
          </a>
        </div>
        <span aria-live="polite" className="sr-only">
          {copy === "done" ? t.run.copied : copy === "failed" ? t.run.copyFailed : ""}
        </span>
      </div>
      <div data-testid="run-package" className="max-h-[40rem] overflow-auto px-5 py-4 sm:px-6">
        {content === null ? <p className="muted">{t.run.loadingArtifact}</p> : <Markdown source={content} />}
      </div>
    </section>
  );
}
