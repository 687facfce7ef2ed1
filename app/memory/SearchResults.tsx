"use client";

import { useT } from "../_i18n/client";
import type { MemorySearchJson } from "../_components/apiTypes";
import { SnippetCard } from "./SnippetCard";

/** What the search returned: snippets ranked, with the mode that answered. */
export function SearchResults({ result, busy }: { result: MemorySearchJson | null; busy: boolean }) {
  const t = useT();
  return (
    <section aria-labelledby="results-title" className="card card-body" aria-busy={busy}>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="results-title" className="section-title">
          {t.memory.results}
        </h2>
        {result && <p className="text-xs text-stone-500">{t.memory.resultsMeta(result.items.length, t.memory.usedMode[result.mode] ?? result.mode)}</p>}
      </div>
      {!result ? (
        <p className="muted mt-2">{busy ? t.memory.searching : t.memory.notSearched}</p>
      ) : result.items.length === 0 ? (
        <p className="muted mt-2">{t.memory.noResults}</p>
      ) : (
        <ol aria-label={t.memory.results} data-testid="memory-results" className="mt-3 space-y-3">
          {result.items.map((item, i) => (
            <SnippetCard key={item.id} snippet={item} rank={i + 1} />
          ))}
        </ol>
      )}
    </section>
  );
}
