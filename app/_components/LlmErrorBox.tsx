"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { useT } from "../_i18n/client";
import type { LlmErrorJson } from "./apiTypes";

/** Kimi's coding endpoint refuses everything that is not a coding agent it knows (403 access_terminated_error). */
export function isKimiCodingRefusal(e: LlmErrorJson): boolean {
  return (e.code ?? e.kind) === "forbidden" && /access_terminated_error|coding agents/i.test(e.message);
}

/**
 * A classified provider error, as a reader can act on it: what happened and what to do next (both in
 * the interface language), then the provider's own words.
 */
export function LlmErrorBox({
  error,
  title,
  children,
  role,
}: {
  error: LlmErrorJson;
  /** Overrides the localised title of the error kind. */
  title?: string;
  children?: ReactNode;
  role?: "alert";
}) {
  const t = useT();
  const code = error.code ?? error.kind ?? "internal";
  const kimi = isKimiCodingRefusal(error);
  const next = kimi ? t.llmError.kimiCoding : (t.llmError.next[code] ?? null);
  const settingsRelated = kimi || ["auth", "forbidden", "not_found", "network"].includes(code);
  // These come from the server itself, not from the provider.
  const fromServer = ["driver_failed", "storage_failure", "internal"].includes(code);
  return (
    <div role={role} data-testid="llm-error" className="rounded-lg border border-red-200 bg-red-50/70 p-4 text-sm text-red-950">
      <div className="flex flex-wrap items-center gap-2">
        <span aria-hidden className="grid size-5 place-items-center rounded-full bg-red-600 text-[11px] font-bold text-white">
          !
        </span>
        <p className="font-semibold">{title ?? t.llmError.title[code] ?? code}</p>
        <span className="rounded bg-red-100 px-1.5 py-0.5 font-mono text-[11px] text-red-800">
          {t.llmError.code}: {code}
          {error.status ? ` · ${t.llmError.status} ${error.status}` : ""}
        </span>
      </div>
      {title && <p className="mt-2 font-medium">{t.llmError.title[code] ?? code}</p>}
      {next && <p className="mt-2 text-red-900">{next}</p>}
      <dl className="mt-3 space-y-2 border-t border-red-200/70 pt-3 text-xs text-red-900/90">
        <div>
          <dt className="font-medium">{fromServer ? t.llmError.serverSays : t.llmError.providerSays}</dt>
          <dd className="mt-0.5 font-mono break-words whitespace-pre-wrap">{error.message}</dd>
        </div>
        {/* The server's hint is written in English for logs and API clients: the localised advice above replaces it. */}
        {error.hint && !next && (
          <div>
            <dt className="font-medium">{t.llmError.hint}</dt>
            <dd className="mt-0.5 break-words">{error.hint}</dd>
          </div>
        )}
        {error.request_id && (
          <div>
            <dt className="font-medium">{t.llmError.requestId}</dt>
            <dd className="mt-0.5 font-mono">{error.request_id}</dd>
          </div>
        )}
      </dl>
      {children}
      {settingsRelated && (
        <Link href="/settings" className="mt-3 inline-block font-medium text-red-800 underline underline-offset-2 hover:text-red-950">
          {t.llmError.openSettings} →
        </Link>
      )}
    </div>
  );
}
