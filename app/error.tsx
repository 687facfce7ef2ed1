"use client";

import Link from "next/link";
import { useEffect } from "react";
import { useT } from "./_i18n/client";

/** What a reader sees when a page throws: a calm explanation, a retry, and the way home. */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useT();
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <main className="mx-auto max-w-7xl px-4 py-16 sm:px-6">
      <section role="alert" className="card mx-auto max-w-lg px-6 py-10 text-center">
        <p aria-hidden className="mx-auto grid size-10 place-items-center rounded-full bg-red-50 text-lg font-bold text-red-700">
          !
        </p>
        <h1 className="mt-3 text-xl font-semibold">{t.errorPage.title}</h1>
        <p className="mt-2 text-stone-600">{t.errorPage.text}</p>
        {error.digest && <p className="mt-3 font-mono text-xs text-stone-400">{t.errorPage.digest(error.digest)}</p>}
        <div className="mt-6 flex flex-wrap justify-center gap-2">
          <button type="button" className="btn-primary" onClick={reset}>
            {t.errorPage.retry}
          </button>
          <Link href="/" className="btn-secondary">
            {t.errorPage.home}
          </Link>
        </div>
      </section>
    </main>
  );
}
