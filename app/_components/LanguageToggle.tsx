"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { useLang, useT } from "../_i18n/client";
import { LANG_COOKIE, LANGS, type Lang } from "../_i18n/dictionaries";

/** Two buttons, one per language; the choice is kept in a cookie the server reads. */
export function LanguageToggle() {
  const t = useT();
  const lang = useLang();
  const router = useRouter();
  const [pending, startTransition] = useTransition();

  function choose(next: Lang) {
    if (next === lang) return;
    document.cookie = `${LANG_COOKIE}=${next}; path=/; max-age=31536000; samesite=lax`;
    startTransition(() => router.refresh());
  }

  return (
    <div role="group" aria-label={t.lang.groupLabel} className="flex rounded-lg border border-stone-200 bg-stone-50 p-0.5">
      {LANGS.map((l) => (
        <button
          key={l}
          type="button"
          lang={l}
          aria-pressed={l === lang}
          aria-label={l === "en" ? t.lang.en : t.lang.pt}
          disabled={pending}
          onClick={() => choose(l)}
          className="rounded-md px-2 py-1 text-xs font-medium text-stone-600 hover:text-stone-900 aria-pressed:bg-white aria-pressed:text-stone-900 aria-pressed:shadow-sm sm:px-2.5"
        >
          {/* A phone's header has one line: the language's code there, its name on wider screens. */}
          <span aria-hidden className="sm:hidden">
            {l === "en" ? "EN" : "PT"}
          </span>
          <span aria-hidden className="hidden sm:inline">
            {l === "en" ? t.lang.en : t.lang.pt}
          </span>
        </button>
      ))}
    </div>
  );
}
