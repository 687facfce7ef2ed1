"use client";

import Link from "next/link";
import { useT } from "../_i18n/client";

/** Shown where generation is refused because no LLM provider is configured (no API key). */
export function ProviderNotice({ text }: { text?: string }) {
  const t = useT();
  return (
    <div role="alert" data-testid="provider-notice" className="rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
      <p className="font-semibold">{t.provider.notConfiguredTitle}</p>
      <p className="mt-1">{text ?? t.provider.notConfiguredText}</p>
      <Link href="/settings" className="mt-2 inline-block font-medium text-amber-900 underline underline-offset-2">
        {t.provider.howTo} →
      </Link>
    </div>
  );
}
